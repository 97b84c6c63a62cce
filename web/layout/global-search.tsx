import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSearch } from '../api/search';
import { useDebounced } from '../hooks/use-debounced';

/**
 * The header search: records across every form the user may read (a customer's name, phone,
 * number or any text), each shown with its form; choosing one opens it in its form's data page.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const hits = useSearch(q);
  const items = q ? (hits.data?.items ?? []) : [];
  const options = items.map((h) => ({
    value: `${h.formId}/${h.recordId}`,
    label: (
      <div className="global-search-hit">
        <div className="global-search-title">{h.title ?? t('shell.untitled')}</div>
        <Typography.Text type="secondary" className="global-search-meta" ellipsis>
          {h.formName}
          {h.matched ? ` · ${h.matched.label}：${h.matched.value}` : ''}
        </Typography.Text>
      </div>
    ),
  }));
  return (
    <AutoComplete
      className="shell-search"
      variant="borderless"
      popupMatchSelectWidth={false}
      value={text}
      options={options}
      onSearch={setText}
      onSelect={(value: string) => {
        const [formId, recordId] = value.split('/');
        setText('');
        navigate(`/forms/${formId}?record=${recordId}`);
      }}
      notFoundContent={q && hits.isSuccess && !hits.isFetching ? t('shell.searchNoHits') : null}
    >
      <Input
        prefix={<SearchOutlined />}
        placeholder={t('shell.searchPlaceholder')}
        allowClear
        aria-label={t('shell.searchPlaceholder')}
      />
    </AutoComplete>
  );
}
