import { DeleteOutlined } from '@ant-design/icons';
import { App as AntApp, Alert, Button, Drawer, Popconfirm, Space, Spin, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useDeleteRecord, useRecord, useUpdateRecord } from '../api/records';
import type { FieldDef, FormSchema } from '../api/types';
import { errorMessage } from './errors';
import { HistoryTimeline } from './history-timeline';
import { LazyRecordForm as RecordForm } from './lazy-record-form';
import type { RecordFormHandle } from './record-form';
import { type ErrorTree, detailsToErrorSchema, formDataOf, valuesToSend } from './record-values';

interface Props {
  formId: string;
  recordId: string | undefined;
  schema: FormSchema | undefined;
  fields: FieldDef[];
  titleKey?: string;
  onClose: () => void;
}

/** One record: edit it (PATCH with its version; a 409 offers a reload) and see its history. */
export function RecordDrawer({ formId, recordId, schema, fields, titleKey, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const record = useRecord(formId, recordId);
  const update = useUpdateRecord(formId);
  const remove = useDeleteRecord(formId);
  const formRef = useRef<RecordFormHandle>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [extraErrors, setExtraErrors] = useState<ErrorTree | undefined>();
  const [conflict, setConflict] = useState(false);

  const loaded = record.data;
  useEffect(() => {
    if (loaded) setData(formDataOf(loaded.fields));
    setExtraErrors(undefined);
  }, [loaded]);

  const submit = (formData: Record<string, unknown>) => {
    if (!schema || !loaded) return;
    const changed = valuesToSend(formData, schema, loaded.fields);
    if (!Object.keys(changed).length) {
      message.info(t('record.noChanges'));
      return;
    }
    update.mutate(
      { id: loaded.id, fields: changed, version: loaded.version },
      {
        onSuccess: () => {
          setExtraErrors(undefined);
          message.success(t('record.saved'));
        },
        onError: (e) => {
          if (e instanceof ApiError && e.status === 409) setConflict(true);
          else if (e instanceof ApiError && e.details.length) {
            setExtraErrors(detailsToErrorSchema(e.details).errors);
            message.error(t('record.invalid'));
          } else message.error(errorMessage(e, t));
        },
      },
    );
  };

  const reload = async () => {
    setConflict(false);
    const fresh = await record.refetch();
    if (fresh.data) setData(formDataOf(fresh.data.fields));
  };

  const title = loaded && titleKey && loaded.fields[titleKey] ? String(loaded.fields[titleKey]) : t('record.detailTitle');

  return (
    <Drawer
      title={title}
      open={!!recordId}
      onClose={() => {
        setConflict(false);
        onClose();
      }}
      size={720}
      destroyOnHidden
      extra={
        <Space>
          <Popconfirm
            title={t('record.deleteConfirm')}
            onConfirm={() =>
              loaded &&
              remove.mutate(loaded.id, {
                onSuccess: () => {
                  message.success(t('record.deleted'));
                  onClose();
                },
                onError: (e) => message.error(errorMessage(e, t)),
              })
            }
          >
            <Button danger icon={<DeleteOutlined />} disabled={!loaded}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
          <Button type="primary" loading={update.isPending} disabled={!loaded || conflict} onClick={() => formRef.current?.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('record.conflictTitle')}
          description={t('record.conflictText')}
          action={<Button size="small" onClick={reload}>{t('common.reload')}</Button>}
        />
      )}
      {!loaded || !schema ? (
        <Spin />
      ) : (
        <>
          <Typography.Text type="secondary" className="record-meta">
            {t('record.meta', { user: loaded.createdBy ?? '—', at: dayjs(loaded.createdAt).format('YYYY-MM-DD HH:mm') })} · {t('record.version', { version: loaded.version })}
          </Typography.Text>
          <Tabs
            items={[
              {
                key: 'details',
                label: t('record.tabDetails'),
                children: <RecordForm formRef={formRef} schema={schema} formData={data} onChange={setData} onSubmit={submit} extraErrors={extraErrors} />,
              },
              { key: 'history', label: t('record.tabHistory'), children: <HistoryTimeline formId={formId} recordId={loaded.id} fields={fields} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
