import { Empty, Spin, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { usePeopleNames } from '../api/people';
import type { FormWorkflow } from '../api/record-workflow';
import { useRecordHistory } from '../api/records';
import type { FieldDef, HistoryEntry } from '../api/types';
import { ValueCell } from '../views/shared/value-cell';

interface Props {
  formId: string;
  recordId: string;
  fields: FieldDef[];
  workflow?: FormWorkflow | null;
}

/** Who changed what, when: newest first, each change as before → after, people by name. */
export function HistoryTimeline({ formId, recordId, fields, workflow }: Props) {
  const { t } = useTranslation();
  const history = useRecordHistory(formId, recordId);
  const names = usePeopleNames();
  if (history.isLoading) return <Spin />;
  const entries = (history.data ?? []) as Array<HistoryEntry & { comment?: string | null }>;
  if (!entries.length) return <Empty description={t('history.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const isEmpty = (v: unknown) =>
    v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);
  const show = (key: string, v: unknown) => {
    if (isEmpty(v)) return <Typography.Text type="secondary">{t('history.emptyValue')}</Typography.Text>;
    if (key === '$state') {
      const s = workflow?.states.find((x) => x.key === v);
      return <Tag color={s?.color}>{s?.label ?? String(v)}</Tag>;
    }
    const f = byKey.get(key);
    return f ? (
      <ValueCell field={f} value={v} />
    ) : (
      <>{typeof v === 'object' ? JSON.stringify(v) : String(v)}</>
    );
  };
  return (
    <Timeline
      items={entries.map((e, i) => ({
        key: e.id ?? i,
        color: e.action.startsWith('create')
          ? 'green'
          : e.action.startsWith('delete')
            ? 'red'
            : e.action === 'transition'
              ? 'purple'
              : 'blue',
        content: (
          <div className="history-entry">
            <div>
              <Typography.Text strong>
                {e.userId ? (names.get(e.userId) ?? t('detail.unknownUser')) : t('detail.system')}
              </Typography.Text>{' '}
              {t(`history.action.${e.action}`, { defaultValue: e.action })}
              <Typography.Text type="secondary" className="history-time">
                {dayjs(e.at).format('YYYY-MM-DD HH:mm:ss')}
              </Typography.Text>
            </div>
            {e.changes.length > 0 && (
              <ul className="history-changes">
                {e.changes.map((c) => (
                  <li key={c.key}>
                    <Typography.Text type="secondary">
                      {t('history.changeLabel', {
                        label:
                          c.key === '$state' ? t('detail.stateChange') : (byKey.get(c.key)?.label ?? c.label),
                      })}
                    </Typography.Text>
                    <span className={isEmpty(c.before) ? undefined : 'history-before'}>
                      {show(c.key, c.before)}
                    </span>
                    <span className="history-arrow">→</span>
                    <span>{show(c.key, c.after)}</span>
                  </li>
                ))}
              </ul>
            )}
            {e.comment && (
              <Typography.Text type="secondary" className="history-comment">
                {t('detail.comment', { comment: e.comment })}
              </Typography.Text>
            )}
          </div>
        ),
      }))}
    />
  );
}
