import { type Kysely, sql } from 'kysely';
import { engineOf } from '../engine.js';

async function columnsOf(db: Kysely<any>, table: string): Promise<Set<string>> {
  const query =
    engineOf(db) === 'postgres'
      ? sql<{ c: string }>`select column_name as c from information_schema.columns
          where table_name = ${table} and table_schema = current_schema()`
      : sql<{ c: string }>`select name as c from pragma_table_info(${table})`;
  return new Set((await query.execute(db)).rows.map((r) => r.c));
}

type FieldList = Array<{ id: string; type: string }>;

/**
 * Which records hold which file (`file_links`), so that a download or an attachment is allowed by
 * one indexed query over the records that hold it, and files no record holds any more can be
 * found and deleted. Links are written in the record's own transaction from now on; the links of
 * files attached before are read from every record table here. `job_leases` lets one process of
 * several take a periodic job (the file clean-up) for a while.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('file_links')
    .addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('field_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('file_links_pk', ['file_id', 'form_id', 'record_id', 'field_id'])
    .execute();
  // A record's links are replaced when its attachment field changes.
  await db.schema
    .createIndex('file_links_record')
    .on('file_links')
    .columns(['record_id', 'field_id'])
    .execute();
  // The clean-up checks each form's links against its table.
  await db.schema.createIndex('file_links_form').on('file_links').columns(['form_id', 'record_id']).execute();
  // The clean-up looks for old files; the upload window is checked by creation time too.
  await db.schema.createIndex('files_created').on('files').columns(['created_at', 'id']).execute();
  // Each upload counts its uploader's files still waiting for a record.
  await db.schema.createIndex('files_uploader').on('files').columns(['created_by', 'created_at']).execute();
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('leased_until', 'text', (c) => c.notNull())
    .execute();
  await backfillFileLinks(db);
}

/** Links every file that a record's attachment field (current or removed, not purged) holds today. */
export async function backfillFileLinks(db: Kysely<any>): Promise<void> {
  const known = new Set(
    ((await db.selectFrom('files').select('id').execute()) as { id: string }[]).map((r) => r.id),
  );
  const forms = (await db.selectFrom('forms').select(['id', 'definition']).execute()) as {
    id: string;
    definition: string;
  }[];
  for (const form of forms) {
    const def = JSON.parse(form.definition) as { fields?: FieldList; removedFields?: FieldList };
    const table = `r_${form.id}`;
    const columns = await columnsOf(db, table);
    const all = [...(def.fields ?? []), ...(def.removedFields ?? [])];
    for (const f of all.filter((x) => x.type === 'attachment' && columns.has(`f_${x.id}`))) {
      const col = `f_${f.id}`;
      const rows = (await db
        .selectFrom(table)
        .select(['id', `${col} as v`])
        .where(col, 'is not', null)
        .execute()) as { id: string; v: unknown }[];
      const links = rows.flatMap((r) => {
        const files = (typeof r.v === 'string' ? JSON.parse(r.v) : r.v) as Array<{
          id?: string;
        } | null> | null;
        const ids = (Array.isArray(files) ? files : [])
          .map((x) => x?.id)
          .filter((id): id is string => !!id && known.has(id));
        return [...new Set(ids)].map((id) => ({
          file_id: id,
          form_id: form.id,
          record_id: r.id,
          field_id: f.id,
        }));
      });
      for (let i = 0; i < links.length; i += 500)
        await db
          .insertInto('file_links')
          .values(links.slice(i, i + 500))
          .execute();
    }
  }
}
