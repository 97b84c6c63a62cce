import type { CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError, forbidden } from '../errors.js';
import { checkFilter, type Filter, type FilterContext, type FilterField } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { type Action, actions, type Grant } from './permissions.schema.js';

/** What one caller may do on one form, resolved from the union of their roles. */
export interface FormAccess {
  actions: Set<Action>;
  /** Per action: the records it may touch, as a filter (undefined = all records). */
  scope: Partial<Record<Action, Filter | undefined>>;
  hidden: Set<string>;
  readonly: Set<string>;
  sensitiveFull: boolean;
  isAdmin: boolean;
}

const everything: Omit<FormAccess, 'scope'> & { scope: Record<string, undefined> } = {
  actions: new Set(actions),
  scope: {},
  hidden: new Set(),
  readonly: new Set(),
  sensitiveFull: true,
  isAdmin: true,
};

/** The grants of all roles a user has, directly or through any of their departments. */
export async function userGrants(db: Db, user: CurrentUser): Promise<Grant[]> {
  const q = db
    .selectFrom('roles')
    .select('roles.grants')
    .where((eb) =>
      eb.or([
        eb('roles.id', 'in', eb.selectFrom('user_roles').select('role_id').where('user_id', '=', user.id)),
        ...(user.departmentIds.length
          ? [
              eb(
                'roles.id',
                'in',
                eb
                  .selectFrom('department_roles')
                  .select('role_id')
                  .where('department_id', 'in', user.departmentIds),
              ),
            ]
          : []),
      ]),
    );
  const rows = await q.execute();
  const grants = rows.flatMap((r) => JSON.parse(r.grants) as Grant[]);
  return user.token?.appId ? appScoped(db, user, user.token.appId, grants) : grants;
}

/**
 * An app-scoped API token: only grants on that app count (an all-apps grant narrows to it); the
 * token of an admin gets everything on that app, as a grant, and nothing beyond it.
 */
async function appScoped(db: Db, user: CurrentUser, appId: string, grants: Grant[]): Promise<Grant[]> {
  if (user.token?.ownerIsAdmin)
    return [
      { appId, actions: ['read', 'create', 'update', 'delete', 'manage'], scope: 'all', sensitive: 'full' },
    ];
  const formIds = grants.flatMap((g) => (g.formId ? [g.formId] : []));
  const inApp = new Set(
    formIds.length
      ? (
          await db
            .selectFrom('forms')
            .select('id')
            .where('id', 'in', formIds)
            .where('app_id', '=', appId)
            .execute()
        ).map((f) => f.id)
      : [],
  );
  return grants.flatMap((g) => {
    if (g.formId) return inApp.has(g.formId) ? [g] : [];
    if (!g.appId) return [{ ...g, appId }];
    return g.appId === appId ? [g] : [];
  });
}

/** The caller's departments with all their sub-departments. */
export async function departmentTree(db: Db, roots: string[]): Promise<string[]> {
  if (!roots.length) return [];
  const all = await db.selectFrom('departments').select(['id', 'parent_id']).execute();
  const out = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const d of all)
      if (d.parent_id && out.has(d.parent_id) && !out.has(d.id)) {
        out.add(d.id);
        grew = true;
      }
  }
  return [...out];
}

const applies = (g: Grant, model: FormModel) => grantCovers(g, model.def.appId, model.def.id);

/** Resolves a caller's access to a form; admins may do everything. */
export async function formAccess(
  db: Db,
  user: CurrentUser,
  model: FormModel,
  fctx: FilterContext,
  grants?: Grant[],
): Promise<FormAccess> {
  if (user.isAdmin) return { ...everything, scope: {} };
  const mine = (grants ?? (await userGrants(db, user))).filter((g) => applies(g, model));
  const access: FormAccess = {
    actions: new Set(),
    scope: {},
    hidden: new Set(),
    readonly: new Set(),
    sensitiveFull: false,
    isAdmin: false,
  };
  const fieldId = (ref: string) => (model.byKey.get(ref) ?? model.byId.get(ref))?.def.id;
  let tree: string[] | undefined;
  const scopes: Partial<Record<Action, Array<Filter | 'all'>>> = {};
  for (const g of mine) {
    let scope: Filter | 'all' | undefined;
    if (g.scope === 'all') scope = 'all';
    else if (g.scope === 'own') scope = { field: 'ownerId', op: 'eq', value: '$me' };
    else if (g.scope === 'department')
      scope = user.departmentIds.length
        ? { field: 'departmentId', op: 'in', value: user.departmentIds }
        : { or: [] };
    else if (g.scope === 'department-tree') {
      tree ??= await departmentTree(db, user.departmentIds);
      scope = tree.length ? { field: 'departmentId', op: 'in', value: tree } : { or: [] };
    } else {
      // A grant whose filter no longer fits the form (a field was removed) grants nothing.
      scope = checkFilter(g.scope.filter, fctx).length ? { or: [] } : g.scope.filter;
    }
    for (const a of g.actions) {
      access.actions.add(a);
      (scopes[a] ??= []).push(scope);
    }
    if (g.sensitive === 'full') access.sensitiveFull = true;
  }
  for (const [a, list] of Object.entries(scopes) as [Action, Array<Filter | 'all'>][]) {
    access.scope[a] = list.includes('all')
      ? undefined
      : list.length === 1
        ? (list[0] as Filter)
        : { or: list as Filter[] };
  }
  // A field is hidden only if every grant that lets the caller read hides it (union of rights).
  const readGrants = mine.filter((g) => g.actions.includes('read'));
  for (const f of model.fields) {
    const id = f.def.id;
    const mode = (g: Grant) => Object.entries(g.fields ?? {}).find(([ref]) => fieldId(ref) === id)?.[1];
    if (!readGrants.length || readGrants.every((g) => mode(g) === 'hidden')) access.hidden.add(f.def.key);
    const writeGrants = mine.filter((g) => g.actions.includes('update') || g.actions.includes('create'));
    if (writeGrants.every((g) => mode(g) === 'hidden' || mode(g) === 'readonly'))
      access.readonly.add(f.def.key);
  }
  return access;
}

/** 403 unless the caller may do `action` on the form at all. */
export function need(access: FormAccess, action: Action) {
  if (!access.actions.has(action)) throw forbidden(`You may not ${action} records of this form`);
}

/** Filter fields the caller may filter and sort on (hidden fields are not there to be probed). */
export function visibleFilterFields(
  fields: Map<string, FilterField>,
  access: FormAccess,
): Map<string, FilterField> {
  if (!access.hidden.size) return fields;
  return new Map([...fields].filter(([k]) => !access.hidden.has(k)));
}

/** Refuses writes to hidden or read-only fields. */
export function checkWritable(access: FormAccess, fields: unknown, prefix = '/fields') {
  if (!fields || typeof fields !== 'object') return;
  const bad = Object.keys(fields).filter((k) => access.hidden.has(k) || access.readonly.has(k));
  if (bad.length)
    throw new AppError(
      'forbidden',
      `You may not change ${bad.join(', ')}`,
      bad.map((k) => ({ path: `${prefix}/${k}`, message: 'is read-only for you' })),
    );
}

/** Forms a member may open (some role lets them read or manage them); undefined for admins = all. */
export async function visibleForms(db: Db, user: CurrentUser): Promise<Set<string> | undefined> {
  if (user.isAdmin) return undefined;
  const grants = (await userGrants(db, user)).filter(
    (g) => g.actions.includes('read') || g.actions.includes('manage'),
  );
  const forms = await db.selectFrom('forms').select(['id', 'app_id']).execute();
  return new Set(forms.filter((f) => grants.some((g) => grantCovers(g, f.app_id, f.id))).map((f) => f.id));
}

/** Whether a grant covers a form (a form grant, its app's grant, or an all-apps grant), or — without `formId` — the whole app. */
export const grantCovers = (g: Grant, appId: string, formId?: string) =>
  g.formId ? g.formId === formId : !g.appId || g.appId === appId;

/**
 * 403 unless the caller may change definitions: an admin, or a `manage` grant covering the form
 * (or, without `formId`, the whole app: dashboards and automations belong to the app).
 */
export async function assertManage(
  db: Db,
  user: CurrentUser,
  appId: string,
  formId: string | undefined,
  message: string,
): Promise<void> {
  if (user.isAdmin) return;
  const grants = await userGrants(db, user);
  if (!grants.some((g) => g.actions.includes('manage') && grantCovers(g, appId, formId)))
    throw forbidden(message);
}
