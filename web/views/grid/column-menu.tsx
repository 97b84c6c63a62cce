import { EyeInvisibleOutlined, EyeOutlined, HolderOutlined } from '@ant-design/icons';
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../../api/types';
import { type ColumnLayout, moveColumn } from './columns';

function ColumnItem({ field, hidden, onToggle }: { field: FieldDef; hidden: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: field.key });
  return (
    <div
      ref={setNodeRef}
      className={`column-item${isDragging ? ' dragging' : ''}`}
      style={{ transform: CSS.Translate.toString(transform), transition }}
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        className="field-handle"
        aria-label={t('views.column.dragToReorder')}
        {...attributes}
        {...listeners}
      >
        <HolderOutlined />
      </button>
      <span className={`column-label${hidden ? ' off' : ''}`}>{field.label}</span>
      <Switch
        size="small"
        checked={!hidden}
        onChange={onToggle}
        aria-label={hidden ? t('views.column.show') : t('views.column.hide')}
      />
    </div>
  );
}

interface Props {
  fields: FieldDef[];
  layout: ColumnLayout;
  onChange: (layout: ColumnLayout) => void;
  onReset: () => void;
}

/** Show, hide and reorder columns (drag the handles; the move itself is `moveColumn`). */
export function ColumnMenu({ fields, layout, onChange, onReset }: Props) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id)
      onChange({ ...layout, order: moveColumn(layout.order, String(active.id), String(over.id)) });
  };
  const toggle = (key: string) =>
    onChange({
      ...layout,
      hidden: layout.hidden.includes(key) ? layout.hidden.filter((k) => k !== key) : [...layout.hidden, key],
    });
  return (
    <div className="column-menu">
      <div className="filter-title">
        <Typography.Text strong>{t('views.columns')}</Typography.Text>
        <Space size={0}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            onClick={() => onChange({ ...layout, hidden: [] })}
          >
            {t('views.column.showAll')}
          </Button>
          <Button
            size="small"
            type="link"
            icon={<EyeInvisibleOutlined />}
            onClick={() => onChange({ ...layout, hidden: layout.order.slice(1) })}
          >
            {t('views.column.hideAll')}
          </Button>
          <Button size="small" type="link" onClick={onReset}>
            {t('views.column.reset')}
          </Button>
        </Space>
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={layout.order} strategy={verticalListSortingStrategy}>
          {layout.order.map((key) => {
            const f = byKey.get(key);
            return f ? (
              <ColumnItem
                key={key}
                field={f}
                hidden={layout.hidden.includes(key)}
                onToggle={() => toggle(key)}
              />
            ) : null;
          })}
        </SortableContext>
      </DndContext>
    </div>
  );
}
