import type { Deps } from '../context.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import { iso } from '../shared/clock.js';
import { type AccessView, AuthorRevoked, authorView } from './author.js';
import type { Automation, Trigger } from './automations.schema.js';
import { conditionTest, type ConditionTest } from './conditions.js';
import { claimEvents, disposeUnwatched, markEventsDone, type OutboxRow } from './jobs.repository.js';
import { createRuns, type NewRun, type TriggerInfo } from './runs.repository.js';
import { loadScopes, readsRelated, type RunScope, seenBy } from './scope.js';
import { triggerOfEvent, watchersByForm } from './watchers.js';

/** A chain of automations triggering each other is cut when an event is this deep. */
export const maxDepth = 8;

/** Pending events looked at per statement for ones no automation listens to. */
const disposeWindow = 2000;

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
  return {
    event: e.event,
    eventId: e.id,
    userId: p.userId ?? null,
    changes,
    from: p.from ?? state?.before ?? null,
    to: p.to ?? state?.after ?? null,
    ...(p.state ? { state: p.state } : {}),
    ...(p.comment ? { comment: p.comment } : {}),
  };
}

/** Whether a trigger's own filters (changed fields, from/to state, SLA state) let an event through. */
export function triggerFires(t: Trigger, info: TriggerInfo): boolean {
  if (t.type === 'record.updated')
    return !t.fields?.length || t.fields.some((k) => info.changes && k in info.changes);
  if (t.type === 'state.changed')
    return (t.from === undefined || t.from === info.from) && (t.to === undefined || t.to === info.to);
  if (t.type === 'sla.breached') return t.state === undefined || t.state === info.state;
  return true;
}

interface Fired {
  e: OutboxRow;
  info: TriggerInfo;
  automations: Automation[];
}

/** A trigger's field changes without fields hidden from the readers (sensitive ones masked). */
function changesSeen(
  info: TriggerInfo,
  show: (v: Record<string, unknown>) => Record<string, unknown>,
): TriggerInfo {
  if (!info.changes || !Object.keys(info.changes).length) return info;
  const before = show(Object.fromEntries(Object.entries(info.changes).map(([k, c]) => [k, c.before])));
  const after = show(Object.fromEntries(Object.entries(info.changes).map(([k, c]) => [k, c.after])));
  return {
    ...info,
    changes: Object.fromEntries(Object.keys(after).map((k) => [k, { before: before[k], after: after[k] }])),
  };
}

/**
 * The runs a batch of events makes: for each event, the enabled automations of its form whose
 * trigger fires and whose condition holds for the record as the automation's author sees it
 * (checked here, in memory, over records read once per batch and seen through each author's
 * rights, resolved once per author). An event nothing matches, or whose record the author may
 * not read, makes no run; a run keeps only the changes its author may see. An author who lost
 * their rights gets runs made anyway: they fail for good and switch the automation off.
 */
async function runsFor(deps: Deps, events: OutboxRow[]): Promise<NewRun[]> {
  const watchers = await watchersByForm(deps.db, [...new Set(events.map((e) => e.form_id))]);
  const byForm = new Map<string, Fired[]>();
  const models = new Map<string, FormModel | undefined>();
  for (const e of events) {
    const type = triggerOfEvent[e.event];
    const listening = (watchers.get(e.form_id) ?? []).filter((a) => a.trigger.type === type);
    if (!listening.length) continue;
    if (!models.has(e.form_id))
      models.set(e.form_id, await loadModel(deps.db, e.form_id).catch(() => undefined));
    const info = triggerInfo(e, models.get(e.form_id));
    const firing = listening.filter((a) => triggerFires(a.trigger, info));
    if (!firing.length) continue;
    const list = byForm.get(e.form_id) ?? [];
    list.push({ e, info, automations: firing });
    byForm.set(e.form_id, list);
  }
  const runs: NewRun[] = [];
  for (const [formId, fired] of byForm) {
    const model = models.get(formId);
    const related = fired.some((f) => f.automations.some((a) => readsRelated(a.condition)));
    // Read once, unfiltered; each author's view is applied below.
    const scopes = model
      ? await loadScopes(
          deps,
          deps.db,
          fired.map((f) => ({ formId, recordId: f.e.record_id, trigger: f.info, outputs: [] })),
          related,
          null,
        )
      : [];
    const tests = new Map<string, ConditionTest>();
    // One view per author (and app: their rights to manage it), resolved once for the batch.
    const views = new Map<string, AccessView | null>();
    const viewOf = async (a: Automation) => {
      const key = `${a.createdBy}:${a.appId}`;
      if (!views.has(key)) {
        const view = await authorView(deps, deps.db, a).catch((e) => {
          if (e instanceof AuthorRevoked) return null;
          throw e;
        });
        views.set(key, view);
      }
      return views.get(key)!;
    };
    for (const [i, f] of fired.entries()) {
      for (const a of f.automations) {
        let test = tests.get(a.id);
        if (!test) tests.set(a.id, (test = conditionTest(deps, model, a)));
        const view = model ? await viewOf(a) : null;
        let seen: RunScope | undefined = scopes[i];
        let info = f.info;
        if (view && !view.all && seen && model) {
          seen = await seenBy(deps.db, view, seen);
          if (seen.outOfScope) continue;
          info = changesSeen(f.info, (await view.form(deps.db, model)).show);
        }
        const holds = seen && view ? test(seen) : undefined;
        if (holds === false) continue;
        runs.push({
          automation: a,
          eventKey: `outbox:${f.e.id}`,
          eventId: f.e.id,
          formId,
          recordId: f.e.record_id,
          trigger: info,
          depth: f.e.depth,
          status: f.e.depth >= maxDepth ? 'loop_cut' : 'running',
          conditionResult: holds ? 1 : null,
        });
      }
    }
  }
  return runs;
}

/** Logs the runs of a batch of events and marks the events done, in one transaction. */
async function dispatchBatch(deps: Deps, events: OutboxRow[]): Promise<number> {
  const runs = await runsFor(deps, events);
  const now = iso(deps.clock.now());
  return deps.db.transaction().execute(async (tx) => {
    const created = await createRuns(tx, runs, now);
    await markEventsDone(
      tx,
      events.map((e) => e.id),
      now,
    );
    return created;
  });
}

/**
 * Drains outbox events: first, in bulk, those no automation listens to; then a batch under a
 * lease, turned into runs in one transaction. When the batch fails, its events are taken one by
 * one so a bad event cannot hold back the rest; an event that still fails keeps its lease and
 * is taken again when the lease runs out (the runs' unique key makes that repeat harmless).
 */
export async function dispatchEvents(
  deps: Deps,
  leaseMs: number,
  batch: number,
): Promise<{ events: number; runs: number; more: boolean }> {
  const now = deps.clock.now();
  const disposed = await disposeUnwatched(deps.db, deps.engine, iso(now), disposeWindow);
  const events = await claimEvents(
    deps.db,
    deps.engine,
    iso(now),
    iso(new Date(now.getTime() + leaseMs)),
    batch,
  );
  // A full batch (or a mostly disposable window) means more is probably waiting.
  const more = disposed >= disposeWindow / 2 || events.length >= batch;
  if (!events.length) return { events: disposed, runs: 0, more };
  let runs = 0;
  try {
    runs = await dispatchBatch(deps, events);
  } catch {
    for (const e of events) {
      try {
        runs += await dispatchBatch(deps, [e]);
      } catch (err) {
        console.error(`[automations] event ${e.id} (${e.event}) could not be dispatched:`, err);
      }
    }
  }
  return { events: disposed + events.length, runs, more };
}
