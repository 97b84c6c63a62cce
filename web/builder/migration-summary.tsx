import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MigrationSummary as Summary } from '../api/types';

/** What a save changed in the data: added, converted, removed, restored, recomputed fields. */
export function MigrationSummary({ migration }: { migration: Summary }) {
  const { t } = useTranslation();
  const rows: Array<[string, string[]]> = [
    [t('builder.migration.addedColumns'), migration.addedColumns],
    [
      t('builder.migration.converted'),
      migration.converted.map(
        (c) =>
          t('builder.migration.convertedItem', { key: c.key, from: c.from, to: c.to }) +
          (c.failed ? t('builder.migration.failed', { count: c.failed }) : ''),
      ),
    ],
    [t('builder.migration.removed'), migration.removed],
    [t('builder.migration.restored'), migration.restored],
    [t('builder.migration.recomputed'), [...new Set(migration.recomputed)]],
  ];
  const shown = rows.filter(([, items]) => items.length);
  if (!shown.length)
    return <Typography.Text type="secondary">{t('builder.migration.nothing')}</Typography.Text>;
  return (
    <dl className="migration-summary">
      {shown.map(([label, items]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>
            {items.map((x) => (
              <Tag key={x}>{x}</Tag>
            ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
