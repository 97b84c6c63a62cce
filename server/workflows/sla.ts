import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { filterPredicate, matchesFilter, type Filter } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { notify } from '../notifications/notifications.service.js';
import { loadCurrentUser } from '../auth/auth.service.js';
import { maskValue } from '../permissions/mask.js';
import { filterContext, recordContext } from '../permissions/record-access.js';
import { selectRows } from '../records/record-table.js';
import { findRows, loadLinks, toRecord, type RecordOut } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { addHours } from './business-time.js';
import type { Sla, Workflow } from './workflow.schema.js';
import { effectiveWorkflow } from './workflow-resolve.js';
import { findWorkflow } from './workflows.repository.js';
import { transitionRecord } from './workflows.service.js';

const ruleKey = (s: Sla, i: number) => s.key ?? `${s.state}#${i}`;

/** When a record's time limit in its state ends, or null without one. */
export function slaStart(s: Sla, rec: RecordOut): Date | null {
  const v = !s.from || s.from === 'enteredState' ? rec.stateEnteredAt : (rec.fields[s.from] as string | null);
  return v ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : null;
}

export function deadlineOf(
  wf: Workflow,
  sla: Sla[],
  rec: RecordOut,
  timeZone: string,
): { deadline: string; hours: number } | null {
  const s = sla.find((x) => x.state === rec.state);
  const start = s && slaStart(s, rec);
  if (!s || !start) return null;
  return { deadline: iso(addHours(start, s.hours, s.businessHours, timeZone)), hours: s.hours };
}

async function recipients(
  db: Db,
  rec: RecordOut,
  model: FormModel,
  targets: NonNullable<Sla['escalations'][number]['notify']>,
): Promise<string[]> {
  const out: string[] = [];
  for (const t of targets) {
    if (t === 'owner' && rec.ownerId) out.push(rec.ownerId);
    else if (t === 'departmentHead' && rec.departmentId) {
      const d = await db
        .selectFrom('departments')
        .select('head_user_id')
        .where('id', '=', rec.departmentId)
        .executeTakeFirst();
      if (d?.head_user_id) out.push(d.head_user_id);
    } else if (typeof t === 'object' && 'role' in t) {
      const direct = await db
        .selectFrom('user_roles')
        .select('user_id')
        .where('role_id', '=', t.role)
        .execute();
      const viaDept = await db
        .selectFrom('department_roles')
        .innerJoin('user_departments', 'user_departments.department_id', 'department_roles.department_id')
        .select('user_departments.user_id')
        .where('department_roles.role_id', '=', t.role)
        .execute();
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

let running: Promise<unknown> = Promise.resolve();

/**
 * Runs `scan` after any scan this process is already running, so the scheduler and a scan asked
 * for by hand never work side by side (claims would still hold; the work would just double).
 */
function oneAtATime<T>(scan: () => Promise<T>): Promise<T> {
  const next = running.then(scan, scan);
  running = next.catch(() => undefined);
  return next;
}

/** Scans one form now (POST /api/forms/:formId/workflow/sla-scan), after a scan in progress; answers the steps taken. */
export function scanFormNow(deps: Deps, formId: string): Promise<number> {
  return oneAtATime(() => scanForm(deps, formId));
}

/** Records checked and escalated per transaction: one commit for many, yet a short lock. */
const CHUNK = 100;

async function scanForm(deps: Deps, formId: string): Promise<number> {
  const wf = await findWorkflow(deps.db, formId);
  if (!wf) return 0;
  const model = await loadModel(deps.db, formId);
  const now = deps.clock.now();
  const ancestry = await departmentTree(deps.db);
  // Every time-limit rule of the base workflow and its variants; records are checked against the
  // rules that apply to their own department below.
  const rules = [
    ...wf.sla.map((s, i) => ({ s, key: ruleKey(s, i) })),
    ...wf.variants.flatMap((v) =>
      (v.sla ?? []).map((s, i) => ({ s, key: `${v.departmentId}:${ruleKey(s, i)}` })),
    ),
  ];
  let taken = 0;
  for (const { s, key } of rules) {
    for (const [step, esc] of s.escalations.entries()) {
      // Working hours are never fewer than calendar hours, so the calendar cut-off finds every candidate.
      const cutoff = iso(new Date(now.getTime() - esc.afterHours * 3600000));
      const startCol =
        !s.from || s.from === 'enteredState' ? 'state_entered_at' : model.byKey.get(s.from)?.column;
      if (!startCol) continue;
      // Pages through the candidates in the order of the (state, state_entered_at, id) index, by
      // keyset; the claim table's primary key then rules out the steps already taken. (One query
      // with NOT EXISTS left PostgreSQL free to pick an anti-join that reads every claim per page.)
      for (let after: [unknown, string] | undefined; ;) {
        let q = selectRows(deps.db, model)
          .select(['id', 'state_entered_at', `${startCol} as start`])
          .where('state', '=', s.state)
          .where(startCol, '<=', cutoff);
        if (after)
          q = q.where(sql<boolean>`(${sql.ref(startCol)}, ${sql.ref('id')}) > (${after[0]}, ${after[1]})`);
        const page = (await q.orderBy(startCol).orderBy('id').limit(500).execute()) as {
          id: string;
          state_entered_at: string | null;
          start: unknown;
        }[];
        if (!page.length) break;
        after = [page[page.length - 1].start, page[page.length - 1].id];
        const claimed = await deps.db
          .selectFrom('sla_escalations')
          .select(['record_id', 'entered_at'])
          .where('form_id', '=', formId)
          .where('rule', '=', key)
          .where('step', '=', step)
          .where(
            'record_id',
            'in',
            page.map((r) => r.id),
          )
          .execute();
        const done = new Set(claimed.map((c) => `${c.record_id} ${c.entered_at}`));
        const open = page.filter((r) => !done.has(`${r.id} ${r.state_entered_at ?? ''}`)).map((r) => r.id);
        for (let i = 0; i < open.length; i += CHUNK)
          taken += await escalateChunk(deps, { model, wf, key, s, step, ancestry }, open.slice(i, i + CHUNK));
      }
    }
  }
  return taken;
}

/** Every department's ancestry (nearest first), read once per scan rather than once per record. */
async function departmentTree(db: Db): Promise<(departmentId: string | null) => string[]> {
  const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
  const parent = new Map(all.map((d) => [d.id, d.parent_id]));
  return (departmentId) => {
    const out: string[] = [];
    for (let d: string | null | undefined = departmentId; d && !out.includes(d); d = parent.get(d))
      out.push(d);
    return out;
  };
}

interface Step {
  model: FormModel;
  wf: Workflow;
  /** The rule's claim key: `rule` or `<departmentId>:rule` for a variant's. */
  key: string;
  s: Sla;
  step: number;
  ancestry: (departmentId: string | null) => string[];
}

/**
 * Escalates a chunk of candidates in one transaction; when that fails, each on its own, so one
 * record that cannot be escalated (logged, retried by the next scan) holds back no other.
 */
async function escalateChunk(deps: Deps, st: Step, ids: string[]): Promise<number> {
  try {
    return await deps.db.transaction().execute((tx) => escalate(deps, tx, st, ids));
  } catch (e) {
    if (ids.length === 1) {
      console.error(`SLA escalation of ${st.model.def.id}/${ids[0]} (${st.key} step ${st.step}) failed`, e);
      return 0;
    }
    let taken = 0;
    for (const id of ids) taken += await escalateChunk(deps, st, [id]);
    return taken;
  }
}

/**
 * Escalates the records among `ids` whose step is due, in the caller's transaction: re-reads them
 * (a record may have moved on since the search), claims the steps in one insert (a step another
 * process claimed first is skipped), then writes each claimed one's notifications, outbox event
 * and move.
 */
async function escalate(
  deps: Deps,
  tx: Db,
  { model, wf, key, s, step, ancestry }: Step,
  ids: string[],
): Promise<number> {
  const rows = await findRows(tx, model, ids);
  const links = await loadLinks(tx, model, ids);
  const now = deps.clock.now();
  const at = iso(now);
  const esc = s.escalations[step];
  const asAdmin = filterContext(
    model,
    { id: '', email: '', name: '', isAdmin: true, mainDepartmentId: null, departmentIds: [], via: 'token' },
    deps,
  );
  const due: Array<{ rec: RecordOut; enteredAt: string }> = [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  // In the order of `ids` (the scan's index order): processes racing for the same claims take their locks in one order.
  for (const row of ids.map((id) => byId.get(id))) {
    if (!row || row.state !== s.state) continue;
    const rec = toRecord(model, row, links.get(row.id));
    const eff = effectiveWorkflow(wf, ancestry(rec.departmentId));
    const applies = key.includes(':')
      ? eff.variant && key.startsWith(`${eff.variant.departmentId}:`)
      : !eff.variant || eff.sla === wf.sla;
    if (!applies) continue;
    if (
      s.when &&
      !matchesFilter(
        s.when as Filter,
        { ...rec.fields, state: rec.state, ownerId: rec.ownerId, departmentId: rec.departmentId },
        asAdmin,
      )
    )
      continue;
    const start = slaStart(s, rec);
    if (!start || addHours(start, esc.afterHours, s.businessHours, deps.config.timeZone) > now) continue;
    due.push({ rec, enteredAt: row.state_entered_at ?? '' });
  }
  if (!due.length) return 0;
  const claims = await tx
    .insertInto('sla_escalations')
    .values(
      due.map(({ rec, enteredAt }) => ({
        form_id: model.def.id,
        record_id: rec.id,
        rule: key,
        step,
        entered_at: enteredAt,
        done_at: at,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('record_id')
    .execute();
  const mine = new Set(claims.map((c) => c.record_id));
  const taken = due.filter(({ rec }) => mine.has(rec.id)).map(({ rec }) => rec);
  if (!taken.length) return 0;
  const state = wf.states.find((x) => x.key === s.state);
  const titleKey = model.def.fields.find((f) => f.id === model.def.titleField)?.key ?? '';
  const titleOf = (rec: RecordOut, title: unknown = rec.fields[titleKey]) =>
    esc.message ??
    `「${String(title ?? rec.id)}」在「${state?.label ?? s.state}」已超过 ${esc.afterHours} 小时`;
  if (esc.notify?.length) {
    const sight = titleSight(deps, tx, model, titleKey);
    for (const rec of taken) {
      // Each recipient reads the record's title only as their rights show it (none outside their scope).
      const byTitle = new Map<string, string[]>();
      for (const userId of await recipients(tx, rec, model, esc.notify)) {
        const title = titleOf(rec, await sight(userId, rec));
        byTitle.set(title, [...(byTitle.get(title) ?? []), userId]);
      }
      for (const [title, userIds] of byTitle)
        await notify(tx, deps, {
          userIds,
          title,
          body: `${model.def.name} · 时限 ${s.hours} 小时`,
          formId: model.def.id,
          recordId: rec.id,
          source: `workflow:${model.def.id}`,
        });
    }
  }
  // Automations listen for breaches ("time limit breached" trigger); each breach comes before its move.
  await tx
    .insertInto('outbox')
    .values(
      taken.map((rec) => ({
        event: 'record.sla_breached',
        form_id: model.def.id,
        record_id: rec.id,
        payload: JSON.stringify({
          version: rec.version,
          userId: null,
          state: s.state,
          rule: key,
          step,
          afterHours: esc.afterHours,
        }),
        depth: 0,
        created_at: at,
        claimed_until: null,
        done_at: null,
      })),
    )
    .execute();
  if (esc.moveTo && esc.moveTo !== s.state)
    for (const rec of taken)
      await transitionRecord(
        deps,
        tx,
        model,
        rec.id,
        {
          to: esc.moveTo,
          comment: esc.message ?? `在「${state?.label ?? s.state}」已超过 ${esc.afterHours} 小时`,
        },
        { userId: null, departmentId: null },
        { system: true },
      );
  return taken.length;
}

/**
 * What a recipient may see of a record's title: the value (masked when sensitive for them), or
 * `一条记录` when the record is outside their read scope or the title field hidden from them.
 * Rights are resolved once per recipient and form.
 */
function titleSight(deps: Deps, db: Db, model: FormModel, titleKey: string) {
  const views = new Map<string, Promise<((rec: RecordOut) => unknown) | null>>();
  const hiddenTitle = '一条记录';
  const view = async (userId: string) => {
    const user = await loadCurrentUser(db, userId, 'token');
    if (!user) return null;
    if (user.isAdmin) return (rec: RecordOut) => rec.fields[titleKey];
    const rc = await recordContext(db, deps, user, model.def.id);
    if (!rc.access.actions.has('read') || !titleKey || rc.access.hidden.has(titleKey))
      return () => hiddenTitle;
    const scope = rc.access.scope.read;
    const sees = scope ? filterPredicate(scope, rc.scopeContext) : () => true;
    const masked = !rc.access.sensitiveFull && rc.sensitive.has(titleKey);
    return (rec: RecordOut) => {
      const flat = {
        ...rec.fields,
        id: rec.id,
        state: rec.state,
        ownerId: rec.ownerId,
        departmentId: rec.departmentId,
        createdAt: rec.createdAt,
        createdBy: rec.createdBy,
        updatedAt: rec.updatedAt,
        updatedBy: rec.updatedBy,
      };
      let visible: boolean;
      try {
        visible = sees(flat);
      } catch {
        // A scope that cannot be evaluated here shows nothing.
        visible = false;
      }
      if (!visible) return hiddenTitle;
      return masked ? maskValue(rec.fields[titleKey]) : rec.fields[titleKey];
    };
  };
  return async (userId: string, rec: RecordOut): Promise<unknown> => {
    let v = views.get(userId);
    if (!v) views.set(userId, (v = view(userId)));
    const f = await v;
    return f ? f(rec) : hiddenTitle;
  };
}

/** Scans every minute (and once at start-up, so limits that passed while down fire now). */
export function startSlaScheduler(deps: Deps, everyMs = 60_000): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      await oneAtATime(() => runSlaScan(deps));
    } catch (e) {
      console.error('SLA scan failed', e);
    } finally {
      busy = false;
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  return () => clearInterval(timer);
}
