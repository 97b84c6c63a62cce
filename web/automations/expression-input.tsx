import { FunctionOutlined } from '@ant-design/icons';
import { Button, Dropdown, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../api/types';

interface Props {
  value: string;
  onChange: (text: string) => void;
  /** The trigger form's fields, offered as `{{record.key}}`. */
  sourceFields: readonly FieldDef[];
  placeholder?: string;
  textarea?: boolean;
  'aria-label'?: string;
}

/** A text value with a picker that inserts `{{record.key}}` and date expressions. */
export function ExpressionInput({ value, onChange, sourceFields, placeholder, textarea, ...rest }: Props) {
  const { t } = useTranslation();
  const insert = (expr: string) => onChange(value ? `${value}${expr}` : expr);
  const menu = {
    items: [
      {
        type: 'group' as const,
        key: 'fields',
        label: t('automations.action.triggerFields'),
        children: sourceFields.map((f) => ({ key: `{{record.${f.key}}}`, label: f.label })),
      },
      {
        type: 'group' as const,
        key: 'special',
        label: t('automations.action.special'),
        children: [
          { key: '{{record.ownerId}}', label: t('automations.action.ownerOfRecord') },
          { key: '{{today}}', label: t('automations.today') },
          { key: '{{today + 3d}}', label: t('automations.action.todayPlus', { n: 3 }) },
          { key: '{{today + 7d}}', label: t('automations.action.todayPlus', { n: 7 }) },
          { key: '{{now}}', label: t('automations.action.now') },
        ],
      },
    ],
    onClick: ({ key }: { key: string }) => insert(key),
  };
  const picker = (
    <Dropdown menu={menu} trigger={['click']}>
      <Button icon={<FunctionOutlined />} aria-label={t('automations.action.insert')}>
        {t('automations.action.insert')}
      </Button>
    </Dropdown>
  );
  if (textarea)
    return (
      <div className="expr-textarea">
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          aria-label={rest['aria-label']}
        />
        {picker}
      </div>
    );
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input
        value={value}
        placeholder={placeholder ?? t('automations.action.valuePlaceholder')}
        onChange={(e) => onChange(e.target.value)}
        aria-label={rest['aria-label']}
      />
      {picker}
    </Space.Compact>
  );
}
