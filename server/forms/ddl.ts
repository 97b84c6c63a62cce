import { type Kysely, sql } from 'kysely';
import type { Engine } from '../db/database.js';
import type { Storage } from '../fields/field-type.js';
import { engineOf } from '../db/engine.js';
import { type FormModel, type ModelField, fieldColumn } from './form-model.js';

/** SQL column types per storage, per engine. */
export function sqlType(storage: Storage, engine: Engine): string {
  switch (storage) {
    case 'real':
      return engine === 'postgres' ? 'double precision' : 'real';
    case 'bigint':
      return engine === 'postgres' ? 'bigint' : 'integer';
    case 'integer':
      return 'integer';
    case 'json':
      return engine === 'postgres' ? 'jsonb' : 'text';
    default:
      // Byte order on both engines: sorts and comparisons agree, and prefix searches use the index.
      return engine === 'postgres' ? 'text collate "C"' : 'text';
  }
}

const colType = (storage: Storage, engine: Engine) => sql.raw(sqlType(storage, engine));

const ixName = (formId: string, fieldId: string, unique: boolean) =>
  `${unique ? 'ux' : 'ix'}_${formId.slice(4)}_${fieldId.slice(4)}`;

/**
 * Creates a form's record table with the system columns and one column per stored field.
 * Identifiers come only from generated ids.
 */
export async function createRecordTable(db: Kysely<any>, engine: Engine, model: FormModel): Promise<void> {
  let t = db.schema
    .createTable(model.table)
    .addColumn('id', colType('text', engine), (c) => c.primaryKey())
    .addColumn('seq', colType('bigint', engine), (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('state_entered_at', 'text')
    .addColumn('owner_id', 'text')
    .addColumn('department_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('deleted_at', 'text');
  for (const f of model.fields) if (f.column) t = t.addColumn(f.column, colType(f.storage, engine));
  await t.execute();
  const short = model.def.id.slice(4);
  for (const col of ['created_at', 'updated_at', 'owner_id', 'department_id'])
    await db.schema.createIndex(`sx_${short}_${col}`).on(model.table).column(col).execute();
  // Kanban columns and the time-limit scan read by state, then by when the state was entered; the
  // scan pages by (state_entered_at, id), so many records entering at one moment cost no re-reads.
  await db.schema
    .createIndex(`sx_${short}_state`)
    .on(model.table)
    .columns(['state', 'state_entered_at', 'id'])
    .execute();
  await db.schema.createIndex(`sx_${short}_seq`).on(model.table).column('seq').unique().execute();
  for (const f of model.fields) await ensureFieldIndex(db, model, f);
}

/** Adds the column of a new field. */
export async function addFieldColumn(
  db: Kysely<any>,
  engine: Engine,
  model: FormModel,
  f: ModelField,
  column = f.column!,
): Promise<void> {
  await db.schema.alterTable(model.table).addColumn(column, colType(f.storage, engine)).execute();
}

/**
 * Indexes that follow the field's use: unique fields get a partial unique index over live rows
 * (so a deleted record frees its value), filterable types a plain one.
 */
export async function ensureFieldIndex(db: Kysely<any>, model: FormModel, f: ModelField): Promise<void> {
  if (!f.column || f.storage === 'json') return;
  if (f.def.unique || f.def.type === 'autonumber') {
    await db.schema
      .createIndex(ixName(model.def.id, f.def.id, true))
      .ifNotExists()
      .on(model.table)
      .column(f.column)
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  } else if (f.type.indexed) {
    // Empty values sort first ascending on both engines (SQLite's order); PostgreSQL's index says so.
    const nulls = engineOf(db) === 'postgres' ? sql` nulls first` : sql``;
    await sql`create index if not exists ${sql.id(ixName(model.def.id, f.def.id, false))} on ${sql.table(model.table)} (${sql.ref(f.column)}${nulls})`.execute(
      db,
    );
  }
}

/**
 * Drops the field's indexes (before a retype or a purge, or when uniqueness is switched off). On
 * SQLite that includes the views' and dashboards' indexes over several columns that name the
 * field's column or its backups: SQLite refuses to drop a column an index still names, and a
 * renamed (backup) column would carry them along. PostgreSQL drops such indexes with the column.
 */
export async function dropFieldIndexes(db: Kysely<any>, formId: string, fieldId: string): Promise<void> {
  for (const unique of [true, false])
    await db.schema
      .dropIndex(ixName(formId, fieldId, unique))
      .ifExists()
      .execute();
  if (engineOf(db) !== 'sqlite') return;
  const naming = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'index' and tbl_name = ${`r_${formId}`} and instr(sql, ${`"${fieldColumn(fieldId)}`}) > 0`.execute(
    db,
  );
  for (const { name } of naming.rows) await sql`drop index if exists ${sql.id(name)}`.execute(db);
}

export const backupColumn = (fieldId: string, version: number) => `${fieldColumn(fieldId)}__v${version}`;
