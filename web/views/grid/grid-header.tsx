import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { DndContext, type DragEndEvent, KeyboardSensor, type Modifier, PointerSensor, closestCenter, useSensor, useSensors } from '@dnd-kit/core';
import { SortableContext, horizontalListSortingStrategy, sortableKeyboardCoordinates, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Checkbox } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../../api/types';
import { isNumeric } from '../../fields/field-cell';
import { nextSort, sortDirection } from './sort';

/** Headers move along the header row only. */
const alongTheRow: Modifier = ({ transform }) => ({ ...transform, y: 0 });

interface CellProps {
  field: FieldDef;
  width: number;
  sort: string | undefined;
  onSort: (sort: string | undefined) => void;
  onResizeStart: (e: React.PointerEvent, f: FieldDef) => void;
  /** True just after a drag: the click that ends it must not sort. */
  dragged: React.RefObject<boolean>;
}

function HeaderCell({ field: f, width, sort, onSort, onResizeStart, dragged }: CellProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: f.key });
  const dir = sortDirection(sort, f.key);
  return (
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      role="columnheader"
      aria-roledescription={t('views.column.sortableHeader')}
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
      data-key={f.key}
      className={`grid-cell grid-head-cell${isNumeric(f) ? ' numeric' : ''}${isDragging ? ' dragging' : ''}`}
      style={{ width, transform: CSS.Translate.toString(transform), transition }}
      title={`${f.label} · ${t('views.column.dragHeader')}`}
      onClick={() => !dragged.current && onSort(nextSort(sort, f.key))}
      onKeyDown={(e) => {
        listeners?.onKeyDown?.(e);
        if (e.key === 'Enter' && !isDragging) onSort(nextSort(sort, f.key));
      }}
    >
      <span className="grid-head-label">{f.label}</span>
      <span className={`grid-sort ${dir ?? ''}`}>
        <CaretUpOutlined className="up" />
        <CaretDownOutlined className="down" />
      </span>
      {/* Its own pointer-down never reaches the cell, so resizing never starts a drag. */}
      <span className="grid-resize" title={t('views.column.resize')} onPointerDown={(e) => onResizeStart(e, f)} onClick={(e) => e.stopPropagation()} />
    </div>
  );
}

interface Props {
  columns: FieldDef[];
  widths: number[];
  /** Indexes of the columns in view (the others are not in the DOM), and the room left of them. */
  inView: number[];
  padLeft: number;
  selectWidth: number;
  indexWidth: number;
  allSelected: boolean;
  someSelected: boolean;
  onSelectAll: (on: boolean) => void;
  sort: string | undefined;
  onSort: (sort: string | undefined) => void;
  onResizeStart: (e: React.PointerEvent, f: FieldDef) => void;
  /** A header dropped on another's place (the move itself is `moveColumn`). */
  onReorder: (active: string, over: string) => void;
}

/**
 * The header row: select all, the row number, and one header per column in view. Click a header
 * (or press Enter on it) to sort, drag it (or press Space on it, then ← →, then Space) to move the
 * column, drag its right edge to resize it.
 */
export function GridHeader(props: Props) {
  const { columns, widths, inView, padLeft, onReorder } = props;
  const { t } = useTranslation();
  const dragged = useRef(false);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    // Space picks a header up and puts it down; Enter sorts, as a click does.
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates, keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] } }),
  );
  const ids = useMemo(() => columns.map((f) => f.key), [columns]);
  const label = (id: string | number) => columns.find((f) => f.key === id)?.label ?? String(id);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    // The click that ends a pointer drag comes after this: let it pass unsorted.
    setTimeout(() => (dragged.current = false), 0);
    if (over && active.id !== over.id) onReorder(String(active.id), String(over.id));
  };
  return (
    <div className="grid-header" role="row">
      <div className="grid-cell grid-select" style={{ width: props.selectWidth }}>
        <Checkbox aria-label={t('views.selectAll')} checked={props.allSelected} indeterminate={!props.allSelected && props.someSelected} onChange={(e) => props.onSelectAll(e.target.checked)} />
      </div>
      <div className="grid-cell grid-index" style={{ width: props.indexWidth, left: props.selectWidth }}>{t('data.rowNumber')}</div>
      <div style={{ width: padLeft, flex: 'none' }} />
      <DndContext
        sensors={sensors}
        collisionDetection={closestCenter}
        modifiers={[alongTheRow]}
        onDragStart={() => (dragged.current = true)}
        onDragEnd={onDragEnd}
        onDragCancel={() => setTimeout(() => (dragged.current = false), 0)}
        accessibility={{
          screenReaderInstructions: { draggable: t('views.column.dragInstructions') },
          announcements: {
            onDragStart: ({ active }) => t('views.column.pickedUp', { label: label(active.id) }),
            onDragOver: ({ active, over }) => (over ? t('views.column.movedOver', { label: label(active.id), over: label(over.id) }) : undefined),
            onDragEnd: ({ active, over }) => (over ? t('views.column.dropped', { label: label(active.id), over: label(over.id) }) : t('views.column.cancelled', { label: label(active.id) })),
            onDragCancel: ({ active }) => t('views.column.cancelled', { label: label(active.id) }),
          },
        }}
      >
        <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
          {inView.map((i) => (
            <HeaderCell key={columns[i].key} field={columns[i]} width={widths[i]} sort={props.sort} onSort={props.onSort} onResizeStart={props.onResizeStart} dragged={dragged} />
          ))}
        </SortableContext>
      </DndContext>
    </div>
  );
}
