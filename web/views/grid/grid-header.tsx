import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import type { useSortable } from '@dnd-kit/sortable';
import { Checkbox } from 'antd';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../../api/types';
import { isNumeric } from '../../fields/field-cell';
import { nextSort, sortDirection } from './sort';

/** What dnd-kit's useSortable gives a header cell (grid-header-dnd.tsx). */
type Sortable = Pick<
  ReturnType<typeof useSortable>,
  'attributes' | 'listeners' | 'setNodeRef' | 'isDragging'
> & { style: React.CSSProperties };

export interface CellProps {
  field: FieldDef;
  width: number;
  sort: string | undefined;
  onSort: (sort: string | undefined) => void;
  onResizeStart: (e: React.PointerEvent, f: FieldDef) => void;
  /** True just after a drag: the click that ends it must not sort. */
  dragged: React.RefObject<boolean>;
  /** Drag-and-drop, once it has loaded. */
  sortable?: Sortable;
}

export function HeaderCell({ field: f, width, sort, onSort, onResizeStart, dragged, sortable }: CellProps) {
  const { t } = useTranslation();
  const dir = sortDirection(sort, f.key);
  const isDragging = !!sortable?.isDragging;
  return (
    <div
      ref={sortable?.setNodeRef}
      tabIndex={0}
      {...sortable?.attributes}
      {...sortable?.listeners}
      role="columnheader"
      aria-roledescription={t('views.column.sortableHeader')}
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
      data-key={f.key}
      className={`grid-cell grid-head-cell${isNumeric(f) ? ' numeric' : ''}${isDragging ? ' dragging' : ''}`}
      style={{ width, ...sortable?.style }}
      title={`${f.label} · ${t('views.column.dragHeader')}`}
      onClick={() => !dragged.current && onSort(nextSort(sort, f.key))}
      onKeyDown={(e) => {
        sortable?.listeners?.onKeyDown?.(e);
        if (e.key === 'Enter' && !isDragging) onSort(nextSort(sort, f.key));
      }}
    >
      <span className="grid-head-label">{f.label}</span>
      <span className={`grid-sort ${dir ?? ''}`}>
        <CaretUpOutlined className="up" />
        <CaretDownOutlined className="down" />
      </span>
      {/* Its own pointer-down never reaches the cell, so resizing never starts a drag. */}
      <span
        className="grid-resize"
        title={t('views.column.resize')}
        onPointerDown={(e) => onResizeStart(e, f)}
        onClick={(e) => e.stopPropagation()}
      />
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

/** What the headers of the columns in view need, with or without drag-and-drop. */
export type HeadersProps = Pick<
  Props,
  'columns' | 'widths' | 'inView' | 'sort' | 'onSort' | 'onResizeStart' | 'onReorder'
> & { dragged: React.RefObject<boolean> };

type Dnd = typeof import('./grid-header-dnd');
let dnd: Dnd | undefined;
let loading: Promise<Dnd> | undefined;
const loadDnd = () => (loading ??= import('./grid-header-dnd').then((m) => (dnd = m)));

/**
 * dnd-kit, loaded at the first sign that someone is about to use the page (a press, a key, the
 * pointer over the headers or the focus in them) rather than with the first rows.
 */
function useDnd(): Dnd | undefined {
  const [loaded, setLoaded] = useState(dnd);
  useEffect(() => {
    if (loaded) return;
    let live = true;
    const start = () =>
      void loadDnd().then(
        (m) => live && setLoaded(m),
        () => undefined,
      );
    if (loading) return (start(), () => void (live = false));
    const onHeader = (e: Event) => (e.target as Element | null)?.closest?.('.grid-header') && start();
    const events: Array<[string, (e: Event) => void]> = [
      ['pointerdown', start],
      ['keydown', start],
      ['pointerover', onHeader],
      ['focusin', onHeader],
    ];
    for (const [type, fn] of events) window.addEventListener(type, fn, { capture: true, passive: true });
    return () => {
      live = false;
      for (const [type, fn] of events) window.removeEventListener(type, fn, { capture: true });
    };
  }, [loaded]);
  return loaded;
}

/**
 * The header row: select all, the row number, and one header per column in view. Click a header
 * (or press Enter on it) to sort, drag it (or press Space on it, then ← →, then Space) to move the
 * column, drag its right edge to resize it. Memoized: scrolling down the rows leaves it as it is.
 */
export const GridHeader = memo(function GridHeader(props: Props) {
  const { columns, widths, inView, padLeft } = props;
  const { t } = useTranslation();
  const dragged = useRef(false);
  const row = useRef<HTMLDivElement>(null);
  const loaded = useDnd();
  // The headers are new elements once drag-and-drop arrives: the one that had the focus gets it back.
  const focused = useRef<string | undefined>(undefined);
  if (loaded && focused.current === undefined)
    focused.current =
      (document.activeElement as HTMLElement | null)?.closest?.<HTMLElement>('.grid-head-cell')?.dataset
        .key ?? '';
  useLayoutEffect(() => {
    if (!loaded || !focused.current) return;
    row.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(focused.current)}"]`)?.focus();
    focused.current = '';
  }, [loaded]);
  const headers: HeadersProps = {
    columns,
    widths,
    inView,
    sort: props.sort,
    onSort: props.onSort,
    onResizeStart: props.onResizeStart,
    onReorder: props.onReorder,
    dragged,
  };
  return (
    <div className="grid-header" role="row" ref={row}>
      <div className="grid-cell grid-select" style={{ width: props.selectWidth }}>
        <Checkbox
          aria-label={t('views.selectAll')}
          checked={props.allSelected}
          indeterminate={!props.allSelected && props.someSelected}
          onChange={(e) => props.onSelectAll(e.target.checked)}
        />
      </div>
      <div className="grid-cell grid-index" style={{ width: props.indexWidth, left: props.selectWidth }}>
        {t('data.rowNumber')}
      </div>
      <div style={{ width: padLeft, flex: 'none' }} />
      {loaded ? (
        <loaded.SortableHeaders {...headers} />
      ) : (
        inView.map((i) => (
          <HeaderCell
            key={columns[i].key}
            field={columns[i]}
            width={widths[i]}
            sort={props.sort}
            onSort={props.onSort}
            onResizeStart={props.onResizeStart}
            dragged={dragged}
          />
        ))
      )}
    </div>
  );
});
