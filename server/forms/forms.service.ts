import { sql } from 'kysely';
import type { Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError, invalid, notFound } from '../errors.js';
import { fieldType } from '../fields/registry.js';
import { refreshDerived, refreshFormulas } from '../records/derived.js';
import { dyn } from '../records/records.repository.js';
import { iso } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import { normalizeDefinition } from './definition.js';
import { inSentTerms, mergeHiddenFields } from './definition-view.js';
import {
  addFieldColumn,
  backupColumn,
  createRecordTable,
  dropFieldIndexes,
  ensureFieldIndex,
} from './ddl.js';
import type { FormInput } from './form-input.schema.js';
import type { FormModel, ModelField } from './form-model.js';
import { forgetModel, modelFor, relatedFormIds } from './model-cache.js';
import { findFormDefs, getFormDef, saveFormDef } from './forms.repository.js';
import type { FieldDef, FormDef } from './forms.schema.js';
import { convertColumn } from './retype.js';
import { syncReverseFields } from './reverse-relations.js';
import { backfillAutonumbers } from '../records/autonumber.js';

/** Runs `fn` in a new transaction, or in the caller's when `deps.db` already is one (template installs). */
function inTransaction<T>(deps: Deps, fn: (tx: Db) => Promise<T>): Promise<T> {
  return deps.db.isTransaction ? fn(deps.db) : deps.db.transaction().execute(fn);
}

async function relatedForms(db: Db, input: FormInput, previous?: FormDef): Promise<Map<string, FormDef>> {
  const ids = new Set<string>(previous ? relatedFormIds(previous) : []);
  for (const f of input.fields)
    if (f.type === 'relation' && typeof (f as { formId?: unknown }).formId === 'string')
      ids.add((f as { formId: string }).formId);
  return new Map((await findFormDefs(db, [...ids])).map((f) => [f.id, f]));
}

/** Creates a form and its record table, in one transaction. */
export async function createForm(
  deps: Deps,
  appId: string,
  input: FormInput,
  userId: string | null,
): Promise<FormDef> {
  return inTransaction(deps, async (tx) => {
    const app = await tx.selectFrom('apps').select('id').where('id', '=', appId).executeTakeFirst();
    if (!app) throw notFound('App');
    await assertKeyFree(tx, appId, input.key);
    const forms = await relatedForms(tx, input);
    const def = normalizeDefinition(input, { id: newId('frm'), appId, forms });
    const now = iso(deps.clock.now());
    await syncReverseFields(tx, def, undefined, forms, userId, now);
    const model = await modelFor(tx, def, [...forms.values()]);
    await createRecordTable(tx, deps.engine, model);
    await saveFormDef(tx, def, userId, now, true);
    return { ...def, createdAt: now, updatedAt: now };
  });
}

async function assertKeyFree(db: Db, appId: string, key: string, exceptId?: string) {
  let q = db.selectFrom('forms').select('id').where('app_id', '=', appId).where('key', '=', key);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst())
    throw invalid(`A form with key "${key}" already exists in this app`, [
      { path: '/key', message: 'is already used in this app' },
    ]);
}

/** What a save changed in the data, answered to the builder. */
export interface MigrationSummary {
  addedColumns: string[];
  converted: Array<{ key: string; from: string; to: string; failed: number }>;
  removed: string[];
  restored: string[];
  recomputed: string[];
}

/**
 * Replaces a form's definition and migrates its table in one transaction: new fields add columns,
 * removed fields keep theirs (restorable), retyped fields convert their values (422 with examples
 * when some cannot convert, unless `force`), computed fields are recomputed. Fields whose ids are
 * in `hidden` (hidden from the caller) are merged back into what was sent.
 */
export async function replaceForm(
  deps: Deps,
  formId: string,
  sent: FormInput,
  userId: string | null,
  opts: { force?: boolean; hidden?: Set<string> } = {},
): Promise<FormDef & { migration: MigrationSummary }> {
  return inTransaction(deps, async (tx) => {
    const previous = await getFormDef(tx, formId);
    // A manager who does not see some fields saves the form without them: they stay as they were.
    const input = opts.hidden ? mergeHiddenFields(sent, previous, opts.hidden) : sent;
    try {
      return await saveReplacement(deps, tx, previous, input, userId, opts.force ?? false);
    } catch (e) {
      // Problems are reported at the places of what the caller sent, not of the merged list.
      throw opts.hidden ? inSentTerms(e, input.fields, sent.fields) : e;
    }
  });
}

async function saveReplacement(
  deps: Deps,
  tx: Db,
  previous: FormDef,
  input: FormInput,
  userId: string | null,
  force: boolean,
) {
  const formId = previous.id;
  if (input.version !== undefined && input.version !== previous.version)
    throw new AppError(
      'conflict',
      `The form was changed by someone else (version ${previous.version}, yours ${input.version}); reload it`,
    );
  if (input.key !== previous.key) await assertKeyFree(tx, previous.appId, input.key, formId);
  const forms = await relatedForms(tx, input, previous);
  const def = normalizeDefinition(input, { id: formId, appId: previous.appId, previous, forms });
  const now = iso(deps.clock.now());
  await syncReverseFields(tx, def, previous, forms, userId, now);
  const oldModel = await modelFor(tx, previous, [...forms.values()]);
  const model = await modelFor(tx, def, [...forms.values()]);
  const summary = await migrateTable(deps, tx, previous, oldModel, model, force);
  await saveFormDef(tx, def, userId, now, false);
  forgetModel(formId);
  return { ...def, createdAt: previous.createdAt, updatedAt: now, migration: summary };
}

async function migrateTable(
  deps: Deps,
  tx: Db,
  previous: FormDef,
  oldModel: FormModel,
  model: FormModel,
  force: boolean,
): Promise<MigrationSummary> {
  const summary: MigrationSummary = {
    addedColumns: [],
    converted: [],
    removed: [],
    restored: [],
    recomputed: [],
  };
  const oldById = new Map<string, FieldDef>(
    [...previous.fields, ...(previous.removedFields ?? [])].map((f) => [f.id, f]),
  );
  const ctx = { now: deps.clock.now(), timeZone: deps.config.timeZone };
  const recompute = new Set<string>();
  let formulasChanged = false;

  for (const [i, f] of model.fields.entries()) {
    const old = oldById.get(f.def.id);
    const wasRemoved = previous.removedFields?.some((x) => x.id === f.def.id);
    if (wasRemoved) summary.restored.push(f.def.key);
    if (!old) {
      if (f.column) {
        await addFieldColumn(tx, deps.engine, model, f);
        summary.addedColumns.push(f.def.key);
      }
      if (f.def.type === 'autonumber') await backfillAutonumbers(tx, model, f, ctx);
    } else if (f.column) {
      const oldField = oldModel.byId.get(f.def.id) ?? buildRemovedField(oldModel, old);
      if (old.type !== f.def.type || oldField.storage !== f.storage) {
        await dropFieldIndexes(tx, model.def.id, f.def.id);
        const failed = await convertColumn(tx, deps.engine, model, oldField, f, {
          force,
          path: `/fields/${i}/type`,
          backup: backupColumn(f.def.id, previous.version),
        });
        summary.converted.push({ key: f.def.key, from: old.type, to: f.def.type, failed });
      }
      if (old.unique && !f.def.unique) await dropFieldIndexes(tx, model.def.id, f.def.id);
      if (f.def.unique && !old.unique) await assertNoDuplicates(tx, model, f, i);
    }
    if (
      f.through &&
      (!old ||
        JSON.stringify({ ...old, label: 0, key: 0, help: 0 }) !==
          JSON.stringify({ ...f.def, label: 0, key: 0, help: 0 }))
    )
      recompute.add(f.def.id);
    if (f.formula && (!old || old.type !== 'formula' || old.expression !== f.def.expression))
      formulasChanged = true;
    if (f.column) await ensureFieldIndex(tx, model, f);
  }
  for (const old of previous.fields)
    if (!model.byId.has(old.id) && oldModel.byId.get(old.id)?.column) summary.removed.push(old.key);
  if (recompute.size) {
    await refreshDerived(tx, deps.engine, model, 'all', ctx, recompute);
    summary.recomputed.push(...[...recompute].map((id) => model.byId.get(id)!.def.key));
  }
  if (formulasChanged) {
    await refreshFormulas(tx, model, 'all', ctx);
    summary.recomputed.push(...model.formulas.map((f) => f.def.key));
  }
  return summary;
}

function buildRemovedField(oldModel: FormModel, def: FieldDef): ModelField {
  const t = fieldType(def.type);
  const storage = t.storage(def, { form: oldModel.def, forms: oldModel.forms });
  return {
    def,
    type: t,
    kind: t.kind(def),
    storage,
    column: storage === 'none' ? null : `f_${def.id}`,
    read: (r) => (r === null || r === undefined ? null : t.fromDb(r, def)),
    sources: [],
  };
}

async function assertNoDuplicates(tx: Db, model: FormModel, f: ModelField, i: number) {
  const col = sql.ref(f.column!);
  const dups = await dyn(tx)
    .selectFrom(model.table)
    .select([sql`${col}`.as('v'), sql<number>`count(*)`.as('n')])
    .where('deleted_at', 'is', null)
    .where(f.column!, 'is not', null)
    .groupBy(f.column!)
    .having(sql`count(*)`, '>', 1)
    .limit(5)
    .execute();
  if (dups.length)
    throw invalid(`"${f.def.label}" cannot be unique: some records share a value`, [
      {
        path: `/fields/${i}/unique`,
        message: `values used more than once: ${dups.map((d: { v: unknown; n: number }) => `"${f.read(d.v)}" (${d.n}×)`).join(', ')}`,
      },
    ]);
}

/** Deletes a form, its table and its links. */
export async function deleteForm(deps: Deps, formId: string, userId: string | null): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const def = await getFormDef(tx, formId);
    // Relations pointing here lose their reverse side; relations from here are removed with the links.
    const linkFieldIds = def.fields
      .filter((f) => f.type === 'relation')
      .map((f) => (f.reverseOf as string) ?? f.id);
    if (linkFieldIds.length)
      await tx.deleteFrom('record_links').where('field_id', 'in', linkFieldIds).execute();
    const now = iso(deps.clock.now());
    for (const other of await findFormDefs(tx, relatedFormIds(def))) {
      const fields = other.fields.filter((f) => !(f.type === 'relation' && f.formId === formId));
      if (fields.length !== other.fields.length) {
        await saveFormDef(tx, { ...other, fields, version: other.version + 1 }, userId, now, false);
        forgetModel(other.id);
      }
    }
    await tx.deleteFrom('forms').where('id', '=', formId).execute();
    await tx.schema.dropTable(`r_${formId}`).ifExists().execute();
    forgetModel(formId);
  });
}

/** Drops the kept data of a removed field for good. */
export async function purgeField(
  deps: Deps,
  formId: string,
  fieldId: string,
  userId: string | null,
): Promise<FormDef> {
  return deps.db.transaction().execute(async (tx) => {
    const def = await getFormDef(tx, formId);
    const field = def.removedFields?.find((f) => f.id === fieldId);
    if (!field) throw notFound('Removed field');
    if (field.type === 'relation' && !field.reverseOf)
      await tx.deleteFrom('record_links').where('field_id', '=', fieldId).execute();
    await dropFieldIndexes(tx, formId, fieldId);
    const cols = await columnsOf(tx, deps.engine, `r_${formId}`);
    for (const c of cols.filter((c) => c === `f_${fieldId}` || c.startsWith(`f_${fieldId}__v`)))
      await tx.schema.alterTable(`r_${formId}`).dropColumn(c).execute();
    const next = {
      ...def,
      removedFields: def.removedFields!.filter((f) => f.id !== fieldId),
      version: def.version + 1,
    };
    if (!next.removedFields.length) delete (next as Partial<FormDef>).removedFields;
    const now = iso(deps.clock.now());
    await saveFormDef(tx, next, userId, now, false);
    forgetModel(formId);
    return { ...next, updatedAt: now };
  });
}

async function columnsOf(db: Db, engine: string, table: string): Promise<string[]> {
  if (engine === 'postgres') {
    const r = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_name = ${table} and table_schema = current_schema()`.execute(
      db,
    );
    return r.rows.map((x) => x.column_name);
  }
  const r = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
  return r.rows.map((x) => x.name);
}
