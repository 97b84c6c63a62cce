import { App as AntApp, Alert, Button, Drawer, Space } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { reasonText } from '../api/reason-text';
import { useCreateRecord } from '../api/records';
import type { ErrorDetail, FormSchema } from '../api/types';
import { errorMessage } from './errors';
import { LazyRecordForm as RecordForm } from './lazy-record-form';
import type { RecordFormHandle } from './record-form';
import { type ErrorTree, detailsToErrorSchema, valuesToSend } from './record-values';
import { useDrawerSize } from '../hooks/use-drawer-size';

interface Props {
  formId: string;
  schema: FormSchema | undefined;
  open: boolean;
  onClose: () => void;
  /** Values to start from (a calendar day's date). */
  initial?: Record<string, unknown>;
}

/** "新建记录": the form rendered from the schema; a 422 shows on the fields it names. */
export function NewRecordDrawer({ formId, schema, open, onClose, initial }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const create = useCreateRecord(formId);
  const formRef = useRef<RecordFormHandle>(null);
  const [data, setData] = useState<Record<string, unknown>>(initial ?? {});
  const [extraErrors, setExtraErrors] = useState<ErrorTree | undefined>();
  const [other, setOther] = useState<ErrorDetail[]>([]);

  const close = () => {
    setData({});
    setExtraErrors(undefined);
    setOther([]);
    onClose();
  };

  const submit = (formData: Record<string, unknown>) => {
    if (!schema) return;
    create.mutate(valuesToSend(formData, schema), {
      onSuccess: () => {
        message.success(t('record.created'));
        close();
      },
      onError: (e) => {
        if (e instanceof ApiError && e.details.length) {
          const { errors, rest } = detailsToErrorSchema(e.details, '/fields', (d) =>
            reasonText(d, t, { withLabel: false }),
          );
          setExtraErrors(errors);
          setOther(rest);
          message.error(t('record.invalid'));
        } else message.error(errorMessage(e, t));
      },
    });
  };

  const drawerSize = useDrawerSize(640);
  return (
    <Drawer
      title={t('record.newTitle')}
      open={open}
      onClose={close}
      size={drawerSize}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={close}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => formRef.current?.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {other.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={other.map((d) => reasonText(d, t) ?? `${d.path}: ${d.message}`).join('\n')}
        />
      )}
      {schema && (
        <RecordForm
          formRef={formRef}
          schema={schema}
          formData={data}
          onChange={(d) => {
            setData(d);
          }}
          onSubmit={submit}
          extraErrors={extraErrors}
        />
      )}
    </Drawer>
  );
}
