import { CaretDownOutlined, CaretRightOutlined } from '@ant-design/icons';
import { Spin, Tag } from 'antd';
import { type ReactNode, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { DataRecord, FieldDef } from '../../api/types';
import { columnWidth } from '../../fields/field-cell';
import { inlineEditable, isComputed } from '../shared/field-choices';
import { resizedWidth } from './columns';
import { GridHeader } from './grid-header';
import type { GridRow } from './grid-rows';
import {
  type ColumnInView,
  INDEX_WIDTH,
  RecordRow,
  type RowActions,
  type RowLabels,
  SELECT_WIDTH,
} from './record-row';
import { MAX_SCROLL_HEIGHT, columnWindow, rowPlacement, rowWindow, scrollTopFor } from './row-window';
import './grid.css';

/** Every row is this tall (group headers too): positions are arithmetic, which a million rows need. */
const ROW_HEIGHT = 40;
const OVERSCAN = 8;
/** Columns drawn beyond the view on either side. */
const COL_OVERSCAN = 2;
const FIXED = SELECT_WIDTH + INDEX_WIDTH;

/** The rows' box height limit; a browser test lowers it (localStorage) to scale a few thousand rows as a million would be. */
const maxHeight = () =>
  Number(globalThis.localStorage?.getItem('tessera.gridMaxHeight')) || MAX_SCROLL_HEIGHT;

interface Props {
  columns: FieldDef[];
  widths: Record<string, number> | undefined;
  /** Rows in the grid; `rowAt(i)` is row i, or undefined while it is on its way (a placeholder shows). */
  count: number;
  rowAt: (i: number) => GridRow | undefined;
  /** The list on screen (filter, sort, search): another list starts at its top. */
  listKey: string;
  /** The records at hand, for "select all". */
  recordIds: string[];
  loading: boolean;
  /** The rows in view changed (inclusive, without overscan). */
  onRange: (first: number, last: number) => void;
  sort?: string;
  onSort: (sort: string | undefined) => void;
  onResize: (key: string, width: number) => void;
  /** A column header dropped on another's place. */
  onReorder: (active: string, over: string) => void;
  onOpen: (record: DataRecord) => void;
  /** Saves one cell; resolves to an error message or undefined. */
  onEdit: (record: DataRecord, field: FieldDef, value: unknown) => Promise<string | undefined>;
  /** Explains why a cell cannot be edited in place. */
  onNotEditable: (field: FieldDef) => void;
  selected: ReadonlySet<string>;
  onSelect: (ids: string[], on: boolean) => void;
  onToggleGroup: (value: string | null) => void;
  groupLabel: (value: string | null) => ReactNode;
  empty: ReactNode;
}

interface ScrollState {
  top: number;
  left: number;
  /** The height of the rows' part of the box (without the sticky header), and the box's width. */
  viewport: number;
  width: number;
}

/**
 * The scroll box's position and size, kept current. A scroll reads only the position (the sizes
 * come from a ResizeObserver) and renders before the frame is painted, so the rows scrolled into
 * view are drawn in the frame that shows them.
 */
function useScrollState(ref: React.RefObject<HTMLDivElement | null>): ScrollState {
  const [state, setState] = useState<ScrollState>({ top: 0, left: 0, viewport: 0, width: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const header = el.querySelector<HTMLElement>('.grid-header');
    let size = { viewport: 0, width: 0 };
    const update = (sync: boolean) => {
      const next = { top: el.scrollTop, left: el.scrollLeft, ...size };
      const set = () =>
        setState((s) =>
          s.top === next.top && s.left === next.left && s.viewport === next.viewport && s.width === next.width
            ? s
            : next,
        );
      if (sync) flushSync(set);
      else set();
    };
    const measure = () => {
      size = {
        viewport: Math.max(0, el.clientHeight - (header?.offsetHeight ?? ROW_HEIGHT)),
        width: el.clientWidth,
      };
      update(false);
    };
    const onScroll = () => update(true);
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (header) ro.observe(header);
    return () => {
      el.removeEventListener('scroll', onScroll);
      ro.disconnect();
    };
  }, [ref]);
  return state;
}

/**
 * A grid virtualized both ways: only the rows and columns in view are in the DOM. Rows sit at
 * `index × ROW_HEIGHT`, so any row of a million can be shown without the ones before it (past
 * the browsers' height limit the scroll position is scaled, see row-window.ts). Click a cell to
 * select it, double-click or Enter to edit it, the ↗ in the row number opens the record;
 * Ctrl+Home / Ctrl+End go to the first / last row, ↑ ↓ move between rows.
 */
export function RecordGrid(props: Props) {
  const { columns, count, rowAt, loading, sort, selected, onSelect, recordIds } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [liveWidth, setLiveWidth] = useState<{ key: string; width: number }>();
  const [active, setActive] = useState<{ position: number; key: string }>();
  const [editing, setEditing] = useState<{ row: string; key: string }>();
  const focusActive = useRef(false);
  const limit = useMemo(maxHeight, []);

  const widthOf = (f: FieldDef) =>
    liveWidth?.key === f.key ? liveWidth.width : (props.widths?.[f.key] ?? columnWidth(f));
  const widthList = columns.map(widthOf);
  const widthSignature = widthList.join(',');
  // The same array while the widths stay the same: rows compare their columns by identity.
  const widths = useMemo(() => widthList, [widthSignature]); // eslint-disable-line react-hooks/exhaustive-deps

  const scroll = useScrollState(scrollRef);
  const geometry = { count, rowHeight: ROW_HEIGHT, viewport: scroll.viewport, maxHeight: limit };
  const view = rowWindow({ ...geometry, scrollTop: scroll.top });
  const drawn = rowWindow({ ...geometry, scrollTop: scroll.top }, OVERSCAN);
  // Whole pixels: rows stay exactly ROW_HEIGHT apart whatever the scale.
  const shift = Math.round(drawn.shift);

  const { onRange } = props;
  useEffect(() => {
    if (scroll.viewport > 0) onRange(view.first, view.last);
  }, [view.first, view.last, scroll.viewport, onRange]);

  // Another list (filter, sort, search) starts at its top, with nothing selected in it.
  const firstList = useRef(props.listKey);
  useEffect(() => {
    if (firstList.current === props.listKey) return;
    firstList.current = props.listKey;
    scrollRef.current?.scrollTo({ top: 0 });
    setActive(undefined);
  }, [props.listKey]);

  // The sticky select and number columns cover the left of the box: the others share the rest.
  const cols = columnWindow(widths, scroll.left, scroll.width - FIXED, COL_OVERSCAN);
  // Rows re-render only when what they show changes: a vertical scroll leaves these as they are.
  const visibleCols = useMemo(() => {
    const out: ColumnInView[] = [];
    for (let i = cols.first; i <= cols.last; i++)
      if (columns[i]) out.push({ field: columns[i], width: widths[i] });
    return out;
  }, [cols.first, cols.last, columns, widths]);
  const inView = useMemo(() => visibleCols.map((c) => columns.indexOf(c.field)), [visibleCols, columns]);
  const latest = useRef({
    props,
    dblClick: (_r: DataRecord, _f: FieldDef) => {},
    resize: (_e: React.PointerEvent, _f: FieldDef) => {},
  });
  latest.current = { props, dblClick: (r, f) => dblClick(r, f), resize: (e, f) => startResize(e, f) };
  const actions = useMemo<RowActions>(
    () => ({
      open: (r) => latest.current.props.onOpen(r),
      select: (ids, on) => latest.current.props.onSelect(ids, on),
      activate: (position, key) => setActive({ position, key }),
      edit: (r, f) => latest.current.dblClick(r, f),
      cancel: () => setEditing(undefined),
      commit: async (r, f, v) => {
        const problem = await latest.current.props.onEdit(r, f, v);
        if (!problem) setEditing(undefined);
        return problem;
      },
    }),
    [],
  );
  const labels = useMemo<RowLabels>(
    () => ({ selectRow: t('views.selectRow'), expand: t('views.expand'), rowLoading: t('views.rowLoading') }),
    [t],
  );
  const onResizeStart = useCallback((e: React.PointerEvent, f: FieldDef) => latest.current.resize(e, f), []);
  const onSelectAll = useCallback((on: boolean) => onSelect(recordIds, on), [onSelect, recordIds]);

  const totalWidth = FIXED + cols.total;
  const padLeft = cols.start;
  const allSelected = recordIds.length > 0 && recordIds.every((id) => selected.has(id));
  const someSelected = recordIds.some((id) => selected.has(id));

  const startResize = (e: React.PointerEvent, f: FieldDef) => {
    e.preventDefault();
    e.stopPropagation();
    const startX = e.clientX;
    const start = widthOf(f);
    let last = start;
    const move = (ev: PointerEvent) => {
      last = resizedWidth(start, ev.clientX - startX);
      setLiveWidth({ key: f.key, width: last });
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      setLiveWidth(undefined);
      if (last !== start) props.onResize(f.key, last);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const dblClick = (record: DataRecord, f: FieldDef) => {
    if (isComputed(f.type) || !inlineEditable(f.type)) {
      props.onNotEditable(f);
      if (!isComputed(f.type)) props.onOpen(record);
      return;
    }
    setEditing({ row: record.id, key: f.key });
  };

  /** Scrolls row `position` into view and makes its cell in the active column (or the first) the active one. */
  const goTo = (position: number, align: 'start' | 'end' | 'nearest') => {
    const el = scrollRef.current;
    if (!el || count === 0) return;
    const row = Math.min(Math.max(0, position), count - 1);
    el.scrollTop = scrollTopFor({ ...geometry, scrollTop: el.scrollTop }, row, align);
    const key = active?.key && columns.some((c) => c.key === active.key) ? active.key : columns[0]?.key;
    if (key) setActive({ position: row, key });
    focusActive.current = true;
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.target as HTMLElement).closest('.cell-editor, .grid-header') || e.altKey || e.shiftKey) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Home') goTo(0, 'start');
    else if (mod && e.key === 'End') goTo(count - 1, 'end');
    else if (!mod && active && e.key === 'ArrowDown') goTo(active.position + 1, 'nearest');
    else if (!mod && active && e.key === 'ArrowUp') goTo(active.position - 1, 'nearest');
    else return;
    e.preventDefault();
  };

  // A focused cell scrolled out of view leaves the DOM and the focus falls to the page: the grid
  // takes it back, so its keys (Ctrl+Home…) keep working.
  const focusWithin = useRef(false);
  // The row (position) that holds the focus: rows are reused for others as they scroll by.
  const focusedRow = useRef<string>(undefined);
  const onFocus = (e: React.FocusEvent) => {
    focusWithin.current = true;
    focusedRow.current = (e.target as HTMLElement).closest<HTMLElement>('[data-row]')?.dataset.row;
  };
  const onBlur = (e: React.FocusEvent) => {
    const left = e.target;
    if (e.relatedTarget && scrollRef.current?.contains(e.relatedTarget as Node)) return;
    setTimeout(() => (focusWithin.current = !left.isConnected && !e.relatedTarget), 0);
  };
  useEffect(() => {
    if (focusWithin.current && document.activeElement === document.body)
      scrollRef.current?.focus({ preventScroll: true });
  });
  // A focused cell (or checkbox) whose row was reused for a row scrolled into view would act on that
  // row's record: the grid takes the focus back instead.
  useLayoutEffect(() => {
    const row = document.activeElement?.closest<HTMLElement>('[data-row]');
    if (row && scrollRef.current?.contains(row) && row.dataset.row !== focusedRow.current)
      scrollRef.current.focus({ preventScroll: true });
  });

  // The active cell takes the focus once its row is drawn (after Ctrl+End, once its page is here).
  useEffect(() => {
    if (!focusActive.current || !active) return;
    const cell = scrollRef.current?.querySelector<HTMLElement>(
      `[data-row="${active.position}"] .grid-cell.active`,
    );
    if (!cell) return;
    focusActive.current = false;
    cell.focus({ preventScroll: true });
  });

  // Always the same number of rows, keyed by slot rather than position: the row scrolled out of
  // view is the one reused for the row scrolled in (its DOM updated, not built again).
  const slots = Math.ceil(scroll.viewport / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
  const lastDrawn = Math.min(count - 1, drawn.first + slots - 1);
  const firstDrawn = Math.max(0, lastDrawn - slots + 1);
  const placement = rowPlacement(firstDrawn, shift, ROW_HEIGHT);
  // Indexed by slot, not by position: a slot's row keeps its place among its siblings as the view
  // moves (rows are placed by transform), so React updates it in place instead of moving DOM nodes.
  const rows: ReactNode[] = [];
  if (!loading)
    for (let i = firstDrawn; i <= lastDrawn; i++) {
      const row = rowAt(i);
      const slot = i % slots;
      const push = (node: ReactNode) => (rows[slot] = node);
      const style = {
        height: ROW_HEIGHT,
        transform: `translateY(${(i - placement.anchor) * ROW_HEIGHT}px)`,
        width: totalWidth,
      };
      if (!row || row.kind === 'record')
        push(
          <RecordRow
            key={`r${slot}`}
            record={row?.record}
            position={i}
            number={row ? row.index : i + 1}
            cols={visibleCols}
            padLeft={padLeft}
            style={style}
            selected={!!row && selected.has(row.record.id)}
            activeKey={row && active?.position === i ? active.key : undefined}
            editingKey={row && editing?.row === row.record.id ? editing.key : undefined}
            actions={actions}
            labels={labels}
          />,
        );
      else if (row.kind === 'loader')
        push(
          <div key={`l${slot}`} className="grid-row loader" style={style}>
            <div className="grid-cell grid-sticky-note">
              <Spin size="small" /> {t('data.loadingMore')}
            </div>
          </div>,
        );
      else
        push(
          <div
            key={`g${slot}`}
            className="grid-row grid-group-row"
            style={style}
            onClick={() => props.onToggleGroup(row.value)}
          >
            <div className="grid-cell grid-sticky-note">
              {row.collapsed ? <CaretRightOutlined /> : <CaretDownOutlined />}
              {props.groupLabel(row.value)}
              {row.count !== undefined && <Tag className="grid-group-count">{row.count}</Tag>}
            </div>
          </div>,
        );
    }

  return (
    <div
      className="grid-scroll"
      ref={scrollRef}
      role="grid"
      tabIndex={0}
      aria-rowcount={count + 1}
      aria-colcount={columns.length + 2}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      <div style={{ width: totalWidth, minWidth: '100%' }}>
        <GridHeader
          columns={columns}
          widths={widths}
          inView={inView}
          padLeft={padLeft}
          selectWidth={SELECT_WIDTH}
          indexWidth={INDEX_WIDTH}
          allSelected={allSelected}
          someSelected={someSelected}
          onSelectAll={onSelectAll}
          sort={sort}
          onSort={props.onSort}
          onResizeStart={onResizeStart}
          onReorder={props.onReorder}
        />
        {loading ? (
          <div className="grid-empty">
            <Spin />
          </div>
        ) : count === 0 ? (
          <div className="grid-empty">{props.empty}</div>
        ) : (
          <div className="grid-rows" style={{ height: drawn.height }}>
            {/* One transform here places the rows (see rowPlacement): they keep theirs while scrolling. */}
            <div
              className="grid-rows-placed"
              style={placement.offset ? { transform: `translateY(${placement.offset}px)` } : undefined}
            >
              {rows}
            </div>
          </div>
        )}
      </div>
    </div>
  );
}
