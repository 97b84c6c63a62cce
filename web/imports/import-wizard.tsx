import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Modal,
  Progress,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ImportPreview, useImportJob, usePreviewImport, useStartImport } from '../api/imports';
import { keys } from '../api/keys';
import { errorMessage } from '../records/errors';
import { type MappingRow, mappingOf, mappingRows, unmappedRequired } from './mapping-rows';
import './imports.css';

type Step = 0 | 1 | 2 | 3;
type Dedupe = { field: string; mode: 'skip' | 'update' | 'create' } | undefined;

/** Import wizard: upload CSV/XLSX → column → field mapping (suggested, editable) → dry run with row errors → import with progress. */
export function ImportWizard({ formId, onClose }: { formId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>(0);
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [chosen, setChosen] = useState<Record<string, string | null>>({});
  const [dedupe, setDedupe] = useState<Dedupe>();
  const [checkJob, setCheckJob] = useState<string>();
  const [runJob, setRunJob] = useState<string>();
  const read = usePreviewImport(formId);
  const start = useStartImport(formId);
  const check = useImportJob(checkJob);
  const run = useImportJob(runJob);

  const lines = useMemo(
    () => (preview ? mappingRows(preview.headers, preview.rows, preview.mapping, chosen) : []),
    [preview, chosen],
  );
  const missing = preview ? unmappedRequired(lines, preview.fields) : [];
  const duplicate = lines.some((l) => l.duplicate);
  const options = () => ({ mapping: mappingOf(lines), ...(dedupe?.field ? { dedupe } : {}) });

  const upload = (f: File) => {
    setFile(f);
    read.mutate(f, {
      onSuccess: (p) => {
        setPreview(p);
        setChosen({});
        setStep(1);
      },
    });
    return false;
  };
  const dryRun = () => {
    setStep(2);
    setCheckJob(undefined);
    start.mutate(
      { file: file!, options: { ...options(), dryRun: true } },
      { onSuccess: (r) => setCheckJob(r.jobId) },
    );
  };
  const realRun = () => {
    setStep(3);
    start.mutate(
      { file: file!, options: { ...options(), dryRun: false } },
      { onSuccess: (r) => setRunJob(r.jobId) },
    );
  };
  const finish = () => {
    if (runJob) qc.invalidateQueries({ queryKey: keys.records(formId) });
    onClose();
  };

  const checked =
    check.data && (check.data.status === 'succeeded' || check.data.status === 'failed')
      ? check.data
      : undefined;
  const done =
    run.data && (run.data.status === 'succeeded' || run.data.status === 'failed') ? run.data : undefined;
  const fieldOptions = (preview?.fields ?? []).map((f) => ({
    value: f.key,
    label: f.required ? `${f.label} *` : f.label,
  }));

  const footer = [
    step === 1 && (
      <Button key="back" onClick={() => setStep(0)}>
        {t('imports.back')}
      </Button>
    ),
    step === 1 && (
      <Button key="check" type="primary" disabled={duplicate || !lines.some((l) => l.field)} onClick={dryRun}>
        {t('imports.check')}
      </Button>
    ),
    step === 2 && (
      <Button key="back2" onClick={() => setStep(1)}>
        {t('imports.back')}
      </Button>
    ),
    step === 2 && (
      <Button
        key="run"
        type="primary"
        disabled={!checked || checked.status === 'failed' || checked.failed === checked.total}
        onClick={realRun}
      >
        {t('imports.run')}
      </Button>
    ),
    step === 3 && (
      <Button key="done" type="primary" disabled={!done} onClick={finish}>
        {t('imports.close')}
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Modal
      open
      width={880}
      title={t('imports.title')}
      onCancel={finish}
      footer={footer}
      maskClosable={false}
      destroyOnHidden
    >
      <Steps
        size="small"
        current={step}
        className="import-steps"
        items={(['upload', 'mapping', 'check', 'run'] as const).map((k) => ({
          title: t(`imports.steps.${k}`),
        }))}
      />
      {(read.error || start.error) && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(read.error ?? start.error, t)}
          style={{ marginBottom: 12 }}
        />
      )}

      {step === 0 && (
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={upload}
          disabled={read.isPending}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{read.isPending ? t('imports.reading') : t('imports.upload')}</p>
          <p className="ant-upload-hint">{t('imports.uploadHint')}</p>
        </Upload.Dragger>
      )}

      {step === 1 && preview && (
        <>
          {missing.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('imports.requiredMissing', { fields: missing.map((f) => f.label).join('、') })}
              style={{ marginBottom: 12 }}
            />
          )}
          <Table<MappingRow>
            size="small"
            rowKey="header"
            pagination={false}
            scroll={{ y: 360 }}
            dataSource={lines}
            columns={[
              {
                title: t('imports.column'),
                dataIndex: 'header',
                width: 180,
                render: (h: string) => <Typography.Text strong>{h}</Typography.Text>,
              },
              {
                title: t('imports.samples'),
                dataIndex: 'samples',
                ellipsis: true,
                render: (s: string[]) => <Typography.Text type="secondary">{s.join(' · ')}</Typography.Text>,
              },
              {
                title: t('imports.field'),
                key: 'field',
                width: 260,
                render: (_, l) => (
                  <Space>
                    <Select
                      style={{ width: 170 }}
                      status={l.duplicate ? 'error' : undefined}
                      value={l.field ?? ''}
                      onChange={(v: string) => setChosen({ ...chosen, [l.header]: v || null })}
                      options={[{ value: '', label: t('imports.ignore') }, ...fieldOptions]}
                      aria-label={`${t('imports.field')} ${l.header}`}
                    />
                    {l.duplicate ? (
                      <Tag color="red">{t('imports.duplicate')}</Tag>
                    ) : l.source === 'suggested' ? (
                      <Tag color="green">{t('imports.suggested')}</Tag>
                    ) : l.source === 'manual' ? (
                      <Tag color="blue">{t('imports.manual')}</Tag>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
          <Space className="import-dedupe" wrap>
            <Typography.Text>{t('imports.dedupeField')}</Typography.Text>
            <Select
              style={{ width: 180 }}
              value={dedupe?.field ?? ''}
              onChange={(field: string) =>
                setDedupe(field ? { field, mode: dedupe?.mode ?? 'skip' } : undefined)
              }
              options={[
                { value: '', label: t('imports.dedupeNone') },
                ...preview.fields
                  .filter((f) =>
                    ['text', 'email', 'phone', 'number', 'select', 'autonumber', 'date'].includes(f.type),
                  )
                  .map((f) => ({ value: f.key, label: f.label })),
              ]}
            />
            {dedupe && (
              <Select
                style={{ width: 160 }}
                value={dedupe.mode}
                onChange={(mode) => setDedupe({ ...dedupe, mode })}
                options={(['skip', 'update', 'create'] as const).map((m) => ({
                  value: m,
                  label: t(`imports.dedupeMode.${m}`),
                }))}
              />
            )}
          </Space>
        </>
      )}

      {step === 2 &&
        (!checked ? (
          <div className="import-wait">
            <Progress
              type="circle"
              percent={check.data?.total ? Math.round((check.data.processed / check.data.total) * 100) : 0}
              size={80}
            />
            <Typography.Text type="secondary">{t('imports.checking')}</Typography.Text>
          </div>
        ) : checked.status === 'failed' ? (
          <Result status="error" title={t('imports.failedJob')} subTitle={checked.error} />
        ) : checked.failed === 0 ? (
          <Result
            status="success"
            title={t('imports.checkOk', { count: checked.total ?? checked.processed })}
          />
        ) : (
          <>
            <Alert
              type="warning"
              showIcon
              title={t('imports.checkErrors', {
                failed: checked.failed,
                total: checked.total ?? checked.processed,
              })}
              style={{ marginBottom: 12 }}
            />
            <Table
              size="small"
              rowKey="row"
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              dataSource={checked.errors}
              columns={[
                {
                  title: '#',
                  dataIndex: 'row',
                  width: 110,
                  render: (r: number) => t('imports.row', { row: r }),
                },
                {
                  title: t('imports.problems'),
                  key: 'e',
                  render: (_, r) => (
                    <ul className="import-errors">
                      {r.errors.map((e, i) => (
                        <li key={i}>
                          <Typography.Text type="danger">{e.message}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          </>
        ))}

      {step === 3 && (
        <div className="import-wait">
          <Progress
            percent={
              done?.status === 'succeeded'
                ? 100
                : run.data?.total
                  ? Math.round((run.data.processed / run.data.total) * 100)
                  : 0
            }
            status={done?.status === 'failed' ? 'exception' : done ? 'success' : 'active'}
          />
          <Typography.Text type="secondary">
            {done
              ? done.status === 'failed'
                ? done.error
                : t('imports.done')
              : t('imports.progress', { processed: run.data?.processed ?? 0, total: run.data?.total ?? '…' })}
          </Typography.Text>
          {done && (
            <Typography.Text strong data-testid="import-summary">
              {t('imports.summary', {
                created: done.created,
                updated: done.updated,
                skipped: done.skipped,
                failed: done.failed,
              })}
            </Typography.Text>
          )}
        </div>
      )}
    </Modal>
  );
}
