import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Badge, Button, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { type RecordsParams, useRecordPages } from '../../api/record-pages';
import type { FormWorkflow } from '../../api/record-workflow';
import type { DataRecord, FieldDef } from '../../api/types';
import { andFilters } from '../filter/filter-model';
import { type KanbanColumn, columnFilter } from './board';
import { KanbanCard } from './kanban-card';

const PAGE = 20;
const colors: Record<string, string> = {
  default: '#bfbfbf',
  blue: '#1677ff',
  green: '#52c41a',
  gold: '#faad14',
  red: '#f5222d',
  purple: '#722ed1',
  cyan: '#13c2c2',
  orange: '#fa8c16',
  magenta: '#eb2f96',
  lime: '#a0d911',
  geekblue: '#2f54eb',
  volcano: '#fa541c',
};

interface Props {
  formId: string;
  column: KanbanColumn;
  groupField: string;
  base: RecordsParams;
  count: number | undefined;
  /** Card ids to show, in order (the server's plus moves still pending). */
  ids: string[] | undefined;
  records: Map<string, DataRecord>;
  onLoaded: (column: string, records: DataRecord[]) => void;
  titleKey: string | undefined;
  cardFields: FieldDef[];
  workflow: FormWorkflow | null | undefined;
  onOpen: (record: DataRecord) => void;
}

/** One column: its own pages of records (filter `groupField = column`, by cursor), 加载更多 for the next. */
export function KanbanColumnView({
  formId,
  column,
  groupField,
  base,
  count,
  ids,
  records,
  onLoaded,
  titleKey,
  cardFields,
  workflow,
  onOpen,
}: Props) {
  const { t } = useTranslation();
  const pages = useRecordPages(
    formId,
    { ...base, filter: andFilters(base.filter, columnFilter(groupField, column.key)) },
    PAGE,
  );
  const loaded = pages.data?.pages;
  useEffect(() => {
    if (loaded)
      onLoaded(
        column.key,
        loaded.flatMap((p) => p.items),
      );
  }, [loaded, column.key, onLoaded]);
  const { setNodeRef, isOver } = useDroppable({ id: `col:${column.key}`, data: { column: column.key } });
  const shown = ids ?? [];
  const color = column.color ? (colors[column.color] ?? column.color) : '#bfbfbf';
  return (
    <section className={`kanban-column${isOver ? ' over' : ''}`} aria-label={column.label}>
      <header className="kanban-column-head" style={{ borderTopColor: color }}>
        <span className="kanban-dot" style={{ background: color }} />
        <Typography.Text strong ellipsis className="kanban-column-title">
          {column.label}
        </Typography.Text>
        <Badge
          count={count ?? pages.data?.pages[0]?.total ?? 0}
          showZero
          color="#f0f0f0"
          style={{ color: 'rgba(0,0,0,.65)' }}
          overflowCount={99999}
        />
      </header>
      <div ref={setNodeRef} className="kanban-column-body">
        {pages.isLoading ? (
          <div className="kanban-loading">
            <Spin size="small" />
          </div>
        ) : (
          <SortableContext items={shown} strategy={verticalListSortingStrategy}>
            {shown.map((id) => {
              const r = records.get(id);
              return r ? (
                <KanbanCard
                  key={id}
                  formId={formId}
                  record={r}
                  column={column.key}
                  titleKey={titleKey}
                  cardFields={cardFields}
                  workflow={workflow}
                  onOpen={onOpen}
                />
              ) : null;
            })}
            {shown.length === 0 && <div className="kanban-empty">{t('kanban.noCards')}</div>}
          </SortableContext>
        )}
        {pages.hasNextPage && (
          <Button
            block
            type="dashed"
            size="small"
            loading={pages.isFetchingNextPage}
            onClick={() => void pages.fetchNextPage()}
            className="kanban-more"
          >
            {t('kanban.loadMore')}
          </Button>
        )}
      </div>
    </section>
  );
}
