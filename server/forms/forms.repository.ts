import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { FormDef } from './forms.schema.js';

const toDef = (row: {
  definition: string;
  version: number;
  created_at: string;
  updated_at: string;
}): FormDef => ({
  ...(JSON.parse(row.definition) as FormDef),
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A form's current definition, or 404. */
export async function getFormDef(db: Db, formId: string): Promise<FormDef> {
  const row = await db
    .selectFrom('forms')
    .select(['definition', 'version', 'created_at', 'updated_at'])
    .where('id', '=', formId)
    .executeTakeFirst();
  if (!row) throw notFound('Form');
  return toDef(row);
}

export async function findFormDefs(db: Db, formIds: string[]): Promise<FormDef[]> {
  if (!formIds.length) return [];
  const rows = await db
    .selectFrom('forms')
    .select(['definition', 'version', 'created_at', 'updated_at'])
    .where('id', 'in', formIds)
    .execute();
  return rows.map(toDef);
}

export async function listAppForms(db: Db, appId: string): Promise<FormDef[]> {
  const rows = await db
    .selectFrom('forms')
    .select(['definition', 'version', 'created_at', 'updated_at'])
    .where('app_id', '=', appId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toDef);
}

/** Writes a new version of a definition and keeps the old one in form_versions. */
export async function saveFormDef(
  db: Db,
  def: FormDef,
  userId: string | null,
  now: string,
  isNew: boolean,
): Promise<void> {
  const { createdAt: _c, updatedAt: _u, ...stored } = def;
  const json = JSON.stringify(stored);
  if (isNew) {
    await db
      .insertInto('forms')
      .values({
        id: def.id,
        app_id: def.appId,
        key: def.key,
        name: def.name,
        definition: json,
        version: def.version,
        created_at: now,
        updated_at: now,
      })
      .execute();
  } else {
    await db
      .updateTable('forms')
      .set({ key: def.key, name: def.name, definition: json, version: def.version, updated_at: now })
      .where('id', '=', def.id)
      .execute();
  }
  await db
    .insertInto('form_versions')
    .values({ form_id: def.id, version: def.version, definition: json, created_by: userId, created_at: now })
    .execute();
}
