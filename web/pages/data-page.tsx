import { FormOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, Space, Typography } from 'antd';
import { Suspense, lazy, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useForm, useFormSchema } from '../api/forms';
import { useRecords } from '../api/records';
import { errorMessage } from '../records/errors';
import { RecordGrid } from '../views/grid/record-grid';

// The drawers (and rjsf inside them) load when first opened, keeping the grid's first load small.
const NewRecordDrawer = lazy(() => import('../records/new-record-drawer').then((m) => ({ default: m.NewRecordDrawer })));
const RecordDrawer = lazy(() => import('../records/record-drawer').then((m) => ({ default: m.RecordDrawer })));

/** `/forms/:formId`: the records of a form in a grid, with search, count, create and detail. */
export default function DataPage() {
  const { formId = '' } = useParams();
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const sort = params.get('sort') ?? undefined;
  const openId = params.get('record') ?? undefined;
  const [creating, setCreating] = useState(false);

  const form = useForm(formId);
  const schema = useFormSchema(formId);
  const query = useMemo(() => ({ q: q || undefined, sort }), [q, sort]);
  const records = useRecords(formId, query);
  const rows = useMemo(() => records.data?.pages.flatMap((p) => p.items) ?? [], [records.data]);
  const total = records.data?.pages[0]?.total;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = records;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const setParam = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key !== 'record' },
    );

  if (form.isError) return <div className="page"><Alert type="warning" showIcon title={errorMessage(form.error, t)} /></div>;
  const def = form.data;
  const fields = def?.fields ?? [];
  const titleKey = def?.titleField ? fields.find((f) => f.id === def.titleField || f.key === def.titleField)?.key : undefined;

  return (
    <div className="page page-fill">
      <div className="page-toolbar">
        <Space size={12} align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>{def?.name ?? ''}</Typography.Title>
          {total !== undefined && <Typography.Text type="secondary">{t('data.total', { count: total })}</Typography.Text>}
        </Space>
        <Space>
          <Input.Search
            key={formId}
            allowClear
            defaultValue={q}
            placeholder={t('data.searchPlaceholder')}
            style={{ width: 260 }}
            onSearch={(v) => setParam('q', v.trim() || undefined)}
          />
          <Link to={`/forms/${formId}/builder`}>
            <Button icon={<FormOutlined />}>{t('data.design')}</Button>
          </Link>
          <Button type="primary" icon={<PlusOutlined />} disabled={!fields.length} onClick={() => setCreating(true)}>
            {t('data.newRecord')}
          </Button>
        </Space>
      </div>
      {def && !fields.length ? (
        <Empty className="page-empty" description={<><div>{t('data.noFields')}</div><Typography.Text type="secondary">{t('data.noFieldsHint')}</Typography.Text></>}>
          <Link to={`/forms/${formId}/builder`}><Button type="primary">{t('data.design')}</Button></Link>
        </Empty>
      ) : (
        <RecordGrid
          fields={fields}
          records={rows}
          loading={records.isLoading || form.isLoading}
          hasMore={!!records.hasNextPage}
          loadingMore={records.isFetchingNextPage}
          onLoadMore={loadMore}
          sort={sort}
          onSort={(s) => setParam('sort', s)}
          onOpen={(r) => setParam('record', r.id)}
        />
      )}
      <Suspense fallback={null}>
        {creating && <NewRecordDrawer formId={formId} schema={schema.data} open={creating} onClose={() => setCreating(false)} />}
        {openId && <RecordDrawer formId={formId} recordId={openId} schema={schema.data} fields={fields} titleKey={titleKey} onClose={() => setParam('record', undefined)} />}
      </Suspense>
    </div>
  );
}
