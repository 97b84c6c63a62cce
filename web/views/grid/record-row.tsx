import { ArrowsAltOutlined } from '@ant-design/icons';
import { memo } from 'react';
import type { DataRecord, FieldDef } from '../../api/types';
import { isNumeric } from '../../fields/field-cell';
import { ValueCell } from '../shared/value-cell';
import { CellEditor } from './cell-editor';

export const SELECT_WIDTH = 40;
export const INDEX_WIDTH = 64;

/** What a row may ask of the grid (stable across renders, so rows stay memoized). */
export interface RowActions {
  open: (r: DataRecord) => void;
  select: (ids: string[], on: boolean) => void;
  activate: (position: number, key: string) => void;
  edit: (r: DataRecord, f: FieldDef) => void;
  cancel: () => void;
  commit: (r: DataRecord, f: FieldDef, v: unknown) => Promise<string | undefined>;
}

/** The rows' words, translated once for all of them. */
export interface RowLabels {
  selectRow: string;
  expand: string;
  rowLoading: string;
}

export interface ColumnInView {
  field: FieldDef;
  width: number;
}

interface RowProps {
  /** The row's record, or undefined while its page is on its way (a placeholder shows). */
  record: DataRecord | undefined;
  /** The row's place in the grid (0-based), and the number it shows. */
  position: number;
  number: number;
  cols: ColumnInView[];
  padLeft: number;
  style: React.CSSProperties;
  selected: boolean;
  activeKey: string | undefined;
  editingKey: string | undefined;
  actions: RowActions;
  labels: RowLabels;
}

const MemoCell = memo(ValueCell);

/**
 * One row of the grid: a record's, or, while its page is on its way, a placeholder with its
 * number and a grey bar in each cell. The same element serves both, so a page arriving fills the
 * rows in place rather than replacing them (memoized: it renders again only when its record,
 * place, columns, selection or editing change).
 */
export const RecordRow = memo(
  function RecordRow({
    record,
    position,
    number,
    cols,
    padLeft,
    style,
    selected,
    activeKey,
    editingKey,
    actions,
    labels,
  }: RowProps) {
    if (!record)
      return (
        <div
          role="row"
          aria-rowindex={position + 2}
          aria-busy="true"
          aria-label={labels.rowLoading}
          className="grid-row placeholder"
          style={style}
          data-row={position}
        >
          <div className="grid-cell grid-select" style={{ width: SELECT_WIDTH }} />
          <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH, left: SELECT_WIDTH }}>
            <span className="grid-index-n">{number}</span>
          </div>
          <div style={{ width: padLeft, flex: 'none' }} />
          {cols.map(({ field: f, width }) => (
            <div key={f.key} role="gridcell" className="grid-cell" style={{ width }}>
              <span className="grid-skeleton" />
            </div>
          ))}
        </div>
      );
    return (
      <div
        role="row"
        aria-rowindex={position + 2}
        className={`grid-row${selected ? ' selected' : ''}`}
        style={style}
        data-record={record.id}
        data-row={position}
      >
        <div className="grid-cell grid-select" style={{ width: SELECT_WIDTH }}>
          {/* Plain inputs in rows: rows mount by the dozen while scrolling, antd's controls are too heavy for that. */}
          <input
            type="checkbox"
            className="grid-check"
            aria-label={labels.selectRow}
            checked={selected}
            onChange={(e) => actions.select([record.id], e.target.checked)}
          />
        </div>
        <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH, left: SELECT_WIDTH }}>
          <span className="grid-index-n">{number}</span>
          <button
            type="button"
            className="grid-expand"
            title={labels.expand}
            aria-label={labels.expand}
            onClick={() => actions.open(record)}
          >
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
              onClick={() => actions.activate(position, f.key)}
              onDoubleClick={() => actions.edit(record, f)}
              onKeyDown={(e) => e.key === 'Enter' && !isEditing && actions.edit(record, f)}
              tabIndex={activeKey === f.key ? 0 : -1}
            >
              {isEditing ? (
                <CellEditor
                  field={f}
                  initial={record.fields[f.key]}
                  onCancel={actions.cancel}
                  onCommit={(v) => actions.commit(record, f, v)}
                />
              ) : (
                <MemoCell field={f} value={record.fields[f.key]} />
              )}
            </div>
          );
        })}
      </div>
    );
  },
  (a, b) =>
    a.record === b.record &&
    a.position === b.position &&
    a.number === b.number &&
    a.cols === b.cols &&
    a.padLeft === b.padLeft &&
    a.style.transform === b.style.transform &&
    a.style.width === b.style.width &&
    a.style.height === b.style.height &&
    a.selected === b.selected &&
    a.activeKey === b.activeKey &&
    a.editingKey === b.editingKey &&
    a.labels === b.labels,
);
