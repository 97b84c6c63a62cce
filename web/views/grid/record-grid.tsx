import { ArrowsAltOutlined, CaretDownOutlined, CaretRightOutlined, CaretUpOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Checkbox, Spin, Tag } from 'antd';
import { type ReactNode, memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataRecord, FieldDef } from '../../api/types';
import { columnWidth, isNumeric } from '../../fields/field-cell';
import { COMPUTED, INLINE_EDITABLE } from '../shared/field-choices';
import { ValueCell } from '../shared/value-cell';
import { CellEditor } from './cell-editor';
import { resizedWidth } from './columns';
import type { GridRow } from './grid-rows';
import { nextSort, sortDirection } from './sort';

const ROW_HEIGHT = 40;
const GROUP_HEIGHT = 38;
const SELECT_WIDTH = 40;
const INDEX_WIDTH = 64;
const FIXED = SELECT_WIDTH + INDEX_WIDTH;

interface Props {
  columns: FieldDef[];
  widths: Record<string, number> | undefined;
  rows: GridRow[];
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  sort?: string;
  onSort: (sort: string | undefined) => void;
  onResize: (key: string, width: number) => void;
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

/**
 * A grid virtualized both ways: only the rows and columns in view are in the DOM, the next page of
 * records loads (by cursor) as the end comes near. Click a cell to select it, double-click to edit
 * it, the ↗ in the row number opens the record.
 */
export function RecordGrid(props: Props) {
  const { columns, rows, loading, hasMore, loadingMore, onLoadMore, sort, onSort, selected, onSelect } = props;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [liveWidth, setLiveWidth] = useState<{ key: string; width: number }>();
  const [active, setActive] = useState<{ row: string; key: string }>();
  const [editing, setEditing] = useState<{ row: string; key: string }>();

  const widthOf = (f: FieldDef) => (liveWidth?.key === f.key ? liveWidth.width : (props.widths?.[f.key] ?? columnWidth(f)));
  const widths = columns.map(widthOf);
  const widthSignature = widths.join(',');

  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? GROUP_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 10,
  });
  const colVirtualizer = useVirtualizer({
    horizontal: true,
    count: columns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => widths[i] ?? 180,
    getItemKey: (i) => columns[i]?.key ?? i,
    overscan: 2,
  });
  useLayoutEffect(() => colVirtualizer.measure(), [widthSignature, colVirtualizer]);
  useLayoutEffect(() => rowVirtualizer.measure(), [rows, rowVirtualizer]);

  const vRows = rowVirtualizer.getVirtualItems();
  const vCols = colVirtualizer.getVirtualItems();
  const lastRow = vRows[vRows.length - 1];
  useEffect(() => {
    if (lastRow && lastRow.index >= rows.length - 30 && hasMore && !loadingMore) onLoadMore();
  }, [lastRow, rows.length, hasMore, loadingMore, onLoadMore]);

  const colsKey = vCols.map((vc) => `${vc.index}:${widths[vc.index]}`).join('|');
  // Rows re-render only when what they show changes: scrolling down mounts new rows, the others stay.
  const visibleCols = useMemo(() => vCols.map((vc) => ({ field: columns[vc.index], width: widths[vc.index] })), [colsKey, columns]); // eslint-disable-line react-hooks/exhaustive-deps
  const latest = useRef({ props, dblClick: (_r: DataRecord, _f: FieldDef) => {} });
  latest.current = { props, dblClick: (r, f) => dblClick(r, f) };
  const actions = useMemo<RowActions>(() => ({
    open: (r) => latest.current.props.onOpen(r),
    select: (ids, on) => latest.current.props.onSelect(ids, on),
    activate: (row, key) => setActive({ row, key }),
    edit: (r, f) => latest.current.dblClick(r, f),
    cancel: () => setEditing(undefined),
    commit: async (r, f, v) => {
      const problem = await latest.current.props.onEdit(r, f, v);
      if (!problem) setEditing(undefined);
      return problem;
    },
  }), []);

  const totalWidth = FIXED + colVirtualizer.getTotalSize();
  const padLeft = vCols[0]?.start ?? 0;
  const recordIds = useMemo(() => rows.flatMap((r) => (r.kind === 'record' ? [r.record.id] : [])), [rows]);
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
    if (COMPUTED.has(f.type) || !INLINE_EDITABLE.has(f.type)) {
      props.onNotEditable(f);
      if (!COMPUTED.has(f.type)) props.onOpen(record);
      return;
    }
    setEditing({ row: record.id, key: f.key });
  };

  return (
    <div className="grid-scroll" ref={scrollRef} role="grid" aria-rowcount={rows.length + 1} aria-colcount={columns.length + 1}>
      <div style={{ width: totalWidth, minWidth: '100%' }}>
        <div className="grid-header" role="row">
          <div className="grid-cell grid-select" style={{ width: SELECT_WIDTH }}>
            <Checkbox aria-label={t('views.selectAll')} checked={allSelected} indeterminate={!allSelected && someSelected} onChange={(e) => onSelect(recordIds, e.target.checked)} />
          </div>
          <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH, left: SELECT_WIDTH }}>{t('data.rowNumber')}</div>
          <div style={{ width: padLeft, flex: 'none' }} />
          {vCols.map((vc) => {
            const f = columns[vc.index];
            const dir = sortDirection(sort, f.key);
            return (
              <div
                key={f.key}
                role="columnheader"
                aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                className={`grid-cell grid-head-cell${isNumeric(f) ? ' numeric' : ''}`}
                style={{ width: widths[vc.index] }}
                title={f.label}
                onClick={() => onSort(nextSort(sort, f.key))}
              >
                <span className="grid-head-label">{f.label}</span>
                <span className={`grid-sort ${dir ?? ''}`}>
                  <CaretUpOutlined className="up" />
                  <CaretDownOutlined className="down" />
                </span>
                <span className="grid-resize" title={t('views.column.resize')} onPointerDown={(e) => startResize(e, f)} onClick={(e) => e.stopPropagation()} />
              </div>
            );
          })}
        </div>
        {loading ? (
          <div className="grid-empty"><Spin /></div>
        ) : rows.length === 0 ? (
          <div className="grid-empty">{props.empty}</div>
        ) : (
          <div style={{ height: rowVirtualizer.getTotalSize(), position: 'relative' }}>
            {vRows.map((vr) => {
              const row = rows[vr.index];
              const style = { height: vr.size, transform: `translateY(${vr.start}px)`, width: totalWidth };
              if (row.kind === 'loader')
                return (
                  <div key={row.key} className="grid-row loader" style={style}>
                    <div className="grid-cell grid-sticky-note"><Spin size="small" /> {t('data.loadingMore')}</div>
                  </div>
                );
              if (row.kind === 'group')
                return (
                  <div key={row.key} className="grid-row grid-group-row" style={style} onClick={() => props.onToggleGroup(row.value)}>
                    <div className="grid-cell grid-sticky-note">
                      {row.collapsed ? <CaretRightOutlined /> : <CaretDownOutlined />}
                      {props.groupLabel(row.value)}
                      {row.count !== undefined && <Tag className="grid-group-count">{row.count}</Tag>}
                    </div>
                  </div>
                );
              return (
                <RecordRow key={row.key} row={row} cols={visibleCols} padLeft={padLeft} style={style} selected={selected.has(row.record.id)}
                  activeKey={active?.row === row.record.id ? active.key : undefined} editingKey={editing?.row === row.record.id ? editing.key : undefined} actions={actions} />
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

interface RowActions {
  open: (r: DataRecord) => void;
  select: (ids: string[], on: boolean) => void;
  activate: (row: string, key: string) => void;
  edit: (r: DataRecord, f: FieldDef) => void;
  cancel: () => void;
  commit: (r: DataRecord, f: FieldDef, v: unknown) => Promise<string | undefined>;
}

interface RowProps {
  row: Extract<GridRow, { kind: 'record' }>;
  cols: Array<{ field: FieldDef; width: number }>;
  padLeft: number;
  style: React.CSSProperties;
  selected: boolean;
  activeKey: string | undefined;
  editingKey: string | undefined;
  actions: RowActions;
}

/** One record's row (memoized: it renders again only when its record, columns, selection or editing change). */
const RecordRow = memo(function RecordRow({ row, cols, padLeft, style, selected, activeKey, editingKey, actions }: RowProps) {
  const { t } = useTranslation();
  const record = row.record;
  return (
    <div role="row" className={`grid-row${selected ? ' selected' : ''}`} style={style} data-record={record.id}>
      <div className="grid-cell grid-select" style={{ width: SELECT_WIDTH }}>
        {/* Plain inputs in rows: rows mount by the dozen while scrolling, antd's controls are too heavy for that. */}
        <input type="checkbox" className="grid-check" aria-label={t('views.selectRow')} checked={selected} onChange={(e) => actions.select([record.id], e.target.checked)} />
      </div>
      <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH, left: SELECT_WIDTH }}>
        <span className="grid-index-n">{row.index}</span>
        <button type="button" className="grid-expand" title={t('views.expand')} aria-label={t('views.expand')} onClick={() => actions.open(record)}>
          <ArrowsAltOutlined />
        </button>
      </div>
      <div style={{ width: padLeft, flex: 'none' }} />
      {cols.map(({ field: f, width }) => {
        const isEditing = editingKey === f.key;
        return (
          <div
            key={f.key}
            role="gridcell"
            className={`grid-cell${isNumeric(f) ? ' numeric' : ''}${activeKey === f.key ? ' active' : ''}${isEditing ? ' editing' : ''}`}
            style={{ width }}
            onClick={() => actions.activate(record.id, f.key)}
            onDoubleClick={() => actions.edit(record, f)}
            onKeyDown={(e) => e.key === 'Enter' && !isEditing && actions.edit(record, f)}
            tabIndex={activeKey === f.key ? 0 : -1}
          >
            {isEditing ? (
              <CellEditor field={f} initial={record.fields[f.key]} onCancel={actions.cancel} onCommit={(v) => actions.commit(record, f, v)} />
            ) : (
              <MemoCell field={f} value={record.fields[f.key]} />
            )}
          </div>
        );
      })}
    </div>
  );
}, (a, b) => a.row.record === b.row.record && a.row.index === b.row.index && a.cols === b.cols && a.padLeft === b.padLeft && a.style.transform === b.style.transform
  && a.style.width === b.style.width && a.style.height === b.style.height && a.selected === b.selected && a.activeKey === b.activeKey && a.editingKey === b.editingKey);

const MemoCell = memo(ValueCell);
