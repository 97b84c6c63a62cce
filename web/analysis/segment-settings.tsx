import {
  App as AntApp,
  Button,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useForm } from '../api/forms';
import { type Segmentation, useSaveSegmentation } from '../api/segments';
import type { FieldDef } from '../api/types';
import { errorMessage } from '../records/errors';
import { QUADRANTS, RFM_SEGMENTS, detailsToFields, fieldsFor, toSegmentation } from './segment-grid';

interface Props {
  formId: string;
  fields: readonly FieldDef[];
  initial: Segmentation | null;
}

const opts = (fields: readonly FieldDef[]) => fields.map((f) => ({ value: f.key, label: f.label }));

/** The settings form: model, target field, fields and thresholds, segment → option mapping, churn settings; a 422 marks the inputs it names. */
export function SegmentSettings({ formId, fields, initial }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const save = useSaveSegmentation(formId);
  const kinds = fieldsFor(fields);
  const model = Form.useWatch(['rules', 'model'], form) as 'rfm' | 'matrix' | undefined;
  const targetKey = Form.useWatch(['rules', 'targetField'], form) as string | undefined;
  const churnOn = Form.useWatch('churnOn', form) as boolean | undefined;
  const relationKey = Form.useWatch(['churn', 'relationField'], form) as string | undefined;
  const related = useForm(fields.find((f) => f.key === relationKey)?.formId);
  const target = fields.find((f) => f.key === targetKey);

  useEffect(() => {
    form.setFieldsValue({
      rules: initial?.rules ?? { model: 'rfm', recentDays: 90 },
      churnOn: !!initial?.churn,
      churn: initial?.churn ?? { inactiveDays: 60, windowDays: 90, dropRatio: 0.5, minPrevious: 3 },
    });
  }, [initial, form]);

  const submit = (values: Record<string, unknown>) => {
    save.mutate(toSegmentation(values as never), {
      onSuccess: (out) =>
        message.success(t('analysis.segment.saved', { count: out.counts.reduce((a, b) => a + b.count, 0) })),
      onError: (e) => {
        if (e instanceof ApiError && e.details.length) {
          form.setFields(detailsToFields(e.details));
          message.error(t('analysis.segment.invalid'));
        } else message.error(errorMessage(e, t));
      },
    });
  };

  const segments = model === 'matrix' ? QUADRANTS : RFM_SEGMENTS;
  const segName = (s: string) =>
    model === 'matrix' ? t(`analysis.segment.quadrant.${s}`) : t(`analysis.segment.rfm.${s}`);
  const fieldSelect = (list: readonly FieldDef[], label: string) => (
    <Select
      allowClear
      placeholder={t('analysis.segment.pickField')}
      options={opts(list)}
      aria-label={label}
    />
  );

  return (
    <Form form={form} layout="vertical" onFinish={submit} className="segment-settings" requiredMark={false}>
      <Form.Item name={['rules', 'model']} label={t('analysis.segment.model')}>
        <Radio.Group
          optionType="button"
          options={(['rfm', 'matrix'] as const).map((m) => ({
            value: m,
            label: t(`analysis.segment.models.${m}`),
          }))}
        />
      </Form.Item>
      <Form.Item
        name={['rules', 'targetField']}
        label={t('analysis.segment.targetField')}
        extra={t('analysis.segment.targetHelp')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        {fieldSelect(kinds.target, t('analysis.segment.targetField'))}
      </Form.Item>
      {model === 'matrix' ? (
        <>
          <Space.Compact block>
            <Form.Item
              name={['rules', 'valueField']}
              label={t('analysis.segment.valueField')}
              style={{ flex: 1, marginRight: 12 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              {fieldSelect(kinds.number, t('analysis.segment.valueField'))}
            </Form.Item>
            <Form.Item
              name={['rules', 'valueThreshold']}
              label={t('analysis.segment.valueThreshold')}
              style={{ width: 160 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber style={{ width: '100%' }} aria-label={t('analysis.segment.valueThreshold')} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item
              name={['rules', 'potentialField']}
              label={t('analysis.segment.potentialField')}
              style={{ flex: 1, marginRight: 12 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              {fieldSelect(kinds.number, t('analysis.segment.potentialField'))}
            </Form.Item>
            <Form.Item
              name={['rules', 'potentialThreshold']}
              label={t('analysis.segment.potentialThreshold')}
              style={{ width: 160 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber style={{ width: '100%' }} aria-label={t('analysis.segment.potentialThreshold')} />
            </Form.Item>
          </Space.Compact>
        </>
      ) : (
        <>
          <Space.Compact block>
            <Form.Item
              name={['rules', 'recencyField']}
              label={t('analysis.segment.recencyField')}
              style={{ flex: 1, marginRight: 12 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              {fieldSelect(kinds.date, t('analysis.segment.recencyField'))}
            </Form.Item>
            <Form.Item
              name={['rules', 'recentDays']}
              label={t('analysis.segment.recentDays')}
              style={{ width: 160 }}
              tooltip={t('analysis.segment.recentHelp')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber
                min={1}
                max={3650}
                style={{ width: '100%' }}
                aria-label={t('analysis.segment.recentDays')}
              />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item
              name={['rules', 'frequencyField']}
              label={t('analysis.segment.frequencyField')}
              style={{ flex: 1, marginRight: 12 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              {fieldSelect(kinds.number, t('analysis.segment.frequencyField'))}
            </Form.Item>
            <Form.Item
              name={['rules', 'frequencyThreshold']}
              label={t('analysis.segment.frequencyThreshold')}
              style={{ width: 160 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber style={{ width: '100%' }} aria-label={t('analysis.segment.frequencyThreshold')} />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item
              name={['rules', 'monetaryField']}
              label={t('analysis.segment.monetaryField')}
              style={{ flex: 1, marginRight: 12 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              {fieldSelect(kinds.number, t('analysis.segment.monetaryField'))}
            </Form.Item>
            <Form.Item
              name={['rules', 'monetaryThreshold']}
              label={t('analysis.segment.monetaryThreshold')}
              style={{ width: 160 }}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <InputNumber style={{ width: '100%' }} aria-label={t('analysis.segment.monetaryThreshold')} />
            </Form.Item>
          </Space.Compact>
        </>
      )}
      <Typography.Text type="secondary" className="segment-settings-note">
        {t('analysis.segment.thresholdHelp')}
      </Typography.Text>
      <Divider titlePlacement="start" plain>
        {t('analysis.segment.mapping')}
      </Divider>
      <Typography.Paragraph type="secondary">{t('analysis.segment.mappingHelp')}</Typography.Paragraph>
      {segments.map((s) => (
        <Form.Item key={s} name={['rules', 'values', s]} label={segName(s)} className="segment-mapping-row">
          {target?.type === 'select' ? (
            <Select
              allowClear
              placeholder={t('analysis.segment.pickOption')}
              options={(target.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
              aria-label={segName(s)}
            />
          ) : (
            <Input placeholder={segName(s)} aria-label={segName(s)} />
          )}
        </Form.Item>
      ))}
      <Divider titlePlacement="start" plain>
        {t('analysis.segment.churnSettings')}
      </Divider>
      <Form.Item name="churnOn" valuePropName="checked">
        <Switch
          checkedChildren={t('analysis.segment.churnSettings')}
          unCheckedChildren={t('analysis.segment.churnOff')}
        />
      </Form.Item>
      {churnOn && (
        <>
          <Form.Item
            name={['churn', 'relationField']}
            label={t('analysis.segment.relationField')}
            extra={t('analysis.segment.relationHelp')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            {fieldSelect(kinds.relation, t('analysis.segment.relationField'))}
          </Form.Item>
          <Form.Item
            name={['churn', 'dateField']}
            label={t('analysis.segment.dateField')}
            extra={t('analysis.segment.dateHelp')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            {fieldSelect(
              (related.data?.fields ?? []).filter((f) => f.type === 'date' || f.type === 'datetime'),
              t('analysis.segment.dateField'),
            )}
          </Form.Item>
          <Space wrap size={12}>
            <Form.Item name={['churn', 'inactiveDays']} label={t('analysis.segment.inactiveDays')}>
              <InputNumber min={1} max={3650} />
            </Form.Item>
            <Form.Item name={['churn', 'windowDays']} label={t('analysis.segment.windowDays')}>
              <InputNumber min={7} max={3650} />
            </Form.Item>
            <Form.Item
              name={['churn', 'dropRatio']}
              label={t('analysis.segment.dropRatio')}
              tooltip={t('analysis.segment.dropHelp')}
            >
              <InputNumber min={0} max={1} step={0.1} />
            </Form.Item>
            <Form.Item name={['churn', 'minPrevious']} label={t('analysis.segment.minPrevious')}>
              <InputNumber min={1} />
            </Form.Item>
          </Space>
        </>
      )}
      <Button type="primary" htmlType="submit" loading={save.isPending} block>
        {t('analysis.segment.save')}
      </Button>
    </Form>
  );
}
