import { DeleteOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Alert, Button, Drawer, Popconfirm, Space, Spin, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RunButtons } from '../analysis/run-buttons';
import { ApiError } from '../api/client';
import { reasonText } from '../api/reason-text';
import { useForm, useFormSchema } from '../api/forms';
import { usePeopleNames } from '../api/people';
import { useFormWorkflow } from '../api/record-workflow';
import { useDeleteRecord, useRecord, useUpdateRecord } from '../api/records';
import { titleKeyOf, titleOf } from '../pickers/record-titles';
import { replaceRecordInCaches } from '../views/shared/record-cache';
import { errorMessage } from './errors';
import { HistoryTimeline } from './history-timeline';
import { LazyRecordForm as RecordForm } from './lazy-record-form';
import type { RecordFormHandle } from './record-form';
import { type ErrorTree, detailsToErrorSchema, formDataOf, valuesToSend } from './record-values';
import { RelatedRecords } from './related-records';
import { useTransitionFlow } from './transition-flow';
import { WorkflowPanel } from './workflow-panel';
import './records.css';
import { useDrawerSize } from '../hooks/use-drawer-size';

interface Props {
  formId: string;
  recordId: string | undefined;
  onClose: () => void;
  /** Opened from another record's related list: drawn over it. */
  nested?: boolean;
}

/**
 * One record: edit its fields (PATCH with its version; a 409 offers a reload), move it through its
 * workflow, see and change its related records (opening them in a drawer over this one), and its
 * history with people's names.
 */
export function RecordDrawer({ formId, recordId, onClose, nested }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const form = useForm(formId);
  const schema = useFormSchema(formId).data;
  const workflow = useFormWorkflow(formId).data;
  const record = useRecord(formId, recordId);
  const update = useUpdateRecord(formId);
  const remove = useDeleteRecord(formId);
  const flow = useTransitionFlow(formId, schema);
  const names = usePeopleNames();
  const formRef = useRef<RecordFormHandle>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [extraErrors, setExtraErrors] = useState<ErrorTree | undefined>();
  const [conflict, setConflict] = useState(false);
  const [tab, setTab] = useState('details');
  const [inner, setInner] = useState<{ formId: string; recordId: string }>();

  const loaded = record.data;
  useEffect(() => {
    if (loaded) setData(formDataOf(loaded.fields));
    setExtraErrors(undefined);
  }, [loaded]);

  const fields = form.data?.fields ?? [];
  const relations = fields.filter((f) => f.type === 'relation');

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
        onSuccess: (saved) => {
          setExtraErrors(undefined);
          replaceRecordInCaches(qc, formId, saved);
          message.success(t('record.saved'));
        },
        onError: (e) => {
          if (e instanceof ApiError && e.status === 409) setConflict(true);
          else if (e instanceof ApiError && e.details.length) {
            setExtraErrors(
              detailsToErrorSchema(e.details, '/fields', (d) => reasonText(d, t, { withLabel: false }))
                .errors,
            );
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

  const drawerSize = useDrawerSize(nested ? 680 : 760);
  const title = loaded
    ? titleOf(loaded, titleKeyOf(form.data), t('record.detailTitle'))
    : t('record.detailTitle');
  const who = (id: string | null) => (id ? (names.get(id) ?? t('detail.unknownUser')) : t('detail.system'));

  return (
    <Drawer
      title={title}
      open={!!recordId}
      onClose={() => {
        setConflict(false);
        onClose();
      }}
      size={drawerSize}
      destroyOnHidden
      extra={
        <Space>
          <Popconfirm
            title={t('record.deleteConfirm')}
            okText={t('common.delete')}
            cancelText={t('common.cancel')}
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
          <Button
            type="primary"
            loading={update.isPending}
            disabled={!loaded || conflict || tab !== 'details'}
            onClick={() => formRef.current?.submit()}
          >
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
          action={
            <Button size="small" onClick={reload}>
              {t('common.reload')}
            </Button>
          }
        />
      )}
      {record.isError ? (
        <Alert type="warning" showIcon title={errorMessage(record.error, t)} />
      ) : !loaded || !schema ? (
        <Spin />
      ) : (
        <>
          <Typography.Text type="secondary" className="record-meta">
            {t('detail.createdBy', {
              user: who(loaded.createdBy),
              at: dayjs(loaded.createdAt).format('YYYY-MM-DD HH:mm'),
            })}{' '}
            · {t('record.version', { version: loaded.version })}
          </Typography.Text>
          <RunButtons formId={formId} recordId={loaded.id} />
          {workflow && loaded.state && (
            <WorkflowPanel
              formId={formId}
              record={loaded}
              workflow={workflow}
              busy={flow.pending}
              onMove={(to, label) => void flow.run(loaded, to, label)}
            />
          )}
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'details',
                label: t('record.tabDetails'),
                children: (
                  <RecordForm
                    formRef={formRef}
                    schema={schema}
                    formData={data}
                    onChange={setData}
                    onSubmit={submit}
                    extraErrors={extraErrors}
                  />
                ),
              },
              ...(relations.length
                ? [
                    {
                      key: 'related',
                      label: t('detail.related'),
                      children: (
                        <RelatedRecords
                          formId={formId}
                          record={loaded}
                          relations={relations}
                          onOpen={(f, r) => setInner({ formId: f, recordId: r })}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'history',
                label: t('record.tabHistory'),
                children: (
                  <HistoryTimeline formId={formId} recordId={loaded.id} fields={fields} workflow={workflow} />
                ),
              },
            ]}
          />
        </>
      )}
      {flow.element}
      {inner && (
        <RecordDrawer
          formId={inner.formId}
          recordId={inner.recordId}
          nested
          onClose={() => setInner(undefined)}
        />
      )}
    </Drawer>
  );
}
