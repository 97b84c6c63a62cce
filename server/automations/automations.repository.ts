import type { AutomationsTable, Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { Automation, AutomationDef, Trigger } from './automations.schema.js';

/** A stored row as the automation document the API answers. */
export const toAutomation = (r: AutomationsTable): Automation => ({
  ...(JSON.parse(r.definition) as AutomationDef),
  id: r.id,
  appId: r.app_id,
  enabled: !!r.enabled,
  version: r.version,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const formOf = (t: Trigger) => ('formId' in t ? (t.formId ?? null) : null);

export async function findAutomation(db: Db, id: string): Promise<Automation> {
  const row = await db.selectFrom('automations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Automation');
  return toAutomation(row);
}

export async function listAutomations(db: Db, appId: string): Promise<Automation[]> {
  const rows = await db
    .selectFrom('automations')
    .selectAll()
    .where('app_id', '=', appId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toAutomation);
}

export async function findByHook(db: Db, hookId: string): Promise<Automation | undefined> {
  const row = await db.selectFrom('automations').selectAll().where('hook_id', '=', hookId).executeTakeFirst();
  return row ? toAutomation(row) : undefined;
}

/** The definition as it was at `version`, with that version's author (runs keep the version they started with). */
export async function automationAt(db: Db, id: string, version: number): Promise<Automation> {
  const current = await findAutomation(db, id);
  if (current.version === version) return current;
  const row = await db
    .selectFrom('automation_versions')
    .select(['definition', 'created_by'])
    .where('automation_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row
    ? { ...current, ...(JSON.parse(row.definition) as AutomationDef), version, createdBy: row.created_by }
    : current;
}

/** Stores a new automation or a new version of one (and its author), keeping the old versions. */
export async function saveAutomation(db: Db, a: Automation, editedBy: string | null): Promise<void> {
  const { id, appId, version, createdBy, createdAt, updatedAt, ...def } = a;
  const definition = JSON.stringify(def);
  const row = {
    app_id: appId,
    form_id: formOf(def.trigger),
    name: def.name,
    enabled: def.enabled ? 1 : 0,
    trigger_type: def.trigger.type,
    hook_id: def.trigger.type === 'webhook' ? (def.trigger.hookId ?? null) : null,
    definition,
    version,
    // The author (whose rights runs act with) is whoever saved this version.
    created_by: createdBy,
    updated_at: updatedAt,
  };
  if (version === 1)
    await db
      .insertInto('automations')
      .values({ id, ...row, created_at: createdAt })
      .execute();
  else await db.updateTable('automations').set(row).where('id', '=', id).execute();
  await db
    .insertInto('automation_versions')
    .values({ automation_id: id, version, definition, created_by: editedBy, created_at: updatedAt })
    .execute();
}

export async function deleteAutomation(db: Db, id: string): Promise<void> {
  await db.deleteFrom('automation_jobs').where('automation_id', '=', id).execute();
  await db.deleteFrom('automation_runs').where('automation_id', '=', id).execute();
  await db.deleteFrom('automation_versions').where('automation_id', '=', id).execute();
  await db.deleteFrom('automations').where('id', '=', id).execute();
}
