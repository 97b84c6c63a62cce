import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Segmented, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CONDITION_OPS,
  type ConditionRow,
  type GrantDraft,
  NO_VALUE_OPS,
  parseFilterText,
  switchFilterMode,
} from './grants';

const SYSTEM_FIELDS = ['ownerId', 'departmentId', 'createdBy', 'createdAt', 'updatedAt', 'state'] as const;

interface Props {
  draft: GrantDraft;
  onChange: (d: GrantDraft) => void;
  /** The target form's fields (none for app-wide grants: then only system fields are offered). */
  fields: Array<{ key: string; label: string }>;
}

/** 自定义条件: rows of field · op · value joined by 全部/任一, or the filter as JSON text (checked as you type). */
export function ConditionEditor({ draft, onChange, fields }: Props) {
  const { t } = useTranslation();
  const fieldOptions = [
    ...fields.map((f) => ({ value: f.key, label: f.label })),
    ...SYSTEM_FIELDS.map((k) => ({ value: k, label: t(`admin.condition.system.${k}`) })),
  ];
  const setRow = (i: number, patch: Partial<ConditionRow>) =>
    onChange({ ...draft, conditions: draft.conditions.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  const simpleOk = draft.filterMode === 'simple' || !!switchFilterMode(draft, 'simple');
  const parsed =
    draft.filterMode === 'json' && draft.filterText.trim() ? parseFilterText(draft.filterText) : null;
  const jsonProblem =
    parsed && 'error' in parsed
      ? parsed.error === 'json'
        ? `${t('admin.condition.jsonInvalid')}：${parsed.path}`
        : t(parsed.error === 'op' ? 'admin.condition.opInvalid' : 'admin.condition.shapeInvalid', {
            path: parsed.path || '/',
          })
      : null;

  return (
    <div className="condition-editor">
      <div className="condition-head">
        {draft.filterMode === 'simple' ? (
          <Segmented
            size="small"
            value={draft.match}
            onChange={(v) => onChange({ ...draft, match: v as 'and' | 'or' })}
            options={[
              { value: 'and', label: t('admin.condition.matchAll') },
              { value: 'or', label: t('admin.condition.matchAny') },
            ]}
          />
        ) : (
          <span />
        )}
        <Button
          type="link"
          size="small"
          disabled={!simpleOk}
          title={!simpleOk ? t('admin.condition.tooComplex') : undefined}
          onClick={() => {
            const next = switchFilterMode(draft, draft.filterMode === 'simple' ? 'json' : 'simple');
            if (next) onChange(next);
          }}
        >
          {draft.filterMode === 'simple' ? t('admin.condition.json') : t('admin.condition.simple')}
        </Button>
      </div>
      {draft.filterMode === 'simple' ? (
        <>
          {!draft.conditions.length && (
            <Typography.Text type="secondary" className="panel-hint">
              {t('admin.condition.none')}
            </Typography.Text>
          )}
          {draft.conditions.map((row, i) => (
            <Space.Compact key={i} block className="condition-row">
              <Select
                style={{ width: '34%' }}
                placeholder={t('admin.condition.field')}
                value={row.field || undefined}
                onChange={(v) => setRow(i, { field: v })}
                options={fieldOptions}
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('admin.condition.field')}
              />
              <Select
                style={{ width: '22%' }}
                value={row.op}
                onChange={(v) => setRow(i, { op: v })}
                options={CONDITION_OPS.map((op) => ({ value: op, label: t(`admin.condition.ops.${op}`) }))}
                aria-label={t('admin.condition.op')}
              />
              <Input
                style={{ width: '38%' }}
                placeholder={t('admin.condition.value')}
                value={row.value}
                disabled={NO_VALUE_OPS.includes(row.op)}
                onChange={(e) => setRow(i, { value: e.target.value })}
                aria-label={t('admin.condition.value')}
              />
              <Button
                icon={<CloseOutlined />}
                aria-label={t('common.delete')}
                onClick={() =>
                  onChange({ ...draft, conditions: draft.conditions.filter((_r, j) => j !== i) })
                }
              />
            </Space.Compact>
          ))}
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() =>
              onChange({ ...draft, conditions: [...draft.conditions, { field: '', op: 'eq', value: '' }] })
            }
          >
            {t('admin.condition.add')}
          </Button>
          <Typography.Text type="secondary" className="condition-hint">
            {t('admin.condition.valueHint')}
          </Typography.Text>
        </>
      ) : (
        <>
          <Input.TextArea
            className="mono"
            autoSize={{ minRows: 4, maxRows: 14 }}
            value={draft.filterText}
            onChange={(e) => onChange({ ...draft, filterText: e.target.value })}
            status={jsonProblem ? 'error' : undefined}
            spellCheck={false}
          />
          {jsonProblem && <Alert type="error" showIcon title={jsonProblem} style={{ marginTop: 6 }} />}
          {!simpleOk && !jsonProblem && (
            <Typography.Text type="secondary" className="condition-hint">
              {t('admin.condition.tooComplex')}
            </Typography.Text>
          )}
        </>
      )}
    </div>
  );
}
