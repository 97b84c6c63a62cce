import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldDef } from '../api/types';
import { fieldInfo } from '../fields/catalog';
import { typedValue } from './draft';
import { ExpressionInput } from './expression-input';

interface Props {
  /** Fields of the form being written. */
  targetFields: readonly FieldDef[];
  /** Fields of the trigger form, offered as `{{record.key}}`. */
  sourceFields: readonly FieldDef[];
  value: Record<string, unknown>;
  onChange: (fields: Record<string, unknown>) => void;
}

const asText = (v: unknown) =>
  v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);

/** Target field ← value or `{{record.key}}` expression, one line per field. */
export function FieldMapping({ targetFields, sourceFields, value, onChange }: Props) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<Array<{ key: string; text: string }>>(() =>
    Object.entries(value).map(([key, v]) => ({ key, text: asText(v) })),
  );
  useEffect(() => {
    // Follow a value replaced from outside (another target form), not our own edits.
    const mine = Object.fromEntries(lines.filter((l) => l.key).map((l) => [l.key, l.text]));
    if (
      Object.keys(value).length !== Object.keys(mine).length ||
      Object.entries(value).some(([k, v]) => mine[k] !== asText(v))
    )
      setLines(Object.entries(value).map(([key, v]) => ({ key, text: asText(v) })));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const writable = targetFields.filter((f) => !fieldInfo(f.type).computed);
  const byKey = new Map(writable.map((f) => [f.key, f]));
  const commit = (next: Array<{ key: string; text: string }>) => {
    setLines(next);
    onChange(
      Object.fromEntries(next.filter((l) => l.key).map((l) => [l.key, typedValue(l.text, byKey.get(l.key))])),
    );
  };
  return (
    <div className="field-mapping">
      {lines.map((line, i) => {
        const field = byKey.get(line.key);
        return (
          <div className="mapping-row" key={i} data-testid="mapping-row">
            <Select
              className="mapping-target"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('automations.action.targetField')}
              value={line.key || undefined}
              onChange={(key: string) => commit(lines.map((l, j) => (j === i ? { ...l, key } : l)))}
              options={writable.map((f) => ({
                value: f.key,
                label: f.label,
                disabled: f.key !== line.key && lines.some((l) => l.key === f.key),
              }))}
              aria-label={t('automations.action.targetField')}
            />
            <span className="mapping-arrow">←</span>
            <div className="mapping-value">
              {field?.options?.length ? (
                <Select
                  value={line.text || undefined}
                  onChange={(text: string) => commit(lines.map((l, j) => (j === i ? { ...l, text } : l)))}
                  options={[
                    ...field.options.map((o) => ({ value: o.value, label: o.label })),
                    ...sourceFields.map((f) => ({ value: `{{record.${f.key}}}`, label: `{{${f.label}}}` })),
                  ]}
                  aria-label={t('automations.action.valueOf')}
                />
              ) : (
                <ExpressionInput
                  value={line.text}
                  onChange={(text) => commit(lines.map((l, j) => (j === i ? { ...l, text } : l)))}
                  sourceFields={sourceFields}
                  aria-label={t('automations.action.valueOf')}
                />
              )}
            </div>
            <Button
              type="text"
              icon={<CloseOutlined />}
              aria-label={t('common.delete')}
              onClick={() => commit(lines.filter((_, j) => j !== i))}
            />
          </div>
        );
      })}
      {!writable.length && <Typography.Text type="secondary">{t('automations.pickForm')}</Typography.Text>}
      <Button
        size="small"
        type="dashed"
        icon={<PlusOutlined />}
        disabled={!writable.length}
        onClick={() => setLines([...lines, { key: '', text: '' }])}
      >
        {t('automations.action.addMapping')}
      </Button>
    </div>
  );
}
