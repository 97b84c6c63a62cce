/** How many backups to keep: the newest of each of the last N days, ISO weeks and months. */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** Pre-upgrade backups sit outside the calendar policy: the newest few are kept. */
export const keptUpgradeBackups = 3;

function localDate(at: Date, timeZone: string): { y: number; m: number; d: number } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(at)
    .split('-')
    .map(Number);
  return { y, m, d };
}

function isoWeek({ y, m, d }: { y: number; m: number; d: number }): string {
  const date = new Date(Date.UTC(y, m - 1, d));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week names its year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86400000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which backups retention keeps (grandfather-father-son): walking from the newest, the first
 * backup of each new day is kept until `daily` days are covered, likewise per ISO week and per
 * month; days, weeks and months are those of `timeZone`. The newest backup is always kept.
 */
export function backupsToKeep(
  items: Array<{ name: string; createdAt: string }>,
  policy: RetentionPolicy,
  timeZone: string,
): Set<string> {
  const newestFirst = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const keep = new Set<string>(newestFirst.slice(0, 1).map((b) => b.name));
  const buckets: Array<[number, (l: { y: number; m: number; d: number }) => string]> = [
    [policy.daily, (l) => `${l.y}-${l.m}-${l.d}`],
    [policy.weekly, isoWeek],
    [policy.monthly, (l) => `${l.y}-${l.m}`],
  ];
  for (const [limit, keyOf] of buckets) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      if (seen.size >= limit) break;
      const key = keyOf(localDate(new Date(b.createdAt), timeZone));
      if (seen.has(key)) continue;
      seen.add(key);
      keep.add(b.name);
    }
  }
  return keep;
}
