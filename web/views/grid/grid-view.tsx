import {
  DeleteOutlined,
  EditOutlined,
  GroupOutlined,
  SortAscendingOutlined,
  TableOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Dropdown, Empty, Popover, Space, Tag, Typography } from 'antd';
import { AntApp } from '../../layout/feedback-provider';
import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { deleteRecord, patchRecord, useAggregate, useRecordCount } from '../../api/record-pages';
import type { FormWorkflow } from '../../api/record-workflow';
import type { DataRecord, FieldDef } from '../../api/types';
import { errorMessage } from '../../records/errors';
import { FilterButton } from '../filter/filter-button';
import { countConditions, refreshRelativeDates } from '../filter/filter-model';
import type { FieldChoice } from '../shared/field-choices';
import { refreshRecords, replaceRecordInCaches } from '../shared/record-cache';
import type { ViewConfig } from '../view-config';
import { type ColumnLayout, columnLayout, moveColumn, viewFieldsOf } from './columns';
import { eachLimited } from './each-limited';
import { GRID_PAGE_SIZE, useGridPages } from './grid-pages';
import { gridRows, positionRow } from './grid-rows';
import { BulkEditModal, ColumnMenu, SortBuilder } from './lazy-parts';
import { RecordGrid } from './record-grid';
import { groupedSort, parseSortRules } from './sort';
import { useRecordWindow } from './use-record-window';
import { useSelection } from './use-selection';

interface Props {
  formId: string;
  fields: FieldDef[];
  choices: FieldChoice[];
  workflow: FormWorkflow | null | undefined;
  config: ViewConfig;
  onConfig: (config: ViewConfig) => void;
  q: string | undefined;
  onOpen: (record: DataRecord) => void;
  onTotal: (total: number | undefined) => void;
  /** Shown when the form has no records at all. */
  emptyAction: ReactNode;
}

/**
 * 表格: toolbar (filter, sort, group, fields), the virtualized grid, selection with bulk edit and
 * delete. Ungrouped, rows are read by position (any row of a million is a jump away); grouped, page
 * after page by cursor, since group headers sit between the records.
 */
export function GridView({
  formId,
  fields,
  choices,
  workflow,
  config,
  onConfig,
  q,
  onOpen,
  onTotal,
  emptyAction,
}: Props) {
  const { t } = useTranslation();
  const { message, modal, notification } = AntApp.useApp();
  const qc = useQueryClient();
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);

  const kinds = useMemo(() => new Map(choices.map((c) => [c.key, c.kind])), [choices]);
  const kindOf = useCallback((k: string) => kinds.get(k), [kinds]);

  const formKeys = useMemo(() => fields.map((f) => f.key), [fields]);
  const [layout, setLayoutState] = useState<ColumnLayout>(() => columnLayout(formKeys, config.fields));
  useEffect(() => setLayoutState(columnLayout(formKeys, config.fields)), [formKeys, config.fields]);
  const setLayout = (next: ColumnLayout) => {
    setLayoutState(next);
    onConfig({ ...config, fields: viewFieldsOf(next, formKeys) });
  };
  const byKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);
  const columns = useMemo(
    () =>
      layout.order
        .filter((k) => !layout.hidden.includes(k))
        .map((k) => byKey.get(k)!)
        .filter(Boolean),
    [layout, byKey],
  );

  const groupKey = config.groupBy?.[0];
  const groupChoice = choices.find((c) => c.key === groupKey);
  const filter = useMemo(() => refreshRelativeDates(config.filter, kindOf), [config.filter, kindOf]);
  const sort = groupedSort(config.sort, groupKey);
  const params = useMemo(() => ({ filter, sort, q }), [filter, sort, q]);
  const grouped = !!groupKey;
  const head = useGridPages(formId, params);
  // The first rows show as soon as they are here; the total follows (unless the first page is all there is).
  const firstPage = head.data?.pages[0];
  const complete = !!firstPage && !firstPage.nextCursor;
  const counted = useRecordCount(
    formId,
    useMemo(() => ({ filter, q }), [filter, q]),
    !!firstPage && !complete,
  );
  const total = complete ? firstPage.items.length : counted.data;
  const [range, setRange] = useState({ first: 0, last: 0 });
  // Kept to whole pages: what is fetched changes with them, and the toolbar need not render on every row scrolled.
  const onRange = useCallback((first: number, last: number) => {
    const from = first - (first % GRID_PAGE_SIZE);
    const to = last - (last % GRID_PAGE_SIZE) + GRID_PAGE_SIZE - 1;
    setRange((r) => (r.first === from && r.last === to ? r : { first: from, last: to }));
  }, []);
  const win = useRecordWindow(formId, params, {
    head: firstPage,
    total,
    pageSize: GRID_PAGE_SIZE,
    first: range.first,
    last: range.last,
    enabled: !grouped,
  });
  const counts = useAggregate(formId, { filter, q, groupBy: groupKey ? [groupKey] : undefined }, grouped);
  const countMap = useMemo(
    () =>
      new Map(
        (counts.data ?? []).map((r) => [(r.group[groupKey!] ?? null) as string | null, r.values.count ?? 0]),
      ),
    [counts.data, groupKey],
  );

  const sequential = useMemo(
    () => (grouped ? (head.data?.pages.flatMap((p) => p.items) ?? []) : []),
    [grouped, head.data],
  );
  const loaded = grouped ? sequential : win.loaded;
  useEffect(() => onTotal(total), [total, onTotal]);
  const groupRows = useMemo(
    () =>
      grouped
        ? gridRows(sequential, { groupKey, counts: countMap, collapsed, hasMore: !!head.hasNextPage })
        : [],
    [grouped, sequential, groupKey, countMap, collapsed, head.hasNextPage],
  );
  const { recordAt } = win;
  const rowAt = useCallback(
    (i: number) => (grouped ? groupRows[i] : positionRow(i, recordAt(i))),
    [grouped, groupRows, recordAt],
  );
  // The total comes in a request of its own: until it is here, the first page is the list.
  const count = grouped ? groupRows.length : (total ?? firstPage?.items.length ?? 0);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = head;
  useEffect(() => {
    if (grouped && range.last >= groupRows.length - 30 && hasNextPage && !isFetchingNextPage)
      void fetchNextPage();
  }, [grouped, range.last, groupRows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const listKey = JSON.stringify([params, groupKey]);
  const selection = useSelection(loaded, listKey, grouped);
  const selected = selection.ids;
  const recordIds = useMemo(() => loaded.map((r) => r.id), [loaded]);

  const onEdit = async (record: DataRecord, field: FieldDef, value: unknown): Promise<string | undefined> => {
    try {
      const saved = await patchRecord(formId, record.id, { [field.key]: value }, record.version);
      replaceRecordInCaches(qc, formId, saved);
      message.success(t('views.cellSaved'), 1.2);
      return undefined;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const key = `conflict-${record.id}`;
        notification.warning({
          key,
          title: t('record.conflictTitle'),
          description: t('views.conflict'),
          actions: (
            <Button
              type="primary"
              size="small"
              onClick={() => {
                void refreshRecords(qc, formId);
                notification.destroy(key);
              }}
            >
              {t('common.reload')}
            </Button>
          ),
          duration: 0,
        });
        return undefined;
      }
      if (e instanceof ApiError && e.details.length)
        return e.details.find((d) => d.path === `/fields/${field.key}`)?.message ?? e.details[0].message;
      return errorMessage(e, t);
    }
  };

  const selectedRecords = selection.records;
  const bulkDelete = () =>
    modal.confirm({
      title: t('views.bulkDelete'),
      content: t('views.bulkDeleteConfirm', { count: selectedRecords.length }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        let failed = 0;
        let reason = '';
        await eachLimited(
          selectedRecords,
          4,
          async (r) => {
            try {
              await deleteRecord(formId, r.id);
            } catch (e) {
              failed++;
              reason ||= errorMessage(e, t);
            }
          },
          () => undefined,
        );
        const ok = selectedRecords.length - failed;
        if (failed) message.warning(t('views.bulkPartial', { ok, failed, reason }), 6);
        else message.success(t('views.bulkDeleted', { count: ok }));
        selection.clear();
        await refreshRecords(qc, formId);
      },
    });

  const groupLabel = (value: string | null): ReactNode => {
    if (value === null) return <Typography.Text type="secondary">{t('views.emptyGroup')}</Typography.Text>;
    if (groupKey === 'state') {
      const s = workflow?.states.find((x) => x.key === value);
      return <Tag color={s?.color}>{s?.label ?? value}</Tag>;
    }
    const o = groupChoice?.field?.options?.find((x) => x.value === value);
    return <Tag color={o?.color && o.color !== 'default' ? o.color : undefined}>{o?.label ?? value}</Tag>;
  };

  const filterCount = countConditions(config.filter);
  const sortCount = parseSortRules(config.sort).length;
  const groupable = choices.filter((c) => c.kind === 'option' || c.kind === 'state');
  const filtered = filterCount > 0 || !!q;

  return (
    <div className="grid-view">
      <div className="view-toolbar">
        <Space size={4} wrap>
          <FilterButton
            filter={config.filter}
            onFilter={(f) => onConfig({ ...config, filter: f as ViewConfig['filter'] })}
            choices={choices}
            workflow={workflow}
          />
          <Popover
            trigger="click"
            placement="bottomLeft"
            content={
              <SortBuilder
                sort={config.sort}
                choices={choices}
                onChange={(s) => onConfig({ ...config, sort: s })}
              />
            }
          >
            <Button
              type={sortCount ? 'primary' : 'text'}
              ghost={!!sortCount}
              icon={<SortAscendingOutlined />}
            >
              {sortCount ? t('views.sortCount', { count: sortCount }) : t('views.sort')}
            </Button>
          </Popover>
          <Dropdown
            trigger={['click']}
            menu={{
              selectable: true,
              selectedKeys: [groupKey ?? ''],
              items: [
                { key: '', label: t('views.noGroup') },
                ...(groupable.length
                  ? groupable.map((c) => ({ key: c.key, label: c.label }))
                  : [{ key: '-', label: t('views.noGroupFields'), disabled: true }]),
              ],
              onClick: ({ key }) => {
                setCollapsed(new Set());
                onConfig({ ...config, groupBy: key ? [key] : undefined });
              },
            }}
          >
            <Button type={groupKey ? 'primary' : 'text'} ghost={!!groupKey} icon={<GroupOutlined />}>
              {groupChoice ? t('views.groupBy', { label: groupChoice.label }) : t('views.group')}
            </Button>
          </Dropdown>
          <Popover
            trigger="click"
            placement="bottomLeft"
            content={
              <ColumnMenu
                fields={fields}
                layout={layout}
                onChange={setLayout}
                onReset={() => {
                  setLayoutState(columnLayout(formKeys, undefined));
                  onConfig({ ...config, fields: undefined, widths: undefined });
                }}
              />
            }
          >
            <Button type="text" icon={<TableOutlined />}>
              {layout.hidden.length
                ? t('views.hiddenCount', { count: layout.hidden.length })
                : t('views.columns')}
            </Button>
          </Popover>
        </Space>
        {selected.size > 0 && (
          <Space className="bulk-bar" size={8}>
            <Badge count={selected.size} color="#1677ff" overflowCount={9999} />
            <Typography.Text>{t('views.selected', { count: selected.size })}</Typography.Text>
            <Button size="small" icon={<EditOutlined />} onClick={() => setBulkOpen(true)}>
              {t('views.bulkEdit')}
            </Button>
            <Button size="small" danger icon={<DeleteOutlined />} onClick={bulkDelete}>
              {t('views.bulkDelete')}
            </Button>
            <Button size="small" type="link" onClick={selection.clear}>
              {t('views.clearSelection')}
            </Button>
          </Space>
        )}
      </div>
      <RecordGrid
        columns={columns}
        widths={config.widths}
        count={count}
        rowAt={rowAt}
        listKey={listKey}
        recordIds={recordIds}
        loading={head.isLoading}
        onRange={onRange}
        sort={config.sort}
        onSort={(s) => {
          // A header click on a column the list cannot sort by (a relation, a field shown masked) does nothing.
          const key = s?.replace(/^-/, '');
          if (key && !choices.find((c) => c.key === key)?.sortable) return;
          onConfig({ ...config, sort: s });
        }}
        onResize={(key, width) => onConfig({ ...config, widths: { ...config.widths, [key]: width } })}
        onReorder={(active, over) => setLayout({ ...layout, order: moveColumn(layout.order, active, over) })}
        onOpen={onOpen}
        onEdit={onEdit}
        onNotEditable={(f) =>
          message.info(
            f.type === 'relation' || f.type === 'attachment'
              ? t('views.editInDrawer')
              : t('views.readOnlyCell'),
          )
        }
        selected={selected}
        onSelect={selection.select}
        onToggleGroup={(v) =>
          setCollapsed((prev) => {
            const next = new Set(prev);
            const id = v ?? '';
            if (next.has(id)) next.delete(id);
            else next.add(id);
            return next;
          })
        }
        groupLabel={groupLabel}
        empty={
          filtered ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('views.noMatch')}</div>
                  <Typography.Text type="secondary">{t('views.noMatchHint')}</Typography.Text>
                </>
              }
            >
              {filterCount > 0 && (
                <Button onClick={() => onConfig({ ...config, filter: undefined })}>
                  {t('views.clearFilters')}
                </Button>
              )}
            </Empty>
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <>
                  <div>{t('views.noRecords')}</div>
                  <Typography.Text type="secondary">{t('views.noRecordsHint')}</Typography.Text>
                </>
              }
            >
              {emptyAction}
            </Empty>
          )
        }
      />
      <BulkEditModal
        formId={formId}
        fields={fields}
        records={selectedRecords}
        open={bulkOpen}
        onClose={(changed) => {
          setBulkOpen(false);
          if (changed) void refreshRecords(qc, formId);
        }}
      />
    </div>
  );
}
