import { Empty, Spin, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useRecordHistory } from '../api/records';
import type { FieldDef } from '../api/types';
import { FieldCell } from '../fields/field-cell';

interface Props {
  formId: string;
  recordId: string;
  fields: FieldDef[];
}

/** Who changed what, when: newest first, each change as before → after. */
export function HistoryTimeline({ formId, recordId, fields }: Props) {
  const { t } = useTranslation();
  const history = useRecordHistory(formId, recordId);
  if (history.isLoading) return <Spin />;
  const entries = history.data ?? [];
  if (!entries.length) return <Empty description={t('history.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const show = (key: string, v: unknown) => {
    const f = byKey.get(key);
    if (v === null || v === undefined || v === '') return <Typography.Text type="secondary">{t('history.emptyValue')}</Typography.Text>;
    return f ? <FieldCell field={f} value={v} /> : <>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</>;
  };
  return (
    <Timeline
      items={entries.map((e, i) => ({
        key: e.id ?? i,
        color: e.action.startsWith('create') ? 'green' : e.action.startsWith('delete') ? 'red' : 'blue',
        content: (
          <div className="history-entry">
            <div>
              <Typography.Text strong>{e.userId ?? '—'}</Typography.Text>{' '}
              {t(`history.action.${e.action}`, { defaultValue: e.action })}
              <Typography.Text type="secondary" className="history-time">{dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}</Typography.Text>
            </div>
            {e.changes.length > 0 && (
              <ul className="history-changes">
                {e.changes.map((c) => (
                  <li key={c.key}>
                    <Typography.Text type="secondary">{t('history.changeLabel', { label: c.label })}</Typography.Text>
                    <span className={c.before === null || c.before === undefined || c.before === '' ? undefined : 'history-before'}>{show(c.key, c.before)}</span>
                    <span className="history-arrow">→</span>
                    <span>{show(c.key, c.after)}</span>
                  </li>
                ))}
              </ul>
            )}
          </div>
        ),
      }))}
    />
  );
}
