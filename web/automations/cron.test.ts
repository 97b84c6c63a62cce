import { describe, expect, it } from 'vitest';
import { type CronPreset, cronToPreset, presetToCron } from './cron';

describe('schedule presets', () => {
  it.each<[CronPreset, string]>([
    [{ kind: 'daily', time: '08:00' }, '0 8 * * *'],
    [{ kind: 'daily', time: '23:59' }, '59 23 * * *'],
    [{ kind: 'weekly', time: '09:30', weekday: 1 }, '30 9 * * 1'],
    [{ kind: 'weekly', time: '18:05', weekday: 0 }, '5 18 * * 0'],
    [{ kind: 'monthly', time: '07:15', day: 1 }, '15 7 1 * *'],
    [{ kind: 'monthly', time: '00:00', day: 28 }, '0 0 28 * *'],
  ])('%j is the pattern "%s" and reads back as itself', (preset, cron) => {
    expect(presetToCron(preset)).toBe(cron);
    expect(cronToPreset(cron)).toEqual(preset);
  });

  it.each(['*/5 * * * *', '0 8 * * 1-5', '0 8 1 1 *', '0 8 1 * 1', 'nonsense', '0 0 8 * * *'])(
    '"%s" is kept as a custom pattern',
    (cron) => {
      expect(cronToPreset(cron)).toEqual({ kind: 'custom', cron });
      expect(presetToCron({ kind: 'custom', cron })).toBe(cron);
    },
  );

  it('reads Sunday written as 7 as weekday 0', () => {
    expect(cronToPreset('0 9 * * 7')).toEqual({ kind: 'weekly', time: '09:00', weekday: 0 });
  });
});
