import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError, conflict, invalid, type ErrorDetail } from '../errors.js';
import type { FormModel } from '../forms/form-model.js';
import { iso } from '../shared/clock.js';
import { updateVersioned } from '../records/record-table.js';
import { type Actor, loadRecord, patchRecord } from '../records/records.write.js';
import type { LinkReads } from '../records/values.js';
import type { RecordOut } from '../records/records.repository.js';
import { recordWrites } from '../records/side-effects.js';
import type { Transition, Workflow } from './workflow.schema.js';
import { forbiddenMove } from './transition-reason.js';
import { departmentAncestry, effectiveWorkflow, fromStates } from './workflow-resolve.js';
import { findWorkflow } from './workflows.repository.js';

export interface TransitionInput {
  to: string;
  comment?: string;
  /** Values for the fields the transition requires (filled in the same request). */
  fields?: Record<string, unknown>;
  /** When given, 409 unless the record is still at this version. */
  version?: number;
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length);

/** Whether a caller may make a transition on a record (admins and `system` always may). */
async function mayMake(
  db: Db,
  t: Transition,
  rec: RecordOut,
  user: CurrentUser | undefined,
): Promise<boolean> {
  if (!user || user.isAdmin || !t.allow) return true;
  const a = t.allow;
  if (a.owner && rec.ownerId === user.id) return true;
  for (const f of a.userFields ?? []) {
    const v = rec.fields[f];
    if (v === user.id || (Array.isArray(v) && v.includes(user.id))) return true;
  }
  if (a.departments?.length) {
    for (const d of user.departmentIds)
      if ((await departmentAncestry(db, d)).some((x) => a.departments!.includes(x))) return true;
  }
  if (a.roles?.length) {
    const mine = await db.selectFrom('user_roles').select('role_id').where('user_id', '=', user.id).execute();
    const viaDept = user.departmentIds.length
      ? await db
          .selectFrom('department_roles')
          .select('role_id')
          .where('department_id', 'in', user.departmentIds)
          .execute()
      : [];
    if ([...mine, ...viaDept].some((r) => a.roles!.includes(r.role_id))) return true;
  }
  return false;
}

/** The transitions a caller could make from the record's current state (for buttons and kanban). */
export async function availableTransitions(
  db: Db,
  wf: Workflow,
  rec: RecordOut,
  user: CurrentUser | undefined,
) {
  const eff = effectiveWorkflow(wf, await departmentAncestry(db, rec.departmentId));
  const all = wf.states.map((s) => s.key);
  const out = [];
  for (const t of eff.transitions) {
    if (!rec.state || !fromStates(t, all).includes(rec.state) || t.to === rec.state) continue;
    out.push({
      key: t.key ?? `${rec.state}->${t.to}`,
      label: t.label ?? wf.states.find((s) => s.key === t.to)?.label ?? t.to,
      to: t.to,
      requiredFields: t.requiredFields ?? [],
      requireComment: !!t.requireComment,
      allowed: await mayMake(db, t, rec, user),
    });
  }
  return { transitions: out, variant: eff.variant, sla: eff.sla };
}

/**
 * Moves a record to another state if the workflow allows it: a transition from the current state
 * (of the record's department variant) must exist (else 409), the caller must be allowed (403),
 * required fields and the comment must be there (422, per field). The move is one version, in the
 * history with its comment, and an outbox event `record.transitioned`.
 */
export async function transitionRecord(
  deps: Deps,
  db: Db,
  model: FormModel,
  recordId: string,
  input: TransitionInput,
  actor: Actor,
  opts: { user?: CurrentUser; system?: boolean; readOf?: LinkReads } = {},
): Promise<RecordOut> {
  const wf = await findWorkflow(db, model.def.id);
  if (!wf) throw conflict('This form has no workflow');
  let rec = await loadRecord(db, model, recordId);
  if (input.version !== undefined && input.version !== rec.version)
    throw conflict(`The record was changed by someone else (now version ${rec.version}); reload it`, [
      {
        path: '/version',
        message: `current version is ${rec.version}`,
        code: 'stale_version',
        params: { version: rec.version },
      },
    ]);
  const target = wf.states.find((s) => s.key === input.to);
  if (!target)
    throw invalid(`"${input.to}" is not a state of this workflow`, [
      { path: '/to', message: 'unknown state', code: 'unknown_state', params: { to: input.to } },
    ]);
  const from = wf.states.find((s) => s.key === rec.state);
  const eff = effectiveWorkflow(wf, await departmentAncestry(db, rec.departmentId));
  const all = wf.states.map((s) => s.key);
  const candidates = opts.system
    ? [{ from: '*', to: input.to } as Transition]
    : eff.transitions.filter((t) => rec.state && fromStates(t, all).includes(rec.state) && t.to === input.to);
  if (!candidates.length)
    throw new AppError(
      'conflict',
      `不能从「${from?.label ?? rec.state ?? '—'}」直接改为「${target.label}」 / No transition from ${rec.state ?? 'none'} to ${input.to}${eff.variant ? ` in the ${eff.variant.name ?? eff.variant.departmentId} variant` : ''}`,
      [
        {
          path: '/to',
          message: 'not allowed from the current state',
          code: 'no_transition',
          params: { from: from?.label ?? rec.state ?? '—', to: target.label },
        },
      ],
    );
  const allowed = [];
  for (const t of candidates) if (opts.system || (await mayMake(db, t, rec, opts.user))) allowed.push(t);
  if (!allowed.length) throw await forbiddenMove(db, model, candidates, target.label);
  const t = allowed[0];
  if (input.fields && Object.keys(input.fields).length)
    rec = await patchRecord(
      deps,
      db,
      model,
      recordId,
      { fields: input.fields, version: rec.version },
      actor,
      opts.readOf,
    );
  const errors: ErrorDetail[] = [];
  for (const key of t.requiredFields ?? []) {
    if (!isEmpty(rec.fields[key])) continue;
    const label = model.byKey.get(key)?.def.label ?? key;
    const message = `${label} is required to move to ${target.label}`;
    errors.push({
      path: `/fields/${key}`,
      message,
      code: 'required_to_move',
      params: { label, to: target.label },
    });
  }
  if (t.requireComment && !input.comment?.trim())
    errors.push({
      path: '/comment',
      message: `a comment is required to move to ${target.label}`,
      code: 'comment_required',
      params: { to: target.label },
    });
  const missing = errors.map((e) =>
    e.path === '/comment' ? '备注' : (model.byKey.get(e.path.split('/').pop()!)?.def.label ?? e.path),
  );
  if (errors.length)
    throw invalid(
      `请先填写：${missing.join('、')} / Fill in before moving: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );

  const at = iso(deps.clock.now());
  const set = {
    state: input.to,
    state_entered_at: at,
    version: rec.version + 1,
    updated_at: at,
    updated_by: actor.userId,
  };
  if (!(await updateVersioned(db, model, recordId, rec.version, set, { withDeleted: true })))
    throw conflict('The record was changed by someone else; reload it');
  await recordWrites(
    db,
    model,
    [
      {
        recordId,
        version: rec.version + 1,
        action: 'transition',
        changes: { $state: { before: rec.state, after: input.to } },
        comment: input.comment ?? null,
      },
    ],
    { userId: actor.userId, at, depth: actor.depth ?? 0 },
  );
  return loadRecord(db, model, recordId);
}

/** Fields read-only in the record's current state. */
export function readonlyInState(wf: Workflow | undefined, state: string | null): string[] {
  return wf?.states.find((s) => s.key === state)?.readonlyFields ?? [];
}
