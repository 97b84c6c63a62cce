import { Checkbox, Form, Input, InputNumber, Select, Switch, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useForm } from '../api/forms';
import type { FieldDef, FieldTypeName, RollupOp } from '../api/types';
import { FIELD_CATALOG, FIELD_GROUPS, fieldInfo } from '../fields/catalog';
import { autonumberExample, autonumberProblem } from './autonumber';
import type { BuilderField } from './fields';
import { OptionsEditor } from './options-editor';

export interface FormChoice {
  id: string;
  name: string;
  appName: string;
}

interface Props {
  field: BuilderField;
  fields: BuilderField[];
  forms: FormChoice[];
  /** Local problems: prop → i18n key. */
  problems: Partial<Record<string, string>>;
  /** Server 422 details for this field: prop path → message. */
  serverErrors: Array<{ prop: string; message: string }>;
  onChange: (patch: Partial<FieldDef>, coalesce?: string) => void;
  onChangeType: (type: FieldTypeName) => void;
}

const num = (v: number | null) => (v === null ? undefined : v);

/** The properties of the selected field; which ones show depends on its type. */
export function PropertyPanel({
  field,
  fields,
  forms,
  problems,
  serverErrors,
  onChange,
  onChangeType,
}: Props) {
  const { t } = useTranslation();
  const info = fieldInfo(field.type);
  const has = (p: string) => (info.props as readonly string[]).includes(p);
  const coalesce = (prop: string) => `${prop}:${field.uid}`;

  /** A labelled row showing the local or server problem of `prop`. */
  const item = (prop: string, label: ReactNode, control: ReactNode, extra?: ReactNode) => {
    const local = problems[prop];
    const server = serverErrors
      .filter((e) => e.prop === prop || e.prop.startsWith(`${prop}/`))
      .map((e) => e.message);
    const message = local ? t(local) : server.join('; ');
    return (
      <Form.Item
        label={label}
        validateStatus={message ? 'error' : undefined}
        help={message || undefined}
        extra={extra}
      >
        {control}
      </Form.Item>
    );
  };

  const relationFields = fields.filter((f) => f.type === 'relation');
  const relation = relationFields.find((f) => f.key === field.relationField || f.id === field.relationField);
  const otherErrors = serverErrors.filter(
    (e) =>
      !e.prop ||
      ![
        'label',
        'key',
        'type',
        'options',
        'format',
        'expression',
        'formId',
        'default',
        'min',
        'max',
        'relationField',
        'targetField',
        'op',
        'required',
        'unique',
        'precision',
        'help',
      ].includes(e.prop.split('/')[0]),
  );

  return (
    <Form
      layout="vertical"
      size="small"
      className="property-form"
      onSubmitCapture={(e) => e.preventDefault()}
    >
      {otherErrors.length > 0 && (
        <Typography.Text type="danger">{otherErrors.map((e) => e.message).join('; ')}</Typography.Text>
      )}
      {item(
        'label',
        t('builder.prop.label'),
        <Input
          value={field.label}
          maxLength={200}
          onChange={(e) => onChange({ label: e.target.value }, coalesce('label'))}
        />,
      )}
      {item(
        'key',
        t('builder.prop.key'),
        <Input
          value={field.key}
          maxLength={63}
          onChange={(e) => onChange({ key: e.target.value.trim() }, coalesce('key'))}
          className="mono"
        />,
        t('builder.prop.keyHelp'),
      )}
      {item(
        'type',
        t('builder.prop.type'),
        <Select
          value={field.type}
          onChange={onChangeType}
          disabled={!!field.reverseOf}
          options={FIELD_GROUPS.map((g) => ({
            label: t(`fieldGroups.${g}`),
            options: FIELD_CATALOG.filter((c) => c.group === g).map((c) => ({
              value: c.type,
              label: t(`fieldTypes.${c.type}`),
            })),
          }))}
        />,
      )}
      <div className="prop-switches">
        {info.required && (
          <Checkbox
            checked={!!field.required}
            onChange={(e) => onChange({ required: e.target.checked || undefined })}
          >
            {t('builder.prop.required')}
          </Checkbox>
        )}
        {info.unique && (
          <Checkbox
            checked={!!field.unique}
            onChange={(e) => onChange({ unique: e.target.checked || undefined })}
          >
            {t('builder.prop.unique')}
          </Checkbox>
        )}
        {has('multiple') && (
          <Checkbox
            checked={!!field.multiple}
            onChange={(e) => onChange({ multiple: e.target.checked || undefined })}
          >
            {t('builder.prop.multiple')}
          </Checkbox>
        )}
      </div>

      {has('options') &&
        item(
          'options',
          t('builder.prop.options'),
          <OptionsEditor
            options={field.options ?? []}
            onChange={(options) => onChange({ options }, coalesce('options'))}
          />,
        )}
      {has('display') &&
        item(
          'display',
          t('builder.prop.display'),
          <Select
            value={field.display ?? 'dropdown'}
            onChange={(display) => onChange({ display: display === 'dropdown' ? undefined : display })}
            options={[
              { value: 'dropdown', label: t('builder.prop.dropdown') },
              { value: 'radio', label: t('builder.prop.radio') },
            ]}
          />,
        )}

      {has('format') &&
        item(
          'format',
          t('builder.prop.format'),
          <Input
            value={field.format}
            className="mono"
            onChange={(e) => onChange({ format: e.target.value }, coalesce('format'))}
            status={field.format && autonumberProblem(field.format) ? 'error' : undefined}
          />,
          <>
            <div className="autonumber-example">
              {field.format && autonumberProblem(field.format)
                ? t(autonumberProblem(field.format)!)
                : t('builder.prop.example', { example: autonumberExample(field.format ?? '', new Date()) })}
            </div>
            <div>{t('builder.prop.formatHelp')}</div>
          </>,
        )}

      {has('expression') &&
        item(
          'expression',
          t('builder.prop.expression'),
          <Input.TextArea
            value={field.expression}
            rows={4}
            className="mono"
            placeholder="{amount} * 0.1"
            onChange={(e) => onChange({ expression: e.target.value }, coalesce('expression'))}
          />,
          t('builder.prop.expressionHelp'),
        )}

      {has('formId') &&
        item(
          'formId',
          t('builder.prop.formId'),
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            value={field.formId}
            disabled={!!field.id}
            onChange={(formId) => onChange({ formId })}
            options={Object.entries(groupBy(forms, (f) => f.appName)).map(([app, list]) => ({
              label: app,
              options: list.map((f) => ({ value: f.id, label: f.name })),
            }))}
          />,
        )}

      {has('relationField') &&
        item(
          'relationField',
          t('builder.prop.relationField'),
          <Select
            value={relation?.key}
            notFoundContent={t('builder.prop.noRelation')}
            onChange={(relationField) => onChange({ relationField, targetField: undefined })}
            options={relationFields.map((f) => ({ value: f.key, label: f.label }))}
          />,
        )}
      {has('op') &&
        item(
          'op',
          t('builder.prop.op'),
          <Select
            value={field.op ?? 'count'}
            onChange={(op: RollupOp) =>
              onChange({ op, ...(op === 'count' ? { targetField: undefined } : {}) })
            }
            options={(['count', 'sum', 'avg', 'min', 'max'] as const).map((op) => ({
              value: op,
              label: t(`builder.ops.${op}`),
            }))}
          />,
        )}
      {has('targetField') &&
        !(field.type === 'rollup' && (field.op ?? 'count') === 'count') &&
        item(
          'targetField',
          t('builder.prop.targetField'),
          <TargetFieldSelect
            formId={relation?.formId}
            value={field.targetField}
            onChange={(targetField) => onChange({ targetField })}
          />,
        )}

      {has('min') &&
        field.type !== 'date' &&
        item(
          'min',
          t('builder.prop.min'),
          <InputNumber
            style={{ width: '100%' }}
            value={field.min as number | undefined}
            onChange={(v) => onChange({ min: num(v) }, coalesce('min'))}
          />,
        )}
      {has('max') &&
        field.type !== 'date' &&
        item(
          'max',
          field.type === 'rating' ? t('builder.prop.maxStars') : t('builder.prop.max'),
          <InputNumber
            style={{ width: '100%' }}
            min={field.type === 'rating' ? 1 : undefined}
            max={field.type === 'rating' ? 10 : undefined}
            value={field.max as number | undefined}
            onChange={(v) => onChange({ max: num(v) }, coalesce('max'))}
          />,
        )}
      {field.type === 'date' &&
        item(
          'min',
          t('builder.prop.minDate'),
          <Input
            value={field.min as string | undefined}
            placeholder="2024-01-01"
            onChange={(e) => onChange({ min: e.target.value || undefined }, coalesce('min'))}
          />,
        )}
      {field.type === 'date' &&
        item(
          'max',
          t('builder.prop.maxDate'),
          <Input
            value={field.max as string | undefined}
            placeholder="2030-12-31"
            onChange={(e) => onChange({ max: e.target.value || undefined }, coalesce('max'))}
          />,
        )}
      {has('precision') &&
        item(
          'precision',
          t('builder.prop.precision'),
          <InputNumber
            style={{ width: '100%' }}
            min={0}
            max={10}
            value={field.precision}
            onChange={(v) => onChange({ precision: num(v) }, coalesce('precision'))}
          />,
        )}
      {has('currency') &&
        item(
          'currency',
          t('builder.prop.currency'),
          <Select
            value={field.currency ?? 'CNY'}
            onChange={(currency) => onChange({ currency: currency === 'CNY' ? undefined : currency })}
            options={['CNY', 'USD', 'EUR', 'HKD', 'JPY'].map((c) => ({ value: c, label: c }))}
          />,
        )}
      {has('minLength') &&
        item(
          'minLength',
          t('builder.prop.minLength'),
          <InputNumber
            style={{ width: '100%' }}
            min={0}
            value={field.minLength}
            onChange={(v) => onChange({ minLength: num(v) }, coalesce('minLength'))}
          />,
        )}
      {has('maxLength') &&
        item(
          'maxLength',
          t('builder.prop.maxLength'),
          <InputNumber
            style={{ width: '100%' }}
            min={1}
            value={field.maxLength}
            onChange={(v) => onChange({ maxLength: num(v) }, coalesce('maxLength'))}
          />,
        )}
      {has('maxFiles') &&
        item(
          'maxFiles',
          t('builder.prop.maxFiles'),
          <InputNumber
            style={{ width: '100%' }}
            min={1}
            max={100}
            value={field.maxFiles}
            onChange={(v) => onChange({ maxFiles: num(v) }, coalesce('maxFiles'))}
          />,
        )}

      {has('default') &&
        item(
          'default',
          t('builder.prop.default'),
          <DefaultInput field={field} onChange={(v) => onChange({ default: v }, coalesce('default'))} />,
        )}
      {item(
        'help',
        t('builder.prop.help'),
        <Input.TextArea
          rows={2}
          value={field.help}
          onChange={(e) => onChange({ help: e.target.value || undefined }, coalesce('help'))}
        />,
      )}
    </Form>
  );
}

function groupBy<T>(list: T[], key: (x: T) => string): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const x of list) (out[key(x)] ??= []).push(x);
  return out;
}

/** The fields of the related form, to pick what a lookup shows or a rollup aggregates. */
function TargetFieldSelect({
  formId,
  value,
  onChange,
}: {
  formId: string | undefined;
  value: string | undefined;
  onChange: (v: string) => void;
}) {
  const form = useForm(formId);
  const fields = form.data?.fields ?? [];
  const current = fields.find((f) => f.id === value || f.key === value);
  return (
    <Select
      loading={form.isLoading}
      disabled={!formId}
      value={current?.key ?? value}
      onChange={onChange}
      options={fields.map((f) => ({ value: f.key, label: f.label }))}
    />
  );
}

/** The default value, edited the way the type's values are. */
function DefaultInput({
  field,
  onChange,
}: {
  field: BuilderField;
  onChange: (v: FieldDef['default']) => void;
}) {
  const { t } = useTranslation();
  const v = field.default;
  switch (fieldInfo(field.type).defaultKind) {
    case 'number':
      return (
        <InputNumber
          style={{ width: '100%' }}
          value={typeof v === 'number' ? v : null}
          onChange={(n) => onChange(n ?? undefined)}
        />
      );
    case 'boolean':
      return <Switch checked={v === true} onChange={(c) => onChange(c || undefined)} />;
    case 'date':
      return (
        <Checkbox checked={v === 'today'} onChange={(e) => onChange(e.target.checked ? 'today' : undefined)}>
          {t('builder.prop.defaultToday')}
        </Checkbox>
      );
    case 'now':
      return (
        <Checkbox checked={v === 'now'} onChange={(e) => onChange(e.target.checked ? 'now' : undefined)}>
          {t('builder.prop.defaultNow')}
        </Checkbox>
      );
    case 'option':
      return (
        <Select
          allowClear
          value={v as string | undefined}
          onChange={(x) => onChange(x ?? undefined)}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
        />
      );
    case 'options':
      return (
        <Select
          mode="multiple"
          allowClear
          value={Array.isArray(v) ? v : []}
          onChange={(x: string[]) => onChange(x.length ? x : undefined)}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
        />
      );
    case 'ref': {
      const token = field.type === 'member' ? '$me' : '$myDepartment';
      return (
        <Checkbox checked={v === token} onChange={(e) => onChange(e.target.checked ? token : undefined)}>
          {field.type === 'member' ? t('builder.prop.defaultMe') : t('builder.prop.defaultMyDepartment')}
        </Checkbox>
      );
    }
    default:
      return (
        <Input
          value={typeof v === 'string' ? v : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        />
      );
  }
}
