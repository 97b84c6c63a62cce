import { App as AntApp, Form, Modal, Progress, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { patchRecord } from '../../api/record-pages';
import type { DataRecord, FieldDef } from '../../api/types';
import { errorMessage } from '../../records/errors';
import { isComputed } from '../shared/field-choices';
import { ValueInput } from '../shared/value-input';
import { eachLimited } from './each-limited';

interface Props {
  formId: string;
  fields: FieldDef[];
  records: DataRecord[];
  open: boolean;
  onClose: (changed: boolean) => void;
}

/** 批量修改: one field set to one value on every selected record, each PATCHed with its own version. */
export function BulkEditModal({ formId, fields, records, open, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const editable = fields.filter((f) => !isComputed(f.type) && f.type !== 'attachment');
  const [key, setKey] = useState<string>();
  const [value, setValue] = useState<unknown>(null);
  const [done, setDone] = useState<number>();
  const field = editable.find((f) => f.key === key);

  const run = async () => {
    if (!field) return;
    let failed = 0;
    let reason = '';
    setDone(0);
    await eachLimited(
      records,
      4,
      async (r) => {
        try {
          await patchRecord(formId, r.id, { [field.key]: value === '' ? null : value }, r.version);
        } catch (e) {
          failed++;
          reason ||=
            e instanceof ApiError && e.status === 409
              ? t('views.conflict')
              : e instanceof ApiError && e.details[0]
                ? e.details[0].message
                : errorMessage(e, t);
        }
      },
      setDone,
    );
    const ok = records.length - failed;
    if (failed) message.warning(t('views.bulkPartial', { ok, failed, reason }), 6);
    else message.success(t('views.bulkUpdated', { count: ok }));
    setDone(undefined);
    setKey(undefined);
    setValue(null);
    onClose(ok > 0);
  };

  return (
    <Modal
      open={open}
      title={t('views.bulkEditTitle', { count: records.length })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !field, loading: done !== undefined }}
      onOk={run}
      onCancel={() => done === undefined && onClose(false)}
      destroyOnHidden
    >
      <Form layout="vertical" style={{ marginTop: 12 }}>
        <Form.Item label={t('views.bulkField')} required>
          <Select
            value={key}
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('filterBuilder.field')}
            options={editable.map((f) => ({ value: f.key, label: f.label }))}
            onChange={(k: string) => {
              setKey(k);
              setValue(null);
            }}
          />
        </Form.Item>
        {field && (
          <Form.Item label={t('views.bulkValue')} extra={t('views.bulkValueEmpty')}>
            <ValueInput key={field.key} field={field} value={value} onChange={setValue} />
          </Form.Item>
        )}
      </Form>
      {done !== undefined && (
        <>
          <Progress percent={Math.round((done / Math.max(1, records.length)) * 100)} size="small" />
          <Typography.Text type="secondary">
            {t('views.bulkProgress', { done, total: records.length })}
          </Typography.Text>
        </>
      )}
    </Modal>
  );
}
