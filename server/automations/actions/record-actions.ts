import { dyn } from '../../records/records.repository.js';
import { compileFilter } from '../../filter/index.js';
import type { FormModel } from '../../forms/form-model.js';
import { loadModel } from '../../forms/model-cache.js';
import { createRecords, loadRecord, patchRecord } from '../../records/records.write.js';
import { checkWritable } from '../../permissions/access.js';
import { checkUpdate } from '../author.js';
import type { Action } from '../automations.schema.js';
import { renderFilter } from '../scope.js';
import { render, renderText } from '../template.js';
import { type ActionEnv, type ActionResult, PermanentError, triggerRecord } from './action-env.js';

type Of<T extends Action['type']> = Extract<Action, { type: T }>;

/**
 * Renders a field mapping for a form. A single id or value given to a relation or list field
 * (`"{{record.id}}"`) becomes a one-item list, an empty text an empty value.
 */
function fieldsOf(
  env: ActionEnv,
  fields: Record<string, unknown> | undefined,
  model: FormModel,
): Record<string, unknown> {
  const out = (render(fields ?? {}, env.rs.scope) ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(out)) {
    const kind = model.byKey.get(k)?.kind;
    if (v === '') out[k] = null;
    else if ((kind === 'relation' || kind === 'array') && v !== null && !Array.isArray(v)) out[k] = [v];
  }
  return out;
}
const ownerOf = (env: ActionEnv, owner: string | undefined) =>
  owner === undefined ? undefined : renderText(owner, env.rs.scope) || null;
/** A written record's values as the run may keep them in its log and steps. */
const shown = async (env: ActionEnv, model: FormModel, values: Record<string, unknown>) =>
  (await env.view.form(env.db, model)).show(values);

/** Creates one record in a form of the automation's app, as its author may, fields mapped from templates. */
export async function createRecordAction(env: ActionEnv, a: Of<'createRecord'>): Promise<ActionResult> {
  const model = await loadModel(env.db, a.formId);
  const rc = await env.view.writer(env.db, model, 'create');
  const fields = fieldsOf(env, a.fields, model);
  const ownerId = ownerOf(env, a.ownerId);
  env.log.input = { formId: a.formId, fields, ownerId };
  checkWritable(rc.access, fields);
  const [rec] = await createRecords(
    env.deps,
    env.db,
    model,
    [{ fields, ...(ownerId !== undefined ? { ownerId } : {}) }],
    env.actor,
    () => '/fields',
  );
  return {
    input: { formId: a.formId, fields, ownerId },
    output: {
      id: rec.id,
      formId: rec.formId,
      version: rec.version,
      fields: await shown(env, model, rec.fields),
    },
  };
}

/**
 * `createRecordAction` for many runs of one automation at once (one per env, all in the same
 * transaction): one batch write per chain depth instead of one write per run. All or nothing:
 * when any record is refused, the whole call throws.
 */
export async function createRecordsAction(envs: ActionEnv[], a: Of<'createRecord'>): Promise<ActionResult[]> {
  if (!envs.length) return [];
  const { deps, db } = envs[0];
  const model = await loadModel(db, a.formId);
  // Runs of one automation share its author, so one check of their rights covers the batch.
  const rc = await envs[0].view.writer(db, model, 'create');
  const view = await envs[0].view.form(db, model);
  const inputs = envs.map((env) => {
    const fields = fieldsOf(env, a.fields, model);
    const ownerId = ownerOf(env, a.ownerId);
    env.log.input = { formId: a.formId, fields, ownerId };
    checkWritable(rc.access, fields);
    return { fields, ...(ownerId !== undefined ? { ownerId } : {}), logged: env.log.input };
  });
  const out: ActionResult[] = new Array(envs.length);
  for (const depth of new Set(envs.map((e) => e.actor.depth ?? 0))) {
    const at = envs.flatMap((e, i) => ((e.actor.depth ?? 0) === depth ? [i] : []));
    const created = await createRecords(
      deps,
      db,
      model,
      at.map((i) => ({ fields: inputs[i].fields, ownerId: inputs[i].ownerId })),
      { ...envs[at[0]].actor },
      () => '/fields',
    );
    created.forEach(
      (rec, j) =>
        (out[at[j]] = {
          input: inputs[at[j]].logged,
          output: { id: rec.id, formId: rec.formId, version: rec.version, fields: view.show(rec.fields) },
        }),
    );
  }
  return out;
}

/** Changes the trigger record, or every live record of a form that matches a filter (at most `limit`). */
export async function updateRecordAction(env: ActionEnv, a: Of<'updateRecord'>): Promise<ActionResult> {
  const ownerId = ownerOf(env, a.ownerId);
  if (!a.where) {
    const { model, record } = triggerRecord(env);
    const rc = await env.view.writer(env.db, model, 'update');
    const fields = fieldsOf(env, a.fields, model);
    env.log.input = { recordId: record.id, fields, ownerId };
    checkWritable(rc.access, fields);
    await checkUpdate(env.db, env.view, model, record.id);
    const version = (await loadRecord(env.db, model, record.id)).version;
    const rec = await patchRecord(
      env.deps,
      env.db,
      model,
      record.id,
      { fields, version, ...(ownerId !== undefined ? { ownerId } : {}) },
      env.actor,
    );
    return {
      input: env.log.input,
      output: { id: rec.id, version: rec.version, fields: await shown(env, model, rec.fields) },
    };
  }
  const model = await loadModel(env.db, a.where.formId);
  const rc = await env.view.writer(env.db, model, 'update');
  const fields = fieldsOf(env, a.fields, model);
  // The author's filter context: fields hidden from them cannot select records.
  const fctx = rc.fctx;
  const filter = renderFilter(a.where.filter, env.rs.scope, fctx, '/where/filter');
  env.log.input = { formId: model.def.id, filter, fields, ownerId };
  checkWritable(rc.access, fields);
  // Only records the author may update are selected.
  let q = dyn(env.db)
    .selectFrom(model.table)
    .select(['id', 'version'])
    .where('deleted_at', 'is', null)
    .where(compileFilter(filter, fctx));
  const scope = await env.view.scope(env.db, model, 'update');
  if (scope) q = q.where(scope);
  const rows = (await q.orderBy('seq').limit(a.where.limit).execute()) as { id: string; version: number }[];
  const ids: string[] = [];
  for (const { id, version } of rows)
    ids.push(
      (
        await patchRecord(
          env.deps,
          env.db,
          model,
          id,
          { fields, version, ...(ownerId !== undefined ? { ownerId } : {}) },
          env.actor,
        )
      ).id,
    );
  return { input: env.log.input, output: { ids, count: ids.length } };
}

/** Updates the live record whose `key` field has the given value, or creates it. */
export async function upsertAction(env: ActionEnv, a: Of<'upsert'>): Promise<ActionResult> {
  const model = await loadModel(env.db, a.formId);
  const fields = fieldsOf(env, a.fields, model);
  env.log.input = { formId: a.formId, key: a.key, fields };
  const value = fields[a.key];
  if (value === undefined || value === null || value === '')
    throw new PermanentError(`upsert: the key field "${a.key}" has no value`);
  const fctx = (await env.view.writer(env.db, model)).fctx;
  const filter = renderFilter({ field: a.key, op: 'eq', value }, env.rs.scope, fctx, `/fields/${a.key}`);
  const found = (await dyn(env.db)
    .selectFrom(model.table)
    .select(['id', 'version'])
    .where('deleted_at', 'is', null)
    .where(compileFilter(filter, fctx))
    .orderBy('seq')
    .executeTakeFirst()) as { id: string; version: number } | undefined;
  // Whichever way it goes, the author must hold that right: an existing record in their update scope.
  const writer = await env.view.writer(env.db, model, found ? 'update' : 'create');
  checkWritable(writer.access, fields);
  if (found) {
    await checkUpdate(env.db, env.view, model, found.id);
    const rec = await patchRecord(
      env.deps,
      env.db,
      model,
      found.id,
      { fields, version: found.version },
      env.actor,
    );
    return {
      input: { formId: a.formId, key: a.key, fields },
      output: { id: rec.id, created: false, fields: await shown(env, model, rec.fields) },
    };
  }
  const [rec] = await createRecords(env.deps, env.db, model, [{ fields }], env.actor, () => '/fields');
  return {
    input: { formId: a.formId, key: a.key, fields },
    output: { id: rec.id, created: true, fields: await shown(env, model, rec.fields) },
  };
}
