import { Alert, Button, Form, Input, Modal, Result, Select, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Automation, useTestAutomation } from '../api/automations';
import { useRecords } from '../api/records';
import type { FieldDef } from '../api/types';
import { errorMessage } from '../records/errors';
import { RunStatus } from './run-status';
import { StepList } from './step-list';

interface Props {
  automation: Automation;
  formId: string | undefined;
  fields: readonly FieldDef[];
  open: boolean;
  onClose: () => void;
}

/** A record's title for a picker: the first text field with a value, else its id. */
const titleOf = (fields: readonly FieldDef[], values: Record<string, unknown>, id: string) => {
  const f = fields.find((x) => ['text', 'autonumber'].includes(x.type) && values[x.key]);
  return f ? String(values[f.key]) : id;
};

/** Dry run against a chosen record (or a webhook payload): shows what would happen, keeps nothing. */
export function TestRunDialog({ automation, formId, fields, open, onClose }: Props) {
  const { t } = useTranslation();
  const [recordId, setRecordId] = useState<string>();
  const [q, setQ] = useState('');
  const [payload, setPayload] = useState('{\n  \n}');
  const records = useRecords(
    formId ?? '',
    useMemo(() => ({ q: q || undefined, sort: '-createdAt' }), [q]),
  );
  const test = useTestAutomation();
  const rows = records.data?.pages.flatMap((p) => p.items) ?? [];
  const isHook = automation.trigger.type === 'webhook';
  const run = () => {
    let body: Record<string, unknown> | undefined;
    if (isHook) {
      try {
        body = JSON.parse(payload);
      } catch {
        return;
      }
    }
    test.mutate({ id: automation.id, recordId, payload: body });
  };
  const result = test.data;
  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('automations.testDialog.title')}
      width={760}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('automations.testDialog.hint')}</Typography.Paragraph>
      <Form layout="vertical" component="div">
        {formId && (
          <Form.Item label={t('automations.testDialog.record')}>
            <Space.Compact style={{ width: '100%' }}>
              <Select
                showSearch={{ filterOption: false, onSearch: setQ }}
                placeholder={t('automations.testDialog.pickRecord')}
                value={recordId}
                onChange={setRecordId}
                loading={records.isLoading}
                options={rows.map((r) => ({ value: r.id, label: titleOf(fields, r.fields, r.id) }))}
                aria-label={t('automations.testDialog.record')}
              />
              <Button type="primary" onClick={run} loading={test.isPending} disabled={!recordId && !isHook}>
                {t('automations.testDialog.run')}
              </Button>
            </Space.Compact>
          </Form.Item>
        )}
        {isHook && (
          <Form.Item label={t('automations.testDialog.payload')}>
            <Input.TextArea
              className="mono"
              autoSize={{ minRows: 3, maxRows: 10 }}
              value={payload}
              onChange={(e) => setPayload(e.target.value)}
            />
            {!formId && (
              <Button type="primary" style={{ marginTop: 8 }} onClick={run} loading={test.isPending}>
                {t('automations.testDialog.run')}
              </Button>
            )}
          </Form.Item>
        )}
        {!formId && !isHook && (
          <Button type="primary" onClick={run} loading={test.isPending}>
            {t('automations.testDialog.run')}
          </Button>
        )}
      </Form>
      {test.error && <Alert type="error" showIcon title={errorMessage(test.error, t)} />}
      {result && (
        <div className="test-result" data-testid="test-result">
          <Space style={{ marginBottom: 12 }}>
            <RunStatus status={result.status} />
            <Typography.Text>
              {t('automations.testDialog.condition')}:{' '}
              {result.conditionResult
                ? t('automations.testDialog.matched')
                : t('automations.testDialog.notMatched')}
            </Typography.Text>
          </Space>
          {result.error && <Alert type="error" showIcon title={result.error} style={{ marginBottom: 12 }} />}
          {result.steps.length > 0 ? (
            <>
              <Typography.Title level={5}>{t('automations.testDialog.wouldDo')}</Typography.Title>
              <StepList steps={result.steps} expanded />
            </>
          ) : (
            !result.conditionResult && <Result status="info" title={t('automations.testDialog.notMatched')} />
          )}
        </div>
      )}
    </Modal>
  );
}
