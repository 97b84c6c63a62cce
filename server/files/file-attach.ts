import { loadCurrentUser } from '../auth/auth.service.js';
import type { CurrentUser, Deps } from '../context.js';
import type { Db, FilesTable } from '../db/database.js';
import { type ErrorDetail, invalid } from '../errors.js';
import type { AttachmentField } from '../fields/types/attachment.js';
import type { FormModel } from '../forms/form-model.js';
import type { Values } from '../records/values.js';
import type { Actor } from '../records/records.write.js';
import { mayUseFile } from './file-access.js';
import { fileIdsOf } from './file-links.js';

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

async function loadFiles(db: Db, ids: string[]): Promise<Map<string, FilesTable>> {
  const rows = new Map<string, FilesTable>();
  for (let i = 0; i < ids.length; i += 500) {
    const part = await db
      .selectFrom('files')
      .selectAll()
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of part) rows.set(r.id, r);
  }
  return rows;
}

/**
 * Checks and fills in the attachment values of a write. Every file newly put into a field must be
 * one the writer may use (mayUseFile), else the write is refused with 422 on that field exactly as
 * if the file did not exist, and must fit the field's `accept` list. Files the field already held
 * stay without a check (if they still exist). Then the ids become the stored metadata
 * `{id, name, size, mimeType}`. An actor without `userId` is a write by no person (an
 * automation, then limited by its author's rights too, `onBehalfOf`).
 */
export async function attachFiles(
  deps: Deps,
  db: Db,
  model: FormModel,
  batch: FileWrite[],
  actor: Pick<Actor, 'userId' | 'onBehalfOf'>,
) {
  const actorId = actor.userId;
  const fields = model.fields.filter((f) => f.def.type === 'attachment');
  if (!fields.length) return;
  const wanted = new Set<string>();
  for (const w of batch)
    for (const f of fields) for (const id of fileIdsOf(w.values.get(f.def.key))) wanted.add(id);
  if (!wanted.size) return;
  const rows = await loadFiles(db, [...wanted]);

  let user: CurrentUser | null | undefined;
  let author: CurrentUser | null | undefined;
  const allowed = new Map<string, boolean>();
  const may = async (file: FilesTable) => {
    if (!allowed.has(file.id)) {
      if (user === undefined) user = actorId ? ((await loadCurrentUser(db, actorId, 'token')) ?? null) : null;
      if (author === undefined)
        author =
          !actorId && actor.onBehalfOf
            ? ((await loadCurrentUser(db, actor.onBehalfOf, 'token')) ?? null)
            : null;
      // An actor whose account is gone or inactive uses nothing; an automation passes on only files
      // some record holds, and of those only what its author could attach.
      const ok = actorId && !user ? false : await mayUseFile(deps, db, user, file);
      const authorOk =
        !actorId && actor.onBehalfOf ? !!author && (await mayUseFile(deps, db, author, file)) : true;
      allowed.set(file.id, ok && authorOk);
    }
    return allowed.get(file.id)!;
  };
  const errors: ErrorDetail[] = [];
  for (const w of batch)
    for (const f of fields) {
      const { accept, label } = f.def as AttachmentField;
      const held = new Set(fileIdsOf(w.current?.[f.def.key]));
      const refused: string[] = [];
      const wrongType: string[] = [];
      for (const id of fileIdsOf(w.values.get(f.def.key))) {
        const file = rows.get(id);
        if (!file || (!held.has(id) && !(await may(file)))) refused.push(id);
        else if (!held.has(id) && !accepts(accept, file)) wrongType.push(file.name);
      }
      const path = `${w.prefix}/${f.def.key}`;
      if (refused.length)
        errors.push({ path, message: `${label}: no such file: ${refused.slice(0, 5).join(', ')}` });
      else if (wrongType.length) {
        const names = wrongType.slice(0, 5).join(', ');
        errors.push({
          path,
          message: `${label}: ${names} is not of an accepted type (${accept!.join(', ')})`,
        });
      }
    }
  if (errors.length) throw invalid(errors[0].message, errors);
  for (const w of batch)
    for (const f of fields) {
      if (!w.values.get(f.def.key)) continue;
      const meta = fileIdsOf(w.values.get(f.def.key)).map((id) => {
        const r = rows.get(id)!;
        return { id, name: r.name, size: Number(r.size), mimeType: r.mime_type };
      });
      w.values.set(f.def.key, meta);
    }
}
