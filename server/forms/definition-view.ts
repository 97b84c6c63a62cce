import type { CurrentUser, Deps } from '../context.js';
import { AppError, type ErrorDetail } from '../errors.js';
import { grantCovers, userGrants } from '../permissions/access.js';
import { type RecordContext, recordContext } from '../permissions/record-access.js';
import type { FormInput } from './form-input.schema.js';
import { getFormDef } from './forms.repository.js';
import type { FieldDef, FormDef, Layout } from './forms.schema.js';

/**
 * The caller's access to a form, for reading its definition: through `manage` when a grant lets
 * them manage the form, else through `read` (403 with neither). Hidden fields, lookups through
 * hidden fields and scopes are those of the records access machinery.
 */
export async function definitionContext(
  deps: Deps,
  user: CurrentUser,
  formId: string,
): Promise<RecordContext> {
  let action: 'read' | 'manage' = 'read';
  if (!user.isAdmin) {
    const def = await getFormDef(deps.db, formId);
    const grants = await userGrants(deps.db, user);
    if (grants.some((g) => g.actions.includes('manage') && grantCovers(g, def.appId, def.id)))
      action = 'manage';
  }
  return recordContext(deps.db, deps, user, formId, action);
}

/** Ids of the form's fields the caller may not see (none for admins). */
export function hiddenFieldIds(rc: RecordContext): Set<string> {
  if (rc.access.isAdmin) return new Set();
  return new Set(rc.model.fields.filter((f) => rc.access.hidden.has(f.def.key)).map((f) => f.def.id));
}

/**
 * A definition as a non-admin sees it: no field hidden from them, in the fields, the layout or
 * as the title field; no removed fields (their data is the admins' to restore or purge).
 */
export function presentDefinition<T extends FormDef>(def: T, hidden: Set<string>): Omit<T, 'removedFields'> {
  const { removedFields: _r, ...rest } = def;
  if (!hidden.size) return rest;
  const layout = def.layout?.sections && {
    ...def.layout,
    sections: def.layout.sections.map((s) => ({ ...s, fields: s.fields.filter((id) => !hidden.has(id)) })),
  };
  const { titleField, ...out } = {
    ...rest,
    fields: def.fields.filter((f) => !hidden.has(f.id)),
    ...(layout ? { layout } : {}),
  };
  return { ...out, ...(titleField && !hidden.has(titleField) ? { titleField } : {}) } as unknown as Omit<
    T,
    'removedFields'
  >;
}

/** An earlier version as a non-admin sees it: only the fields they may see on the form today. */
export function presentVersion(def: FormDef, rc: RecordContext): FormDef {
  if (rc.access.isAdmin) return def;
  const visible = new Set(
    rc.model.fields.filter((f) => !rc.access.hidden.has(f.def.key)).map((f) => f.def.id),
  );
  const gone = new Set(
    [...def.fields, ...(def.removedFields ?? [])].map((f) => f.id).filter((id) => !visible.has(id)),
  );
  return presentDefinition(def, gone) as FormDef;
}

/** Where `id` goes in `list` so that it follows what preceded it in `before` (the start when nothing did). */
function insertAt(list: string[], before: string[], id: string): number {
  for (let j = before.indexOf(id) - 1; j >= 0; j--) {
    const k = list.indexOf(before[j]);
    if (k >= 0) return k + 1;
  }
  return 0;
}

function mergeLayout(
  layout: Layout,
  previous: Layout,
  hidden: Set<string>,
  idOf: (ref: string) => string,
): Layout {
  const sections = (layout.sections ?? []).map((s) => ({ ...s, fields: [...s.fields] }));
  (previous.sections ?? []).forEach((ps, si) => {
    const target =
      (ps.id ? sections.find((s) => s.id === ps.id) : undefined) ?? sections[si] ?? sections.at(-1);
    if (!target) return;
    for (const ref of ps.fields) {
      if (!hidden.has(ref)) continue;
      target.fields.splice(insertAt(target.fields.map(idOf), ps.fields, ref), 0, ref);
    }
  });
  return { ...layout, ...(layout.sections ? { sections } : {}) };
}

/**
 * A form as a non-admin manager saves it, completed with the fields hidden from them: those
 * fields come back with their ids (so their data stays), each after the field it followed before,
 * in the layout section it was in, and stay the title field if they were. Sending a hidden field's
 * id (to change or move it) is refused with 403.
 */
export function mergeHiddenFields(input: FormInput, previous: FormDef, hidden: Set<string>): FormInput {
  if (!hidden.size) return input;
  const sent = input.fields as Array<Partial<FieldDef>>;
  const bad: ErrorDetail[] = sent.flatMap((f, i) =>
    f.id && hidden.has(f.id) ? [{ path: `/fields/${i}/id`, message: 'is a field you may not change' }] : [],
  );
  if (bad.length) throw new AppError('forbidden', 'You may not change fields hidden from you', bad);
  const fields = [...sent];
  const ids = () => fields.map((f) => f.id ?? '');
  const order = previous.fields.map((f) => f.id);
  for (const f of previous.fields) if (hidden.has(f.id)) fields.splice(insertAt(ids(), order, f.id), 0, f);
  const idOf = (ref: string) => fields.find((f) => f.id === ref || f.key === ref)?.id ?? ref;
  const layout =
    input.layout && previous.layout ? mergeLayout(input.layout, previous.layout, hidden, idOf) : input.layout;
  const titleField =
    input.titleField ??
    (previous.titleField && hidden.has(previous.titleField) ? previous.titleField : undefined);
  return {
    ...input,
    fields: fields as FormInput['fields'],
    ...(layout ? { layout } : {}),
    ...(titleField ? { titleField } : {}),
  };
}

/**
 * An error about the merged field list in terms of what the caller sent: `/fields/<i>` points at
 * their own list, and a problem of a field hidden from them says only that one exists (not its
 * key, expression or values).
 */
export function inSentTerms(e: unknown, merged: readonly unknown[], sent: readonly unknown[]): unknown {
  if (!(e instanceof AppError) || !e.details.length) return e;
  const details = e.details.map((d): ErrorDetail => {
    const m = /^\/fields\/(\d+)(\/.*)?$/.exec(d.path);
    if (!m) return d;
    const i = sent.indexOf(merged[Number(m[1])]);
    return i >= 0
      ? { ...d, path: `/fields/${i}${m[2] ?? ''}` }
      : { path: '/fields', message: 'a field hidden from you does not allow this change' };
  });
  if (details.every((d, i) => d === e.details[i])) return e;
  return new AppError(e.code, `${details[0].path}: ${details[0].message}`, details, e.headers);
}
