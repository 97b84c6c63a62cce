import type { Db } from '../db/database.js';
import type { FormModel } from '../forms/form-model.js';
import type { Values } from '../records/values.js';

/** The file ids in an attachment value: ids as sent, or `{id, …}` as stored and answered. */
export const fileIdsOf = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .map((x) => (typeof x === 'string' ? x : (x as { id?: string } | null)?.id))
        .filter((x): x is string => !!x)
    : [];

/**
 * Records which records hold which files, in the write's transaction: for every attachment field
 * a record's values carry, its links become exactly the files in the value (`replace` drops the
 * record's earlier links of that field first; a new record has none).
 */
export async function linkFiles(
  db: Db,
  model: FormModel,
  records: Array<{ recordId: string; values: Values }>,
  replace = false,
) {
  const fields = model.fields.filter((f) => f.def.type === 'attachment');
  if (!fields.length) return;
  const links: Array<{ file_id: string; form_id: string; record_id: string; field_id: string }> = [];
  for (const { recordId, values } of records)
    for (const f of fields) {
      if (!values.has(f.def.key)) continue;
      if (replace)
        await db
          .deleteFrom('file_links')
          .where('record_id', '=', recordId)
          .where('field_id', '=', f.def.id)
          .execute();
      for (const id of new Set(fileIdsOf(values.get(f.def.key))))
        links.push({ file_id: id, form_id: model.def.id, record_id: recordId, field_id: f.def.id });
    }
  for (let i = 0; i < links.length; i += 500)
    await db
      .insertInto('file_links')
      .values(links.slice(i, i + 500))
      .execute();
}
