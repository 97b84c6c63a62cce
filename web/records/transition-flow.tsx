import { App as AntApp, Alert, Form, Input, Modal, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { reasonText } from '../api/reason-text';
import { useTransition } from '../api/record-workflow';
import type { DataRecord, FormSchema } from '../api/types';
import { inLanguage } from '../workflow/server-message';
import { errorMessage } from './errors';
import { LazyRecordForm as RecordForm } from './lazy-record-form';
import type { RecordFormHandle } from './record-form';
import {
  type ErrorTree,
  detailsToErrorSchema,
  formDataOf,
  subsetSchema,
  transitionNeeds,
  valuesToSend,
} from './record-values';

interface Ask {
  record: DataRecord;
  to: string;
  label: string;
  /** The record's title, shown above the form so it is clear which record moves. */
  title?: string;
  fields: string[];
  comment: boolean;
  resolve: (ok: boolean) => void;
}

/**
 * Moving a record to another workflow state, as the kanban and the record drawer do it: try the
 * move; a 403/409 is refused with the server's reason; a 422 naming fields or `/comment` opens a
 * small form for just those (rendered from the form's schema) and retries with `{to, fields, comment}`;
 * that form also takes an optional comment when none is required, so the history says why.
 * `run` resolves to whether the record moved.
 */
export function useTransitionFlow(formId: string, schema: FormSchema | undefined) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const transition = useTransition(formId);
  const [ask, setAsk] = useState<Ask>();
  const [data, setData] = useState<Record<string, unknown>>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<ErrorTree>();
  const [commentError, setCommentError] = useState<string>();
  const formRef = useRef<RecordFormHandle>(null);

  const attempt = async (
    record: DataRecord,
    to: string,
    label: string,
    title: string | undefined,
    extra: { fields?: Record<string, unknown>; comment?: string },
    resolve: (ok: boolean) => void,
    asking?: Ask,
  ) => {
    try {
      await transition.mutateAsync({ id: record.id, to, ...extra });
      message.success(t('detail.transitioned', { state: label }));
      setAsk(undefined);
      resolve(true);
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const needs = transitionNeeds(e.details);
        if (needs.fields.length || needs.comment) {
          if (asking) {
            setErrors(
              detailsToErrorSchema(e.details, '/fields', (d) => reasonText(d, t, { withLabel: false }))
                .errors,
            );
            setCommentError(needs.comment ? t('kanban.commentRequired') : undefined);
            return;
          }
          setData(formDataOf(record.fields));
          setComment('');
          setErrors(undefined);
          setCommentError(undefined);
          setAsk({ record, to, label, title, fields: needs.fields, comment: needs.comment, resolve });
          return;
        }
      }
      message.error(t('kanban.refused', { reason: inLanguage(errorMessage(e, t), i18n.language) }), 5);
      setAsk(undefined);
      resolve(false);
    }
  };

  const run = (record: DataRecord, to: string, label: string, title?: string) =>
    new Promise<boolean>((resolve) => void attempt(record, to, label, title, {}, resolve));

  const submit = (formData?: Record<string, unknown>) => {
    if (!ask) return;
    if (ask.comment && !comment.trim()) {
      setCommentError(t('kanban.commentRequired'));
      return;
    }
    const fields = formData && schema ? valuesToSend(formData, subsetSchema(schema, ask.fields)) : undefined;
    void attempt(
      ask.record,
      ask.to,
      ask.label,
      ask.title,
      {
        ...(fields && Object.keys(fields).length ? { fields } : {}),
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      },
      ask.resolve,
      ask,
    );
  };

  const element = (
    <Modal
      open={!!ask}
      title={ask ? t('kanban.needMore', { column: ask.label }) : ''}
      okText={t('kanban.confirmMove')}
      cancelText={t('common.cancel')}
      confirmLoading={transition.isPending}
      onOk={() => (ask?.fields.length ? formRef.current?.submit() : submit())}
      onCancel={() => {
        ask?.resolve(false);
        setAsk(undefined);
      }}
      destroyOnHidden
    >
      {ask?.title && (
        <Typography.Paragraph type="secondary" ellipsis>
          {ask.title}
        </Typography.Paragraph>
      )}
      {ask && ask.fields.length > 0 && schema && (
        <RecordForm
          formRef={formRef}
          schema={subsetSchema(schema, ask.fields)}
          formData={data}
          onChange={setData}
          onSubmit={submit}
          extraErrors={errors}
        />
      )}
      {ask && ask.fields.length > 0 && !schema && <Alert type="warning" title={t('common.loading')} />}
      {ask && (
        <Form layout="vertical">
          <Form.Item
            label={ask.comment ? t('kanban.comment') : t('kanban.commentOptional')}
            htmlFor="transition-comment"
            required={ask.comment}
            validateStatus={commentError ? 'error' : undefined}
            help={commentError}
          >
            <Input.TextArea
              id="transition-comment"
              rows={ask.fields.length ? 2 : 3}
              value={comment}
              placeholder={t('kanban.commentPlaceholder')}
              onChange={(e) => {
                setComment(e.target.value);
                setCommentError(undefined);
              }}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );

  return { run, element, pending: transition.isPending };
}
