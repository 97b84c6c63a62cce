import type { BenchContext } from './context.js';

/** The time-limit rule the SLA scan benchmark escalates. */
export const SLA_RULE = 'firstContact';
export const SLA_HOURS = 48;

/**
 * 客户跟进 on the seeded customer form: 待跟进 → 跟进中 → 已签约 / 已流失, and (with `sla`) a new
 * customer must be contacted within 48 hours, else the 负责人 (the member field `owner`) is told.
 */
export function followUpWorkflow(sla: boolean) {
  return {
    states: [
      { key: 'new', label: '待跟进', category: 'todo', color: 'default' },
      { key: 'following', label: '跟进中', category: 'doing', color: 'blue' },
      { key: 'won', label: '已签约', category: 'done', color: 'green' },
      { key: 'lost', label: '已流失', category: 'cancelled', color: 'red' },
    ],
    initial: 'new',
    transitions: [
      { key: 'start', from: 'new', to: 'following', label: '开始跟进' },
      { key: 'win', from: 'following', to: 'won', label: '签约', requiredFields: ['amount'] },
      { key: 'lose', from: ['new', 'following'], to: 'lost', label: '流失', requireComment: true },
      { key: 'reopen', from: 'lost', to: 'following', label: '重新跟进' },
    ],
    sla: sla
      ? [
          {
            key: SLA_RULE,
            state: 'new',
            hours: SLA_HOURS,
            escalations: [
              {
                afterHours: SLA_HOURS,
                notify: [{ userField: 'owner' }],
                message: '新客户已超过 48 小时未跟进',
              },
            ],
          },
        ]
      : [],
    variants: [],
  };
}

const attached = new WeakMap<BenchContext, Promise<{ putMs: number }>>();

/**
 * Puts 客户跟进 on the seeded form once per run (every seeded customer enters 待跟进 in that
 * request), and creates the floor's copies of the history, outbox, escalation and notification
 * tables, so the direct-SQL floor writes as many rows as the server without touching its tables.
 */
export function attachWorkflow(ctx: BenchContext): Promise<{ putMs: number }> {
  let done = attached.get(ctx);
  if (!done) {
    done = (async () => {
      process.stderr.write(
        `${ctx.engine}: putting the 客户跟进 workflow on ${ctx.count.toLocaleString('en')} customers…\n`,
      );
      const put = await ctx.api.ok('PUT', `/api/forms/${ctx.formId}/workflow`, followUpWorkflow(false));
      const copies = {
        record_history: 'floor_wf_history',
        outbox: 'floor_wf_outbox',
        sla_escalations: 'floor_wf_escalations',
        notifications: 'floor_wf_notifications',
      };
      for (const [table, copy] of Object.entries(copies)) await ctx.floor.copyTable(table, copy);
      return { putMs: Math.round(put.ms) };
    })();
    attached.set(ctx, done);
  }
  return done;
}
