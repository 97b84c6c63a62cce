import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { matchesFilter, type Filter } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { notify } from '../notifications/notifications.service.js';
import { filterContext } from '../permissions/record-access.js';
import { dyn, findRows, loadLinks, toRecord, type RecordOut } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { addHours } from './business-time.js';
import type { Sla, Workflow } from './workflow.schema.js';
import { departmentAncestry, effectiveWorkflow } from './workflow-resolve.js';
import { findWorkflow } from './workflows.repository.js';
import { transitionRecord } from './workflows.service.js';

const ruleKey = (s: Sla, i: number) => s.key ?? `${s.state}#${i}`;

/** When a record's time limit in its state ends, or null without one. */
export function slaStart(s: Sla, rec: RecordOut): Date | null {
  const v = !s.from || s.from === 'enteredState' ? rec.stateEnteredAt : (rec.fields[s.from] as string | null);
  return v ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : null;
}

export function deadlineOf(wf: Workflow, sla: Sla[], rec: RecordOut, timeZone: string): { deadline: string; hours: number } | null {
  const s = sla.find((x) => x.state === rec.state);
  const start = s && slaStart(s, rec);
  if (!s || !start) return null;
  return { deadline: iso(addHours(start, s.hours, s.businessHours, timeZone)), hours: s.hours };
}

async function recipients(db: Db, rec: RecordOut, model: FormModel, targets: NonNullable<Sla['escalations'][number]['notify']>): Promise<string[]> {
  const out: string[] = [];
  for (const t of targets) {
    if (t === 'owner' && rec.ownerId) out.push(rec.ownerId);
    else if (t === 'departmentHead' && rec.departmentId) {
      const d = await db.selectFrom('departments').select('head_user_id').where('id', '=', rec.departmentId).executeTakeFirst();
      if (d?.head_user_id) out.push(d.head_user_id);
    } else if (typeof t === 'object' && 'role' in t) {
      const direct = await db.selectFrom('user_roles').select('user_id').where('role_id', '=', t.role).execute();
      const viaDept = await db.selectFrom('department_roles').innerJoin('user_departments', 'user_departments.department_id', 'department_roles.department_id').select('user_departments.user_id').where('department_roles.role_id', '=', t.role).execute();
      out.push(...direct.map((r) => r.user_id), ...viaDept.map((r) => r.user_id));
    } else if (typeof t === 'object' && 'userField' in t) {
      const v = rec.fields[t.userField];
      out.push(...((Array.isArray(v) ? v : v ? [v] : []) as string[]));
    } else if (typeof t === 'object' && 'user' in t) out.push(t.user);
  }
  return out;
}

/**
 * Finds records past a time-limit step and escalates each step exactly once per stay in the state:
 * the step is claimed by inserting its row into sla_escalations (a primary key), in the same
 * transaction as its notifications and moves, so a restart or a second server never repeats it.
 * Limits that passed while the server was down fire on the first scan. Answers the steps taken.
 */
export async function runSlaScan(deps: Deps): Promise<number> {
  const forms = await deps.db.selectFrom('workflows').select('form_id').execute();
  let taken = 0;
  for (const { form_id } of forms) taken += await scanForm(deps, form_id);
  return taken;
}

async function scanForm(deps: Deps, formId: string): Promise<number> {
  const wf = await findWorkflow(deps.db, formId);
  if (!wf) return 0;
  const model = await loadModel(deps.db, formId);
  const now = deps.clock.now();
  // Every time-limit rule of the base workflow and its variants; records are checked against the
  // rules that apply to their own department below.
  const rules = [...wf.sla.map((s, i) => ({ s, key: ruleKey(s, i) })), ...wf.variants.flatMap((v) => (v.sla ?? []).map((s, i) => ({ s, key: `${v.departmentId}:${ruleKey(s, i)}` })))];
  let taken = 0;
  for (const { s, key } of rules) {
    for (const [step, esc] of s.escalations.entries()) {
      // Working hours are never fewer than calendar hours, so the calendar cut-off finds every candidate.
      const cutoff = iso(new Date(now.getTime() - esc.afterHours * 3600000));
      const startCol = !s.from || s.from === 'enteredState' ? 'state_entered_at' : model.byKey.get(s.from)?.column;
      if (!startCol) continue;
      const claimed = sql`exists (select 1 from sla_escalations e where e.form_id = ${formId} and e.record_id = ${sql.ref(`${model.table}.id`)} and e.rule = ${key} and e.step = ${step} and e.entered_at = ${sql.ref(`${model.table}.state_entered_at`)})`;
      let after = '';
      for (;;) {
        const ids = (await dyn(deps.db).selectFrom(model.table).select('id').where('state', '=', s.state).where('deleted_at', 'is', null).where(startCol, '<=', cutoff).where('id', '>', after).where(sql<boolean>`not ${claimed}`).orderBy('id').limit(500).execute()) as { id: string }[];
        if (!ids.length) break;
        after = ids[ids.length - 1].id;
        for (const { id } of ids) taken += await escalate(deps, model, wf, key, s, step, id);
      }
    }
  }
  return taken;
}

async function escalate(deps: Deps, model: FormModel, wf: Workflow, key: string, s: Sla, step: number, recordId: string): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const [row] = await findRows(tx, model, [recordId]);
    if (!row || row.state !== s.state) return 0;
    const rec = toRecord(model, row, (await loadLinks(tx, model, [recordId])).get(recordId));
    const eff = effectiveWorkflow(wf, await departmentAncestry(tx, rec.departmentId));
    const applies = key.includes(':') ? eff.variant && key.startsWith(`${eff.variant.departmentId}:`) : !eff.variant || eff.sla === wf.sla;
    if (!applies) return 0;
    if (s.when && !matchesFilter(s.when as Filter, { ...rec.fields, state: rec.state, ownerId: rec.ownerId, departmentId: rec.departmentId }, filterContext(model, { id: '', email: '', name: '', isAdmin: true, mainDepartmentId: null, departmentIds: [], via: 'token' }, deps))) return 0;
    const start = slaStart(s, rec);
    const esc = s.escalations[step];
    if (!start || addHours(start, esc.afterHours, s.businessHours, deps.config.timeZone) > deps.clock.now()) return 0;
    const at = iso(deps.clock.now());
    const claim = await tx.insertInto('sla_escalations').values({ form_id: model.def.id, record_id: recordId, rule: key, step, entered_at: row.state_entered_at ?? '', done_at: at }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
    if (Number(claim.numInsertedOrUpdatedRows ?? 0) !== 1) return 0;
    const state = wf.states.find((x) => x.key === s.state);
    const title = esc.message ?? `「${String(rec.fields[model.def.fields.find((f) => f.id === model.def.titleField)?.key ?? ''] ?? rec.id)}」在「${state?.label ?? s.state}」已超过 ${esc.afterHours} 小时`;
    if (esc.notify?.length) await notify(tx, deps.clock.now(), { userIds: await recipients(tx, rec, model, esc.notify), title, body: `${model.def.name} · 时限 ${s.hours} 小时`, formId: model.def.id, recordId, source: `workflow:${model.def.id}` });
    // Automations listen for breaches ("time limit breached" trigger).
    await tx.insertInto('outbox').values({ event: 'record.sla_breached', form_id: model.def.id, record_id: recordId, payload: JSON.stringify({ version: rec.version, userId: null, state: s.state, rule: key, step, afterHours: esc.afterHours }), depth: 0, created_at: at, claimed_until: null, done_at: null }).execute();
    if (esc.moveTo && esc.moveTo !== rec.state) await transitionRecord(deps, tx, model, recordId, { to: esc.moveTo, comment: title }, { userId: null, departmentId: null }, { system: true });
    return 1;
  });
}

/** Scans every minute (and once at start-up, so limits that passed while down fire now). */
export function startSlaScheduler(deps: Deps, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runSlaScan(deps);
    } catch (e) {
      console.error('SLA scan failed', e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
