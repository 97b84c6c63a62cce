import { describe, expect, it } from 'vitest';
import { defaultCounts, generateCrmSuite } from '../server/templates/sample-data.js';

const now = new Date('2026-03-15T02:00:00Z');
const byForm = (seed: number) =>
  Object.fromEntries(generateCrmSuite(seed, now, 'Asia/Shanghai').map((b) => [b.form, b.records]));

describe('the crm-suite sample generator', () => {
  it('gives the same records for the same seed and day, and others for another seed', () => {
    expect(generateCrmSuite(7, now, 'Asia/Shanghai')).toEqual(generateCrmSuite(7, now, 'Asia/Shanghai'));
    expect(byForm(7).customers.map((c) => c.fields.name)).not.toEqual(
      byForm(8).customers.map((c) => c.fields.name),
    );
  });

  it('makes a few hundred consistent records: unique company names, links to existing customers, dates within the last year', () => {
    const d = byForm(2026);
    for (const [form, n] of Object.entries(defaultCounts)) expect(d[form]).toHaveLength(n);
    const names = d.customers.map((c) => c.fields.name as string);
    expect(new Set(names).size).toBe(names.length);
    expect(
      names.every((n) => /^[\u4e00-\u9fa5]{2,4}[\u4e00-\u9fa5]{2}[\u4e00-\u9fa5]+有限公司$/.test(n)),
    ).toBe(true);
    const refs = new Set(d.customers.map((c) => c.ref));
    for (const r of [...d.interactions, ...d.needs])
      expect(refs.has((r.fields.customer as string[])[0])).toBe(true);
    const dates = d.interactions.map((r) => r.fields.date as string);
    expect(dates.every((x) => x >= '2025-03-15' && x <= '2026-03-15')).toBe(true);
    const churned = new Set(d.customers.filter((c) => c.fields.tier === 'churn').map((c) => c.ref));
    for (const r of d.interactions.filter((x) => churned.has((x.fields.customer as string[])[0])))
      expect(String(r.fields.date) < '2026-01-14').toBe(true);
    expect(d.customers.every((c) => /^1[3-9]\d{9}$/.test(c.fields.phone as string))).toBe(true);
  });
});
