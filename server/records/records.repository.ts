import type { Db } from '../db/database.js';
import type { FormModel } from '../forms/form-model.js';
import { insertObjects } from './bulk-insert.js';

import { selectRows } from './record-table.js';

/** Table and column names come from generated ids; other modules reach the tables by record-table.ts. */
export { dyn } from './record-table.js';

export interface RecordRow {
  id: string;
  seq: number;
  version: number;
  state: string | null;
  state_entered_at: string | null;
  owner_id: string | null;
  department_id: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  updated_by: string | null;
  deleted_at: string | null;
  [column: string]: unknown;
}

/** A record as the API answers it. */
export interface RecordOut {
  id: string;
  formId: string;
  version: number;
  state: string | null;
  /** When the record entered its workflow state (time limits count from here). */
  stateEnteredAt?: string | null;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  ownerId: string | null;
  departmentId: string | null;
  deletedAt?: string;
  fields: Record<string, unknown>;
}

export const systemColumns = [
  'id',
  'seq',
  'version',
  'state',
  'state_entered_at',
  'owner_id',
  'department_id',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
];

/** Columns to select for the API shape (every stored field). */
export const selectColumns = (model: FormModel) => [
  ...systemColumns,
  ...model.fields.filter((f) => f.column).map((f) => f.column!),
];

export async function findRows(
  db: Db,
  model: FormModel,
  ids: string[],
  withDeleted = false,
): Promise<RecordRow[]> {
  if (!ids.length) return [];
  const q = selectRows(db, model, { withDeleted }).select(selectColumns(model)).where('id', 'in', ids);
  return (await q.execute()) as RecordRow[];
}

/** Linked record ids per record per relation field, in link order. */
export async function loadLinks(
  db: Db,
  model: FormModel,
  ids: string[],
): Promise<Map<string, Map<string, string[]>>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!ids.length) return out;
  for (const f of model.fields) {
    if (!f.link) continue;
    const rows = await db
      .selectFrom('record_links')
      .select([`${f.link.mySide} as me` as 'source_id', `${f.link.otherSide} as other` as 'target_id'])
      .where('field_id', '=', f.link.linkFieldId)
      .where(f.link.mySide, 'in', ids)
      .orderBy('position')
      .orderBy(f.link.otherSide)
      .execute();
    for (const r of rows as unknown as { me: string; other: string }[]) {
      let m = out.get(r.me);
      if (!m) out.set(r.me, (m = new Map()));
      const list = m.get(f.def.id) ?? [];
      list.push(r.other);
      m.set(f.def.id, list);
    }
  }
  return out;
}

/** Row → API record. */
export function toRecord(model: FormModel, row: RecordRow, links?: Map<string, string[]>): RecordOut {
  const fields: Record<string, unknown> = {};
  for (const f of model.fields) {
    fields[f.def.key] = f.column ? f.read(row[f.column]) : (links?.get(f.def.id) ?? []);
  }
  return {
    id: row.id,
    formId: model.def.id,
    version: Number(row.version),
    state: row.state,
    ...(row.state ? { stateEnteredAt: row.state_entered_at } : {}),
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    ownerId: row.owner_id,
    departmentId: row.department_id,
    ...(row.deleted_at ? { deletedAt: row.deleted_at } : {}),
    fields,
  };
}

export async function rowsToRecords(db: Db, model: FormModel, rows: RecordRow[]): Promise<RecordOut[]> {
  const links = await loadLinks(
    db,
    model,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toRecord(model, r, links.get(r.id)));
}

/** Inserts rows in multi-row statements, kept under both engines' parameter limits. */
export const insertRows = insertObjects;

/** Replaces the links of one relation field of one record. */
export async function replaceLinks(
  db: Db,
  link: { linkFieldId: string; mySide: 'source_id' | 'target_id'; otherSide: 'source_id' | 'target_id' },
  recordId: string,
  otherIds: string[],
): Promise<void> {
  await db
    .deleteFrom('record_links')
    .where('field_id', '=', link.linkFieldId)
    .where(link.mySide, '=', recordId)
    .execute();
  if (!otherIds.length) return;
  await insertRows(
    db,
    'record_links',
    otherIds.map((other, position) => ({
      field_id: link.linkFieldId,
      [link.mySide]: recordId,
      [link.otherSide]: other,
      position,
    })),
  );
}
