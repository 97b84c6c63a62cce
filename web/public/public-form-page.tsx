import { Alert, Button, Card, Result, Skeleton, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError } from '../api/client';
import { reasonText } from '../api/reason-text';
import { usePublicForm, useSubmitPublicForm } from '../api/public-forms';
import { errorMessage } from '../records/errors';
import { LazyRecordForm } from '../records/lazy-record-form';
import type { RecordFormHandle } from '../records/record-form';
import { detailsToErrorSchema, valuesToSend } from '../records/record-values';

/**
 * A shared form (survey) anyone with the link can fill, without an account: the server sends only
 * the fields that make sense publicly, a signed start time and the name of a honeypot field that
 * people never see (and bots fill).
 */
export default function PublicFormPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  const formRef = useRef<RecordFormHandle>(null);
  const [data, setData] = useState<Record<string, unknown>>({});
  const [honeypot, setHoneypot] = useState('');
  const form = usePublicForm(token);
  const submit = useSubmitPublicForm(token);
  const send = (values: Record<string, unknown>) =>
    submit.mutate({
      fields: valuesToSend(values, form.data!),
      startedAt: form.data!.startedAt,
      _hp: honeypot,
    });

  if (form.isLoading)
    return (
      <Shell>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Shell>
    );
  if (form.error) {
    const closed = form.error instanceof ApiError && [403, 404].includes(form.error.status);
    return (
      <Shell>
        <Result
          status={closed ? '404' : 'error'}
          title={closed ? t('public.closed') : errorMessage(form.error, t)}
        />
      </Shell>
    );
  }
  if (submit.isSuccess)
    return (
      <Shell>
        <Result status="success" title={t('public.thanks')} subTitle={t('public.thanksDetail')} />
      </Shell>
    );
  const fieldErrors =
    submit.error instanceof ApiError
      ? detailsToErrorSchema(submit.error.details, '/fields', (d) => reasonText(d, t, { withLabel: false }))
          .errors
      : undefined;
  return (
    <Shell>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {form.data!.name}
      </Typography.Title>
      {form.data!.description && (
        <Typography.Paragraph type="secondary">{form.data!.description}</Typography.Paragraph>
      )}
      {submit.error && (
        <Alert
          type="error"
          showIcon
          title={
            submit.error instanceof ApiError && submit.error.status === 429
              ? t('public.tooMany')
              : errorMessage(submit.error, t)
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <LazyRecordForm
        schema={form.data!}
        formData={data}
        onChange={setData}
        onSubmit={send}
        extraErrors={fieldErrors}
        formRef={formRef}
      />
      {/* The honeypot: hidden from people and screen readers, tempting to bots. */}
      <input
        name="website"
        tabIndex={-1}
        autoComplete="off"
        aria-hidden="true"
        value={honeypot}
        onChange={(e) => setHoneypot(e.target.value)}
        style={{ position: 'absolute', left: -10000, width: 1, height: 1, opacity: 0 }}
      />
      <Button
        type="primary"
        size="large"
        block
        loading={submit.isPending}
        onClick={() => formRef.current?.submit()}
      >
        {t('public.submit')}
      </Button>
    </Shell>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <div style={{ minHeight: '100vh', background: '#f5f7fa', padding: '40px 16px' }}>
      <Card style={{ maxWidth: 720, margin: '0 auto' }}>{children}</Card>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 16 }}>
        {t('public.poweredBy')}
      </Typography.Paragraph>
    </div>
  );
}
