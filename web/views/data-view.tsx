import { ApartmentOutlined, FormOutlined, PlusOutlined, RestOutlined } from '@ant-design/icons';
import { useFormAccess } from '../api/forms';
import { Button, Empty, Input, Space, Typography } from 'antd';
import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useForm, useFormSchema } from '../api/forms';
import { useFormWorkflow } from '../api/record-workflow';
import type { DataRecord } from '../api/types';
import { useViews } from '../api/views';
import { titleKeyOf } from '../pickers/record-titles';
import { errorMessage } from '../records/errors';
import { AnalysisMenu } from '../analysis/analysis-menu';
import { DataTransferButtons } from '../imports/data-transfer';
import { refreshRelativeDates } from './filter/filter-model';
import { GridView } from './grid/grid-view';
import { fieldsInFormOrder } from './grid/columns';
import { defaultGroupField } from './kanban/board';
import { fieldChoices } from './shared/field-choices';
import { plainGridParams } from './plain-grid';
import { useGridPages } from './grid/grid-pages';
import { type DataViewType, ViewBar } from './view-bar';
import './views.css';
import { type ViewConfig, configOf, isDirty, viewsOfType } from './view-config';

// Drawers (and rjsf inside them) load when first opened, keeping the grid's first load small.
const NewRecordDrawer = lazy(() =>
  import('../records/new-record-drawer').then((m) => ({ default: m.NewRecordDrawer })),
);
const RecordDrawer = lazy(() =>
  import('../records/record-drawer').then((m) => ({ default: m.RecordDrawer })),
);
const RecycleBin = lazy(() => import('../records/recycle-bin').then((m) => ({ default: m.RecycleBin })));
// The kanban and calendar (and the drag-and-drop they bring) load when first shown: most visits open the grid.
const KanbanView = lazy(() => import('./kanban/kanban-view').then((m) => ({ default: m.KanbanView })));
const CalendarView = lazy(() =>
  import('./calendar/calendar-view').then((m) => ({ default: m.CalendarView })),
);

// Shown only when the form cannot be loaded.
const Alert = lazy(() => import('antd/es/alert'));

const TYPES: DataViewType[] = ['grid', 'kanban', 'calendar'];

/**
 * The data page of a form: 表格 / 看板 / 日历 over the same records, the saved views of each,
 * search, the record drawer, new records and the recycle bin. The URL keeps the view, the search
 * and the open record (`?type=kanban&view=…&q=…&record=…`).
 */
export function DataView({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const access = useFormAccess(formId).data;
  // Until the answer arrives nothing extra shows; the server refuses what the user may not do anyway.
  const can = (action: 'create' | 'delete' | 'manage' | 'export') => !!access?.actions.includes(action);
  const [params, setParams] = useSearchParams();
  const type = (
    TYPES.includes(params.get('type') as DataViewType) ? params.get('type') : 'grid'
  ) as DataViewType;
  const viewId = params.get('view') ?? undefined;
  const q = params.get('q') ?? undefined;
  const openId = params.get('record') ?? undefined;
  const [creating, setCreating] = useState<{ prefill?: Record<string, unknown> }>();
  const [binOpen, setBinOpen] = useState(false);
  const [total, setTotal] = useState<number>();

  const form = useForm(formId);
  const schema = useFormSchema(formId);
  const workflow = useFormWorkflow(formId).data;
  const views = useViews(formId);
  const def = form.data;
  const fields = useMemo(() => (def ? fieldsInFormOrder(def) : []), [def]);
  const formKeys = useMemo(() => fields.map((f) => f.key), [fields]);
  const choices = useMemo(
    () => fieldChoices(fields, workflow, t, access?.masked),
    [fields, workflow, t, access?.masked],
  );
  const kinds = useMemo(() => new Map(choices.map((c) => [c.key, c.kind])), [choices]);
  const kindOf = useCallback((k: string) => kinds.get(k), [kinds]);

  const ofType = viewsOfType(views.data, type);
  const current = ofType.find((v) => v.id === viewId);
  const saved = useMemo(() => configOf(current, formKeys), [current, formKeys]);
  const [config, setConfig] = useState<ViewConfig>(saved);
  // Another view (or a fresh copy of this one) replaces what is on screen.
  useEffect(() => setConfig(saved), [saved, type]);
  // `?filter=<JSON>` (a dashboard's drill-down) narrows whatever view is on screen.
  const filterParam = params.get('filter');
  useEffect(() => {
    if (!filterParam) return;
    try {
      setConfig((c) => ({ ...c, filter: JSON.parse(filterParam) }));
    } catch {
      /* a malformed link shows the view unfiltered */
    }
  }, [filterParam, saved, type]);
  const dirty = isDirty(config, saved);
  // The grid mounts once the definition is here; the first page of a plain grid (the same query) starts now,
  // alongside the definition. Only until then: afterwards the grid's own query is the one kept fresh.
  const plain = plainGridParams(params);
  useGridPages(formId, plain ?? {}, !!plain && !form.data && !form.isError);

  const setParam = useCallback(
    (changes: Record<string, string | undefined>, push = false) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: !push },
      ),
    [setParams],
  );
  const open = useCallback((r: DataRecord) => setParam({ record: r.id }, true), [setParam]);

  if (form.isError)
    return (
      <Suspense fallback={null}>
        <Alert type="warning" showIcon title={errorMessage(form.error, t)} />
      </Suspense>
    );
  const titleKey = titleKeyOf(def);
  const filter = refreshRelativeDates(config.filter, kindOf);
  const builderLink = can('manage') ? (
    <Link to={`/forms/${formId}/builder`}>
      <Button type="primary" icon={<FormOutlined />}>
        {t('views.openBuilder')}
      </Button>
    </Link>
  ) : null;
  const newButton = can('create') ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({})}>
      {t('data.newRecord')}
    </Button>
  ) : undefined;

  let body: React.ReactNode = null;
  if (def && !fields.length)
    body = (
      <Empty
        className="page-empty"
        description={
          <>
            <div>{t('data.noFields')}</div>
            <Typography.Text type="secondary">{t('data.noFieldsHint')}</Typography.Text>
          </>
        }
      >
        {builderLink}
      </Empty>
    );
  else if (def && type === 'grid')
    body = (
      <GridView
        formId={formId}
        fields={fields}
        choices={choices}
        workflow={workflow}
        config={config}
        onConfig={setConfig}
        q={q}
        onOpen={open}
        onTotal={setTotal}
        emptyAction={newButton}
      />
    );
  else if (def && type === 'kanban') {
    const groupField = config.kanban?.groupField ?? defaultGroupField(fields, !!workflow);
    body = groupField ? (
      <KanbanView
        formId={formId}
        form={def}
        fields={fields}
        schema={schema.data}
        choices={choices}
        workflow={workflow}
        config={config}
        onConfig={setConfig}
        groupField={groupField}
        filter={filter}
        q={q}
        onOpen={open}
      />
    ) : (
      <Empty
        className="page-empty"
        description={
          <>
            <div>{t('views.noKanbanField')}</div>
            <Typography.Text type="secondary">{t('views.noKanbanFieldHint')}</Typography.Text>
          </>
        }
      >
        {builderLink}
      </Empty>
    );
  } else if (def && type === 'calendar') {
    const dateFields = fields.filter((f) => f.type === 'date' || f.type === 'datetime');
    const dateField = dateFields.find((f) => f.key === config.calendar?.dateField) ?? dateFields[0];
    body = dateField ? (
      <CalendarView
        formId={formId}
        fields={fields}
        choices={choices}
        workflow={workflow}
        config={config}
        onConfig={setConfig}
        dateField={dateField}
        titleKey={titleKey}
        filter={filter}
        q={q}
        onOpen={open}
        onCreate={(prefill) => setCreating({ prefill })}
      />
    ) : (
      <Empty
        className="page-empty"
        description={
          <>
            <div>{t('views.noCalendarField')}</div>
            <Typography.Text type="secondary">{t('views.noCalendarFieldHint')}</Typography.Text>
          </>
        }
      >
        {builderLink}
      </Empty>
    );
  }

  return (
    <>
      <div className="page-toolbar">
        <Space size={12} align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {def?.name ?? ''}
          </Typography.Title>
          {type === 'grid' && total !== undefined && (
            <Typography.Text type="secondary" className="record-total">
              {t('data.total', { count: total })}
            </Typography.Text>
          )}
        </Space>
        <Space wrap>
          <Input.Search
            key={formId}
            allowClear
            defaultValue={q}
            placeholder={t('data.searchPlaceholder')}
            style={{ width: 240 }}
            onSearch={(v) => setParam({ q: v.trim() || undefined })}
          />
          {can('delete') && (
            <Button icon={<RestOutlined />} onClick={() => setBinOpen(true)}>
              {t('views.recycleBin')}
            </Button>
          )}
          <AnalysisMenu formId={formId} />
          <DataTransferButtons
            formId={formId}
            filter={filter}
            sort={config.sort}
            q={q}
            fields={config.fields}
            canExport={can('export')}
          />
          {can('manage') && (
            <Link to={`/forms/${formId}/workflow`}>
              <Button icon={<ApartmentOutlined />}>{t('workflow.entry')}</Button>
            </Link>
          )}
          {can('manage') && (
            <Link to={`/forms/${formId}/builder`}>
              <Button icon={<FormOutlined />}>{t('data.design')}</Button>
            </Link>
          )}
          {can('create') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!fields.length}
              onClick={() => setCreating({})}
            >
              {t('data.newRecord')}
            </Button>
          )}
        </Space>
      </div>
      {def && fields.length > 0 && (
        <ViewBar
          formId={formId}
          type={type}
          onType={(v) => setParam({ type: v === 'grid' ? undefined : v, view: undefined })}
          views={ofType}
          current={current}
          onView={(id) => setParam({ view: id })}
          config={config}
          dirty={dirty}
          formKeys={formKeys}
        />
      )}
      <Suspense fallback={null}>{body}</Suspense>
      <Suspense fallback={null}>
        {creating && (
          <NewRecordDrawer
            formId={formId}
            schema={schema.data}
            open
            onClose={() => setCreating(undefined)}
            initial={creating.prefill}
          />
        )}
        {openId && (
          <RecordDrawer
            formId={formId}
            recordId={openId}
            onClose={() => setParam({ record: undefined }, true)}
          />
        )}
        {binOpen && <RecycleBin formId={formId} open={binOpen} onClose={() => setBinOpen(false)} />}
      </Suspense>
    </>
  );
}
