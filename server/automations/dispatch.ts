import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { iso } from '../shared/clock.js';
import { automationsFor } from './automations.repository.js';
import type { Trigger } from './automations.schema.js';
import { claimEvents, type OutboxRow } from './jobs.repository.js';
import { createRun, type TriggerInfo } from './runs.repository.js';

/** A chain of automations triggering each other is cut when an event is this deep. */
export const maxDepth = 8;

/** Which trigger types an outbox event can fire. */
const triggersOf: Record<string, Trigger['type'][]> = {
  'record.created': ['record.created'],
  'record.updated': ['record.updated'],
  'record.deleted': ['record.deleted'],
  'record.transitioned': ['state.changed'],
  'record.sla_breached': ['sla.breached'],
};

interface Payload {
  userId?: string | null;
  changes?: Record<string, { before: unknown; after: unknown }>;
  from?: string | null;
  to?: string | null;
  state?: string;
  comment?: string | null;
}

/** The event as runs keep it: changes by field key (`$ownerId` → `ownerId`), state moves. */
export function triggerInfo(e: OutboxRow, model: FormModel | undefined): TriggerInfo {
  const p = JSON.parse(e.payload) as Payload;
  const changes: TriggerInfo['changes'] = {};
  for (const [id, c] of Object.entries(p.changes ?? {})) {
    const key = id.startsWith('$') ? id.slice(1) : model?.byId.get(id)?.def.key;
    if (key) changes[key] = c;
  }
  const state = p.changes?.$state as { before: string | null; after: string | null } | undefined;
  return { event: e.event, eventId: e.id, userId: p.userId ?? null, changes, from: p.from ?? state?.before ?? null, to: p.to ?? state?.after ?? null, ...(p.state ? { state: p.state } : {}), ...(p.comment ? { comment: p.comment } : {}) };
}

/** Whether a trigger's own filters (changed fields, from/to state, SLA state) let an event through. */
export function triggerFires(t: Trigger, info: TriggerInfo): boolean {
  if (t.type === 'record.updated') return !t.fields?.length || t.fields.some((k) => info.changes && k in info.changes);
  if (t.type === 'state.changed') return (t.from === undefined || t.from === info.from) && (t.to === undefined || t.to === info.to);
  if (t.type === 'sla.breached') return t.state === undefined || t.state === info.state;
  return true;
}

/** Logs a run of every enabled automation an event fires, and marks the event done: one transaction. */
async function dispatchEvent(deps: Deps, tx: Db, e: OutboxRow): Promise<number> {
  const now = iso(deps.clock.now());
  const types = triggersOf[e.event];
  let created = 0;
  const automations = types ? await automationsFor(tx, e.form_id, types) : [];
  if (automations.length) {
    const model = await loadModel(tx, e.form_id).catch(() => undefined);
    const info = triggerInfo(e, model);
    for (const a of automations) {
      if (!triggerFires(a.trigger, info)) continue;
      const id = await createRun(tx, { automation: a, eventKey: `outbox:${e.id}`, eventId: e.id, formId: e.form_id, recordId: e.record_id, trigger: info, depth: e.depth, status: e.depth >= maxDepth ? 'loop_cut' : 'running' }, now);
      if (id) created++;
    }
  }
  await tx.updateTable('outbox').set({ done_at: now }).where('id', '=', e.id).execute();
  return created;
}

/**
 * Drains a batch of outbox events under a lease. An event whose handling fails keeps its lease
 * and is taken again when the lease runs out; the runs' unique key makes that repeat harmless.
 */
export async function dispatchEvents(deps: Deps, leaseMs: number, batch: number): Promise<{ events: number; runs: number }> {
  const now = deps.clock.now();
  const events = await claimEvents(deps.db, deps.engine, iso(now), iso(new Date(now.getTime() + leaseMs)), batch);
  let runs = 0;
  for (const e of events) {
    try {
      runs += await deps.db.transaction().execute((tx) => dispatchEvent(deps, tx, e));
    } catch (err) {
      console.error(`[automations] event ${e.id} (${e.event}) could not be dispatched:`, err);
    }
  }
  return { events: events.length, runs };
}
