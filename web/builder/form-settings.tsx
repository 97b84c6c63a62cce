import { Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIELD_KEY_RE } from './fields';

interface Props {
  name: string;
  formKey: string;
  errors: Array<{ path: string; message: string }>;
  onChange: (patch: { name?: string; key?: string }, coalesce: string) => void;
}

/** The form's own name and key, shown when no field is selected. */
export function FormSettings({ name, formKey, errors, onChange }: Props) {
  const { t } = useTranslation();
  const at = (path: string) =>
    errors
      .filter((e) => e.path === path)
      .map((e) => e.message)
      .join('; ');
  const keyProblem = !FIELD_KEY_RE.test(formKey) ? t('builder.problem.keyInvalid') : at('/key');
  const nameProblem = !name.trim() ? t('builder.problem.required') : at('/name');
  const others = errors.filter((e) => e.path !== '/key' && e.path !== '/name');
  return (
    <Form layout="vertical" size="small" className="property-form">
      <Form.Item
        label={t('builder.prop.formName')}
        validateStatus={nameProblem ? 'error' : undefined}
        help={nameProblem || undefined}
      >
        <Input
          value={name}
          maxLength={200}
          onChange={(e) => onChange({ name: e.target.value }, 'form:name')}
        />
      </Form.Item>
      <Form.Item
        label={t('builder.prop.formKey')}
        validateStatus={keyProblem ? 'error' : undefined}
        help={keyProblem || undefined}
      >
        <Input
          value={formKey}
          className="mono"
          onChange={(e) => onChange({ key: e.target.value.trim() }, 'form:key')}
        />
      </Form.Item>
      {others.map((e) => (
        <Typography.Paragraph
          key={e.path + e.message}
          type="danger"
        >{`${e.path}: ${e.message}`}</Typography.Paragraph>
      ))}
      <Typography.Text type="secondary">{t('builder.noSelection')}</Typography.Text>
    </Form>
  );
}
