import { loadCurrentUser } from '../auth/auth.service.js';
import type { CurrentUser, Deps } from '../context.js';
import type { Db, FilesTable } from '../db/database.js';
import { type ErrorDetail, invalid } from '../errors.js';
import type { AttachmentField } from '../fields/types/attachment.js';
import type { FormModel } from '../forms/form-model.js';
import type { Values } from '../records/values.js';
import { mayUseFile } from './file-access.js';

/** One record's values in a write, where they sit in the request, and (for a change) what it held. */
export interface FileWrite {
  values: Values;
  prefix: string;
  current?: Record<string, unknown>;
}

/** Whether a file fits a field's `accept` list (MIME types, `image/*`, or extensions such as `.pdf`). */
function accepts(accept: string[] | undefined, file: FilesTable): boolean {
  if (!accept?.length) return true;
  const name = file.name.toLowerCase();
  const type = file.mime_type.toLowerCase();
  return accept.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (a.startsWith('.')) return name.endsWith(a);
    if (a.endsWith('/*')) return type.startsWith(a.slice(0, -1));
    return type === a;
  });
}

const idsOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : (x as { id?: string } | null)?.id)).filter((x): x is string => !!x) : [];

/**
 * Checks and fills in the attachment values of a write: every file newly put into a field must be
 * one the writer may use (mayUseFile), else the write is refused with 422 on that field exactly as
 * if the file did not exist; a new file must also fit the field's `accept` list; then the ids become the stored metadata `{id, name, size, mimeType}`.
 * Files the field already held stay without a check (if they still exist). `actorId` null is a
 * write by no person.
 */
export async function attachFiles(deps: Deps, db: Db, model: FormModel, batch: FileWrite[], actorId: string | null): Promise<void> {
  const fields = model.fields.filter((f) => f.def.type === 'attachment');
  if (!fields.length) return;
  const wanted = new Set<string>();
  for (const w of batch) for (const f of fields) for (const id of idsOf(w.values.get(f.def.key))) wanted.add(id);
  if (!wanted.size) return;
  const rows = new Map<string, FilesTable>();
  const list = [...wanted];
  for (let i = 0; i < list.length; i += 500)
    for (const r of await db.selectFrom('files').selectAll().where('id', 'in', list.slice(i, i + 500)).execute()) rows.set(r.id, r);

  let user: CurrentUser | null | undefined;
  const allowed = new Map<string, boolean>();
  const may = async (id: string) => {
    const file = rows.get(id);
    if (!file) return false;
    if (!allowed.has(id)) {
      if (user === undefined) user = actorId ? ((await loadCurrentUser(db, actorId, 'token')) ?? null) : null;
      // An actor whose account is gone or inactive uses nothing.
      allowed.set(id, actorId && !user ? false : await mayUseFile(deps, db, user, file));
    }
    return allowed.get(id)!;
  };
  const errors: ErrorDetail[] = [];
  for (const w of batch)
    for (const f of fields) {
      const held = new Set(idsOf(w.current?.[f.def.key]));
      const refused: string[] = [];
      const wrongType: string[] = [];
      for (const id of idsOf(w.values.get(f.def.key))) {
        if (!rows.has(id) || (!held.has(id) && !(await may(id)))) refused.push(id);
        else if (!held.has(id) && !accepts((f.def as AttachmentField).accept, rows.get(id)!)) wrongType.push(rows.get(id)!.name);
      }
      const path = `${w.prefix}/${f.def.key}`;
      if (refused.length) errors.push({ path, message: `${f.def.label}: no such file: ${refused.slice(0, 5).join(', ')}` });
      else if (wrongType.length)
        errors.push({ path, message: `${f.def.label}: ${wrongType.slice(0, 5).join(', ')} is not of an accepted type (${(f.def as AttachmentField).accept!.join(', ')})` });
    }
  if (errors.length) throw invalid(errors[0].message, errors);
  for (const w of batch)
    for (const f of fields) {
      if (!w.values.get(f.def.key)) continue;
      w.values.set(f.def.key, idsOf(w.values.get(f.def.key)).map((id) => {
        const r = rows.get(id)!;
        return { id, name: r.name, size: Number(r.size), mimeType: r.mime_type };
      }));
    }
}

/**
 * Records which records hold which files, in the write's transaction: for every attachment field
 * a record's values carry, its links become exactly the files in the value (`replace` drops the
 * record's earlier links of that field first; a new record has none).
 */
export async function linkFiles(db: Db, model: FormModel, records: Array<{ recordId: string; values: Values }>, replace = false): Promise<void> {
  const fields = model.fields.filter((f) => f.def.type === 'attachment');
  if (!fields.length) return;
  const links: Array<{ file_id: string; form_id: string; record_id: string; field_id: string }> = [];
  for (const { recordId, values } of records)
    for (const f of fields) {
      if (!values.has(f.def.key)) continue;
      if (replace) await db.deleteFrom('file_links').where('record_id', '=', recordId).where('field_id', '=', f.def.id).execute();
      for (const id of new Set(idsOf(values.get(f.def.key)))) links.push({ file_id: id, form_id: model.def.id, record_id: recordId, field_id: f.def.id });
    }
  for (let i = 0; i < links.length; i += 500) await db.insertInto('file_links').values(links.slice(i, i + 500)).execute();
}
