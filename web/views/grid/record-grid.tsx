import { CaretDownOutlined, CaretUpOutlined } from '@ant-design/icons';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Empty, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DataRecord, FieldDef } from '../../api/types';
import { FieldCell, columnWidth, isNumeric } from '../../fields/field-cell';
import { nextSort, sortDirection } from './sort';

const ROW_HEIGHT = 40;
const INDEX_WIDTH = 64;

interface Props {
  fields: FieldDef[];
  records: DataRecord[];
  hasMore: boolean;
  loadingMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  sort?: string;
  onSort: (sort: string | undefined) => void;
  onOpen: (record: DataRecord) => void;
}

/** A virtualized grid: only the rows in view are in the DOM; the next page loads near the end. */
export function RecordGrid({ fields, records, hasMore, loadingMore, loading, onLoadMore, sort, onSort, onOpen }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rowCount = records.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({ count: rowCount, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= records.length - 20 && hasMore && !loadingMore) onLoadMore();
  }, [last, records.length, hasMore, loadingMore, onLoadMore]);

  const widths = fields.map(columnWidth);
  const totalWidth = INDEX_WIDTH + widths.reduce((a, b) => a + b, 0);

  return (
    <div className="grid-scroll" ref={scrollRef} role="grid" aria-rowcount={rowCount + 1}>
      <div style={{ width: totalWidth, minWidth: '100%' }}>
        <div className="grid-header" role="row">
          <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH }}>{t('data.rowNumber')}</div>
          {fields.map((f, i) => {
            const dir = sortDirection(sort, f.key);
            return (
              <div
                key={f.key}
                role="columnheader"
                aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                className={`grid-cell grid-head-cell${isNumeric(f) ? ' numeric' : ''}`}
                style={{ width: widths[i] }}
                title={f.label}
                onClick={() => onSort(nextSort(sort, f.key))}
              >
                <span className="grid-head-label">{f.label}</span>
                <span className={`grid-sort ${dir ?? ''}`}>
                  <CaretUpOutlined className="up" />
                  <CaretDownOutlined className="down" />
                </span>
              </div>
            );
          })}
        </div>
        {loading ? (
          <div className="grid-empty"><Spin /></div>
        ) : records.length === 0 ? (
          <div className="grid-empty"><Empty description={t('data.noRecords')} image={Empty.PRESENTED_IMAGE_SIMPLE} /></div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((row) => {
              const record = records[row.index];
              return (
                <div
                  key={row.key}
                  role="row"
                  className={`grid-row${record ? '' : ' loader'}`}
                  style={{ height: row.size, transform: `translateY(${row.start}px)` }}
                  onClick={() => record && onOpen(record)}
                >
                  {record ? (
                    <>
                      <div className="grid-cell grid-index" style={{ width: INDEX_WIDTH }}>{row.index + 1}</div>
                      {fields.map((f, i) => (
                        <div key={f.key} role="gridcell" className={`grid-cell${isNumeric(f) ? ' numeric' : ''}`} style={{ width: widths[i] }}>
                          <FieldCell field={f} value={record.fields[f.key]} />
                        </div>
                      ))}
                    </>
                  ) : (
                    <div className="grid-cell"><Spin size="small" /> {t('data.loadingMore')}</div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
