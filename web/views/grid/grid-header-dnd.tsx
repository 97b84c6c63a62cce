import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  type Modifier,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  SortableContext,
  horizontalListSortingStrategy,
  sortableKeyboardCoordinates,
  useSortable,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { type CellProps, HeaderCell, type HeadersProps } from './grid-header';

/** Headers move along the header row only. */
const alongTheRow: Modifier = ({ transform }) => ({ ...transform, y: 0 });

function SortableHeaderCell(props: CellProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: props.field.key,
  });
  return (
    <HeaderCell
      {...props}
      sortable={{
        attributes,
        listeners,
        setNodeRef,
        isDragging,
        style: { transform: CSS.Translate.toString(transform), transition },
      }}
    />
  );
}

/**
 * The column headers with drag-and-drop (pointer, or Space then ← → then Space), loaded by
 * grid-header.tsx at the first sign of interaction; until then its plain headers show.
 */
export function SortableHeaders({
  columns,
  widths,
  inView,
  sort,
  onSort,
  onResizeStart,
  onReorder,
  dragged,
}: HeadersProps) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    // Space picks a header up and puts it down; Enter sorts, as a click does.
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
    }),
  );
  const ids = useMemo(() => columns.map((f) => f.key), [columns]);
  const label = (id: string | number) => columns.find((f) => f.key === id)?.label ?? String(id);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    // The click that ends a pointer drag comes after this: let it pass unsorted.
    setTimeout(() => (dragged.current = false), 0);
    if (over && active.id !== over.id) onReorder(String(active.id), String(over.id));
  };
  return (
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
          onDragOver: ({ active, over }) =>
            over ? t('views.column.movedOver', { label: label(active.id), over: label(over.id) }) : undefined,
          onDragEnd: ({ active, over }) =>
            over
              ? t('views.column.dropped', { label: label(active.id), over: label(over.id) })
              : t('views.column.cancelled', { label: label(active.id) }),
          onDragCancel: ({ active }) => t('views.column.cancelled', { label: label(active.id) }),
        },
      }}
    >
      <SortableContext items={ids} strategy={horizontalListSortingStrategy}>
        {inView.map((i) => (
          <SortableHeaderCell
            key={columns[i].key}
            field={columns[i]}
            width={widths[i]}
            sort={sort}
            onSort={onSort}
            onResizeStart={onResizeStart}
            dragged={dragged}
          />
        ))}
      </SortableContext>
    </DndContext>
  );
}
