/**
 * Schedule presets (每天 / 每周 / 每月 at a time) and the cron patterns they stand for. Anything
 * else is a custom pattern edited as text.
 */
export type CronPreset =
  | { kind: 'daily'; time: string }
  | { kind: 'weekly'; time: string; weekday: number }
  | { kind: 'monthly'; time: string; day: number }
  | { kind: 'custom'; cron: string };

const hhmm = (time: string): [number, number] => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  return m ? [Math.min(23, Number(m[1])), Math.min(59, Number(m[2]))] : [8, 0];
};

/** The cron pattern of a preset: `{kind:'weekly', time:'09:30', weekday:1}` → `30 9 * * 1`. */
export function presetToCron(p: CronPreset): string {
  if (p.kind === 'custom') return p.cron;
  const [h, m] = hhmm(p.time);
  if (p.kind === 'daily') return `${m} ${h} * * *`;
  if (p.kind === 'weekly') return `${m} ${h} * * ${p.weekday}`;
  return `${m} ${h} ${p.day} * *`;
}

const pad = (n: number) => String(n).padStart(2, '0');
const int = (s: string, max: number) => (/^\d{1,2}$/.test(s) && Number(s) <= max ? Number(s) : undefined);

/** Reads a pattern back as a preset when it is one (five fields, fixed minute and hour). */
export function cronToPreset(cron: string): CronPreset {
  const parts = cron.trim().split(/\s+/);
  if (parts.length !== 5) return { kind: 'custom', cron };
  const [mi, ho, dom, mon, dow] = parts;
  const m = int(mi, 59);
  const h = int(ho, 23);
  if (m === undefined || h === undefined || mon !== '*') return { kind: 'custom', cron };
  const time = `${pad(h)}:${pad(m)}`;
  if (dom === '*' && dow === '*') return { kind: 'daily', time };
  const wd = dow === '7' ? 0 : int(dow, 6);
  if (dom === '*' && wd !== undefined) return { kind: 'weekly', time, weekday: wd };
  const d = int(dom, 31);
  if (dow === '*' && d !== undefined && d >= 1) return { kind: 'monthly', time, day: d };
  return { kind: 'custom', cron };
}
