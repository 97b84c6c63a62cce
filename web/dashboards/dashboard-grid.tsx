import {
  DndContext,
  type DragEndEvent,
  type DragMoveEvent,
  PointerSensor,
  useDraggable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { DeleteOutlined, DragOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Skeleton, Tooltip } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Widget } from '../api/dashboards';
import { type Cell, COLUMNS, cellsMoved, moveWidget, resizeWidget } from './layout';

/** Row height and gap of the grid, in pixels. */
const ROW = 60;
const GAP = 12;

interface Props {
  widgets: Widget[];
  editing: boolean;
  render: (w: Widget) => ReactNode;
  loading?: boolean;
  onLayout: (widgets: Widget[]) => void;
  onEdit: (w: Widget) => void;
  onRemove: (w: Widget) => void;
}

const area = (c: Cell) => ({ gridColumn: `${c.x + 1} / span ${c.w}`, gridRow: `${c.y + 1} / span ${c.h}` });

/**
 * Widgets on a 12-column grid. While editing, a widget moves by its title bar and resizes by its
 * lower-right corner; the layout math is in layout.ts, this only wires @dnd-kit.
 */
export function DashboardGrid({ widgets, editing, render, loading, onLayout, onEdit, onRemove }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [preview, setPreview] = useState<{ id: string; widgets: Widget[]; kind: 'move' | 'resize' } | null>(
    null,
  );
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }));
  const pitch = () => ({ x: ((box.current?.clientWidth ?? 1200) + GAP) / COLUMNS, y: ROW + GAP });

  const next = (e: DragMoveEvent | DragEndEvent) => {
    const [kind, id] = String(e.active.id).split(':') as ['move' | 'resize', string];
    const w = widgets.find((x) => x.id === id);
    if (!w) return null;
    const p = pitch();
    const { dx, dy } = cellsMoved(e.delta.x, e.delta.y, p.x, p.y);
    const out =
      kind === 'move'
        ? moveWidget(widgets, id, { x: w.layout.x + dx, y: w.layout.y + dy })
        : resizeWidget(widgets, id, { w: w.layout.w + dx, h: w.layout.h + dy });
    return { id, kind, widgets: out };
  };
  const shown = preview?.kind === 'resize' ? preview.widgets : widgets;
  const target =
    preview?.kind === 'move' ? preview.widgets.find((w) => w.id === preview.id)?.layout : undefined;

  return (
    <DndContext
      sensors={sensors}
      onDragMove={(e) => setPreview(next(e))}
      onDragCancel={() => setPreview(null)}
      onDragEnd={(e) => {
        const r = next(e);
        setPreview(null);
        if (
          r &&
          JSON.stringify(r.widgets.map((w) => w.layout)) !== JSON.stringify(widgets.map((w) => w.layout))
        )
          onLayout(r.widgets);
      }}
    >
      <div
        ref={box}
        className={`dashboard-grid${editing ? ' editing' : ''}`}
        style={{ gridAutoRows: ROW, gap: GAP }}
      >
        {target && <div className="widget-drop-target" style={area(target)} />}
        {shown.map((w) => (
          <WidgetBox
            key={w.id}
            widget={w}
            editing={editing}
            loading={loading}
            onEdit={() => onEdit(w)}
            onRemove={() => onRemove(w)}
          >
            {render(w)}
          </WidgetBox>
        ))}
      </div>
    </DndContext>
  );
}

function WidgetBox({
  widget,
  editing,
  loading,
  onEdit,
  onRemove,
  children,
}: {
  widget: Widget;
  editing: boolean;
  loading?: boolean;
  onEdit: () => void;
  onRemove: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const move = useDraggable({ id: `move:${widget.id}`, disabled: !editing });
  const resize = useDraggable({ id: `resize:${widget.id}`, disabled: !editing });
  const style = {
    ...area(widget.layout),
    transform: move.transform ? `translate(${move.transform.x}px, ${move.transform.y}px)` : undefined,
    zIndex: move.isDragging ? 10 : undefined,
  };
  return (
    <div
      ref={move.setNodeRef}
      style={style}
      className={`widget-box${move.isDragging ? ' dragging' : ''}`}
      data-testid="widget"
    >
      <Card
        size="small"
        className="widget-card"
        title={
          <div
            className="widget-title"
            ref={move.setActivatorNodeRef}
            {...(editing ? { ...move.listeners, ...move.attributes } : {})}
          >
            {editing && <DragOutlined className="widget-drag" />}
            <span>{widget.title}</span>
          </div>
        }
        extra={
          <span className="widget-actions">
            <Tooltip title={t('dashboards.editWidget')}>
              <Button
                type="text"
                size="small"
                icon={<EditOutlined />}
                onClick={onEdit}
                aria-label={t('dashboards.editWidget')}
              />
            </Tooltip>
            {editing && (
              <Tooltip title={t('dashboards.removeWidget')}>
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={onRemove}
                  aria-label={t('dashboards.removeWidget')}
                />
              </Tooltip>
            )}
          </span>
        }
      >
        <div className="widget-body">
          {loading ? <Skeleton active paragraph={{ rows: 2 }} title={false} /> : children}
        </div>
      </Card>
      {editing && (
        <div
          ref={resize.setNodeRef}
          className="widget-resize"
          {...resize.listeners}
          {...resize.attributes}
          aria-label="resize"
        />
      )}
    </div>
  );
}
