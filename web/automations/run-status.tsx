import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = {
  running: 'processing',
  waiting: 'gold',
  succeeded: 'success',
  failed: 'error',
  skipped: 'default',
  loop_cut: 'volcano',
};

/** A run's status as a colored tag. */
export function RunStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status] ?? 'default'}>
      {t(`automations.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** A duration between two instants, as "120 ms" or "3.4 s". */
export function durationText(from: string | null, to: string | null): string {
  if (!from || !to) return '—';
  const ms = new Date(to).getTime() - new Date(from).getTime();
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
