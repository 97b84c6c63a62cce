import type { Db } from '../db/database.js';
import type { Workflow } from './workflow.schema.js';

/** A form's workflow, or undefined when the form has none. */
export async function findWorkflow(
  db: Db,
  formId: string,
): Promise<(Workflow & { version: number }) | undefined> {
  const row = await db
    .selectFrom('workflows')
    .select(['definition', 'version'])
    .where('form_id', '=', formId)
    .executeTakeFirst();
  return row ? { ...(JSON.parse(row.definition) as Workflow), version: row.version } : undefined;
}

export async function saveWorkflow(
  db: Db,
  formId: string,
  wf: Workflow,
  version: number,
  userId: string | null,
  at: string,
): Promise<void> {
  const { version: _v, $schema: _s, ...stored } = wf;
  const definition = JSON.stringify(stored);
  if (version === 1)
    await db
      .insertInto('workflows')
      .values({ form_id: formId, definition, version, updated_at: at })
      .execute();
  else
    await db
      .updateTable('workflows')
      .set({ definition, version, updated_at: at })
      .where('form_id', '=', formId)
      .execute();
  await db
    .insertInto('workflow_versions')
    .values({ form_id: formId, version, definition, created_by: userId, created_at: at })
    .execute();
}
