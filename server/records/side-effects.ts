import type { Db, Engine } from '../db/database.js';
import { insertEach } from './bulk-insert.js';
import type { FormModel } from '../forms/form-model.js';
import { loadModel } from '../forms/model-cache.js';
import type { EvalContext } from './derived.js';
import { refreshDerived } from './derived.js';
import { findSegmentation, refreshSegments } from '../segments/segments.service.js';

export interface HistoryEntry {
  recordId: string;
  version: number;
  action: 'create' | 'update' | 'delete' | 'restore' | 'transition';
  changes: Record<string, { before: unknown; after: unknown }>;
  comment?: string | null;
  /** More for the outbox event (e.g. the step of a time-limit breach). */
  extra?: Record<string, unknown>;
}

export interface WriteMeta {
  userId: string | null;
  at: string;
  /** How deep in a chain of automations this write is (0 = a person or script). */
  depth: number;
}

const eventNames: Record<HistoryEntry['action'], string> = {
  create: 'record.created',
  update: 'record.updated',
  delete: 'record.deleted',
  restore: 'record.restored',
  transition: 'record.transitioned',
};

const historyColumns = ['form_id', 'record_id', 'version', 'action', 'user_id', 'at', 'changes', 'comment'];
const outboxColumns = [
  'event',
  'form_id',
  'record_id',
  'payload',
  'depth',
  'created_at',
  'claimed_until',
  'done_at',
];

/**
 * The outbox payload of an entry. `changesJson` is JSON.stringify(e.changes), made once for the
 * history row too; the common case splices it in, giving the same text as stringifying the whole.
 */
function payloadOf(e: HistoryEntry, userId: string | null, changesJson: string): string {
  if (e.action !== 'transition' && !e.extra)
    return `{"version":${JSON.stringify(e.version)},"userId":${JSON.stringify(userId)},"changes":${changesJson}}`;
  return JSON.stringify({
    version: e.version,
    userId,
    changes: e.changes,
    ...(e.action === 'transition'
      ? {
          from: e.changes.$state?.before ?? null,
          to: e.changes.$state?.after ?? null,
          comment: e.comment ?? null,
        }
      : {}),
    ...(e.extra ?? {}),
  });
}

/**
 * History and outbox rows for a write, in the caller's transaction (docs/architecture.md, "The path
 * of one write"): multi-row statements for a whole batch; each row's texts are made as its statement
 * is filled.
 */
export async function recordWrites(
  db: Db,
  model: FormModel,
  entries: HistoryEntry[],
  meta: WriteMeta,
): Promise<void> {
  if (!entries.length) return;
  const formId = model.def.id;
  const changes = entries.map((e) => JSON.stringify(e.changes));
  await insertEach(db, 'record_history', historyColumns, entries.length, (i, p, at) => {
    const e = entries[i];
    p[at] = formId;
    p[at + 1] = e.recordId;
    p[at + 2] = e.version;
    p[at + 3] = e.action;
    p[at + 4] = meta.userId;
    p[at + 5] = meta.at;
    p[at + 6] = changes[i];
    p[at + 7] = e.comment ?? null;
  });
  await insertEach(db, 'outbox', outboxColumns, entries.length, (i, p, at) => {
    const e = entries[i];
    p[at] = eventNames[e.action];
    p[at + 1] = formId;
    p[at + 2] = e.recordId;
    p[at + 3] = payloadOf(e, meta.userId, changes[i]);
    p[at + 4] = meta.depth;
    p[at + 5] = meta.at;
    p[at + 6] = null;
    p[at + 7] = null;
  });
}

/** Records of other forms linked to `ids` through each relation field, by form id. */
export async function linkedRecords(
  db: Db,
  model: FormModel,
  ids: string[],
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const f of model.fields) {
    if (!f.link || !hasDependents(model, f.def.id)) continue;
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .selectFrom('record_links')
        .select(`${f.link.otherSide} as other` as 'target_id')
        .where('field_id', '=', f.link.linkFieldId)
        .where(f.link.mySide, 'in', ids.slice(i, i + 1000))
        .execute();
      const key = `${f.link.targetFormId}:${f.def.id}`;
      let s = out.get(key);
      if (!s) out.set(key, (s = new Set()));
      for (const r of rows as unknown as { other: string }[]) s.add(r.other);
    }
  }
  return out;
}

/** The lookup/rollup fields on the other side of relation field `fieldId` that read through it. */
function dependents(
  model: FormModel,
  fieldId: string,
): { formId: string; fieldIds: Set<string> } | undefined {
  const f = model.byId.get(fieldId);
  if (!f?.link) return undefined;
  const other = f.link.targetFormId === model.def.id ? model.def : model.forms.get(f.link.targetFormId);
  if (!other) return undefined;
  const counterpart = f.def.reverseOf
    ? (f.def.reverseOf as string)
    : other.fields.find((x) => x.reverseOf === f.def.id)?.id;
  if (!counterpart) return undefined;
  const ids = new Set(
    other.fields
      .filter((x) => (x.type === 'lookup' || x.type === 'rollup') && x.relationField === counterpart)
      .map((x) => x.id),
  );
  return ids.size ? { formId: other.id, fieldIds: ids } : undefined;
}

const hasDependents = (model: FormModel, fieldId: string) => !!dependents(model, fieldId);

/**
 * Keeps lookups and rollups right after a write: this form's own for `ids`, and those on related
 * forms for every record linked now or before the write (`before`, from linkedRecords). Answers
 * whether rows of `model` itself were rewritten (so what the caller wrote is no longer all there is).
 */
export async function refreshAfterWrite(
  db: Db,
  engine: Engine,
  model: FormModel,
  ids: string[],
  before: Map<string, Set<string>>,
  ctx: EvalContext,
): Promise<boolean> {
  let rewritten = model.derived.length > 0;
  if (rewritten) await refreshDerived(db, engine, model, ids, ctx);
  if (await resegment(db, model, ids, ctx)) rewritten = true;
  const now = await linkedRecords(db, model, ids);
  for (const key of new Set([...before.keys(), ...now.keys()])) {
    const [, fieldId] = key.split(':');
    const dep = dependents(model, fieldId);
    if (!dep) continue;
    const affected = [...new Set([...(before.get(key) ?? []), ...(now.get(key) ?? [])])];
    if (!affected.length) continue;
    if (dep.formId === model.def.id) rewritten = true;
    const other = dep.formId === model.def.id ? model : await loadModel(db, dep.formId);
    await refreshDerived(db, engine, other, affected, ctx, dep.fieldIds);
    await resegment(db, other, affected, ctx);
  }
  return rewritten;
}

/** Segments (客户分层 by RFM or value–potential) follow every change of what they are computed from. */
async function resegment(db: Db, model: FormModel, ids: string[], ctx: EvalContext): Promise<boolean> {
  const seg = await findSegmentation(db, model.def.id);
  if (!seg?.rules) return false;
  await refreshSegments(db, model, seg, ids, ctx.now, ctx.timeZone);
  return true;
}
