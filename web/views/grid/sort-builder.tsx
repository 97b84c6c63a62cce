import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldChoice } from '../shared/field-choices';
import { type SortRule, formatSortRules, parseSortRules } from './sort';

interface Props {
  sort: string | undefined;
  onChange: (sort: string | undefined) => void;
  choices: FieldChoice[];
}

/** Several sort rules, applied in order (the first decides, the next breaks ties). */
export function SortBuilder({ sort, onChange, choices }: Props) {
  const { t } = useTranslation();
  const rules = parseSortRules(sort);
  const sortable = choices.filter((c) => c.sortable);
  const set = (next: SortRule[]) => onChange(formatSortRules(next));
  const unused = sortable.filter((c) => !rules.some((r) => r.key === c.key));
  return (
    <div className="sort-builder">
      <Typography.Text strong>{t('sorter.title')}</Typography.Text>
      {rules.length === 0 && (
        <Typography.Text type="secondary" className="sort-empty">
          {t('sorter.empty')}
        </Typography.Text>
      )}
      {rules.map((r, i) => (
        <div key={r.key} className="sort-row">
          <Select
            className="sort-field"
            showSearch={{ optionFilterProp: 'label' }}
            value={r.key}
            options={sortable
              .filter((c) => c.key === r.key || !rules.some((x) => x.key === c.key))
              .map((c) => ({ value: c.key, label: c.label }))}
            onChange={(key: string) => set(rules.map((x, j) => (j === i ? { ...x, key } : x)))}
          />
          <Segmented
            size="small"
            value={r.desc ? 'desc' : 'asc'}
            options={[
              { value: 'asc', label: t('sorter.asc') },
              { value: 'desc', label: t('sorter.desc') },
            ]}
            onChange={(v) => set(rules.map((x, j) => (j === i ? { ...x, desc: v === 'desc' } : x)))}
          />
          <Button
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('filterBuilder.remove')}
            onClick={() => set(rules.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <Button
        size="small"
        type="link"
        icon={<PlusOutlined />}
        disabled={rules.length >= 5 || !unused.length}
        title={rules.length >= 5 ? t('sorter.max') : undefined}
        onClick={() => set([...rules, { key: unused[0].key, desc: false }])}
      >
        {t('sorter.add')}
      </Button>
    </div>
  );
}
