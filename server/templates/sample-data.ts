import * as W from './sample-words.js';

/** One form's sample records: relation values name other records by `ref`. */
export interface SampleBlock {
  form: string;
  records: Array<{ ref?: string; state?: string; fields: Record<string, unknown> }>;
}

/** A small, fast, deterministic PRNG (mulberry32): the same seed gives the same data. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const weighted = <T extends string>(w: Record<T, number>): T => {
    const total = Object.values<number>(w).reduce((s, x) => s + x, 0);
    let r = next() * total;
    for (const [k, x] of Object.entries<number>(w)) if ((r -= x) < 0) return k as T;
    return Object.keys(w)[0] as T;
  };
  return { next, int, pick, weighted, chance: (p: number) => next() < p };
}

export const defaultCounts = { customers: 60, interactions: 240, needs: 90, tasks: 40, kpis: 12 };

/** The local date `days` from `now` (negative: in the past), 'YYYY-MM-DD'. */
function dayOffset(now: Date, days: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now.getTime() + days * 86_400_000));
}

/**
 * The `crm-suite` generator: companies with real-sounding names across industries, their
 * decision makers and phones, a year of interactions, needs, cross-department tasks and KPI rows,
 * consistent with one another (a 流失风险 customer has had no contact for 60 days; a 高价值 one
 * is contacted often). Field keys are the suite's; installing drops what a form does not have.
 * People are `$me` / `$myDepartment` (the installer). Deterministic for a seed and a day.
 */
export function generateCrmSuite(
  seed: number,
  now: Date,
  timeZone: string,
  counts: Partial<typeof defaultCounts> = {},
): SampleBlock[] {
  const n = { ...defaultCounts, ...counts };
  const r = prng(seed);
  const day = (d: number) => dayOffset(now, d, timeZone);
  const person = () => r.pick(W.surnames) + r.pick(W.givenNames);
  const phone = () =>
    `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;

  const names = new Set<string>();
  const customers = Array.from({ length: n.customers }, (_, i) => {
    const industry = r.pick(Object.keys(W.industries));
    let name = '';
    while (!name || names.has(name))
      name = `${r.pick(W.cities)}${r.pick(W.brandNames)}${r.pick(W.industries[industry].words)}有限公司`;
    names.add(name);
    const tier = r.weighted({ high: 2, potential: 3, normal: 4, churn: 1 });
    const amount = {
      high: [800_000, 5_000_000],
      potential: [100_000, 800_000],
      normal: [20_000, 300_000],
      churn: [10_000, 200_000],
    }[tier];
    return {
      ref: `customer-${i + 1}`,
      tier,
      fields: {
        name,
        industry,
        contactName: person(),
        contactTitle: r.pick(W.titles),
        phone: phone(),
        years: Math.round(r.int(5, 100)) / 10,
        totalAmount: Math.round(r.int(amount[0], amount[1]) / 100) * 100,
        needTags: [...new Set([r.pick(W.needTags), r.pick(W.needTags)])],
        tier,
        owner: '$me',
        department: '$myDepartment',
      },
    };
  });
  const weightedCustomer = () => {
    const c = r.pick(customers);
    return c.tier === 'high' || r.chance(0.6) ? c : r.pick(customers);
  };

  const interactions = Array.from({ length: customers.length ? n.interactions : 0 }, () => {
    const c = weightedCustomer();
    const ago = c.tier === 'churn' ? r.int(61, 365) : r.int(0, 365);
    const hasNext = r.chance(0.6);
    return {
      fields: {
        date: day(-ago),
        customer: [c.ref],
        channel: r.weighted({ phone: 5, visit: 3, online: 4 }),
        subject: r.pick(W.subjects),
        participants: ['$me'],
        feedback: r.pick(W.feedbacks),
        ...(hasNext ? { nextAction: r.pick(W.nextActions) } : {}),
        owner: '$me',
        status: ago > 14 ? r.weighted({ done: 9, doing: 1 }) : r.weighted({ done: 2, doing: 2, todo: 1 }),
      },
    };
  });

  const needs = Array.from({ length: customers.length ? n.needs : 0 }, () => {
    const c = weightedCustomer();
    const type = r.weighted({ product: 4, service: 3, after_sales: 3 });
    const state = r.weighted({ pending: 2, processing: 3, resolved: 4, closed: 1 });
    return {
      state,
      fields: {
        customer: [c.ref],
        type,
        description: r.pick(W.needDescriptions[type]),
        priority: r.weighted({ high: 2, medium: 5, low: 3 }),
        relatedOffering: r.pick(W.offerings),
        ...(state !== 'pending' ? { solution: r.pick(W.solutions) } : {}),
        owner: '$me',
        expectedDate: day(r.int(-30, 60)),
        feedback: state === 'resolved' ? 'confirmed' : 'follow_up',
      },
    };
  });

  const tasks = Array.from({ length: n.tasks }, () => {
    const c = customers.length && r.chance(0.6) ? r.pick(customers) : undefined;
    const due = r.int(-20, 30);
    const state = due < 0 ? r.weighted({ done: 3, delayed: 2 }) : r.weighted({ todo: 3, doing: 4, done: 1 });
    return {
      state,
      fields: {
        description: r
          .pick(W.taskTitles)
          .replace('{c}', c ? c.fields.name.replace(/有限公司$/, '') : '重点客户'),
        departments: ['$myDepartment'],
        owner: '$me',
        helpers: ['$me'],
        dueDate: day(due),
        criteria: r.pick(W.criteriaList),
        ...(c ? { customer: [c.ref] } : {}),
      },
    };
  });

  const kpis = Array.from({ length: n.kpis }, (_, i) => {
    const [goal, metric, direction, baseline, target, current, gap, improvements] =
      W.kpiRows[i % W.kpiRows.length];
    return {
      fields: {
        goal,
        metric,
        direction,
        baseline,
        target,
        current,
        gapAnalysis: gap,
        improvements,
        owner: '$me',
        reviewDate: day(r.int(7, 90)),
      },
    };
  });

  return [
    { form: 'customers', records: customers.map(({ ref, fields }) => ({ ref, fields })) },
    { form: 'interactions', records: interactions },
    { form: 'needs', records: needs },
    { form: 'tasks', records: tasks },
    { form: 'kpis', records: kpis },
  ];
}
