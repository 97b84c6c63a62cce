import type { Expression, SqlBool } from 'kysely';
import { loadCurrentUser } from '../auth/auth.service.js';
import type { CurrentUser, Deps } from '../context.js';
import type { Db } from '../db/database.js';
import { forbidden } from '../errors.js';
import { compileFilter, filterPredicate } from '../filter/index.js';
import type { FormModel } from '../forms/form-model.js';
import { grantCovers, userGrants } from '../permissions/access.js';
import { maskValue } from '../permissions/mask.js';
import { type RecordContext, recordContext } from '../permissions/record-access.js';
import { dyn } from '../records/records.repository.js';
import { PermanentError } from './actions/action-env.js';
import type { Automation } from './automations.schema.js';

type Values = Record<string, unknown>;

/** What the readers of an automation's data may see of one form. */
export interface FormView {
  /** Whether every reader may read records of the form at all. */
  read: boolean;
  /** Whether a record (flat: field keys plus system keys) lies within every reader's read scope. */
  sees(record: Values): boolean;
  /** Values without fields hidden from any reader; sensitive ones masked unless all readers see them in full. */
  show(values: Values): Values;
}

/**
 * The rights an automation acts with: its author's (and, for a dry run, also the caller's: what
 * both may see). Resolved once per run or batch, then once per form: every record a run reads
 * goes through `form(...).sees/show`, every write through `writer`. Methods take the database
 * handle in use (a transaction on SQLite holds the only connection).
 */
export interface AccessView {
  /** The readers: the author first, whose rights also govern writes. */
  users: CurrentUser[];
  /** Every reader is an admin: records are seen as they are. */
  all: boolean;
  form(db: Db, model: FormModel): Promise<FormView>;
  /** The author's context for writing to a form: refuses forms of other apps and a missing `action` right (403). */
  writer(db: Db, model: FormModel, action?: 'create' | 'update'): Promise<RecordContext>;
  /** The author's scope for `action` on a form in SQL; undefined when it covers every record. */
  scope(db: Db, model: FormModel, action: 'read' | 'update'): Promise<Expression<SqlBool> | undefined>;
}

/** The author of an automation lost the rights it acts with: its runs stop for good. */
export class AuthorRevoked extends PermanentError {}

const everything: FormView = { read: true, sees: () => true, show: (v) => v };
const nothing: FormView = { read: false, sees: () => false, show: () => ({}) };

/** An access view over the given readers, for an automation of app `appId`. */
export function accessView(deps: Deps, appId: string, users: CurrentUser[]): AccessView {
  const all = users.every((u) => u.isAdmin);
  const contexts = new Map<string, Promise<RecordContext>>();
  const views = new Map<string, Promise<FormView>>();
  const context = (db: Db, user: CurrentUser, model: FormModel) => {
    const key = `${user.id}:${model.def.id}:${model.def.version}`;
    let rc = contexts.get(key);
    if (!rc) contexts.set(key, (rc = recordContext(db, deps, user, model.def.id)));
    return rc;
  };
  const build = async (db: Db, model: FormModel): Promise<FormView> => {
    if (all) return everything;
    const rcs: RecordContext[] = [];
    for (const u of users) rcs.push(await context(db, u, model));
    if (!rcs.every((rc) => rc.access.actions.has('read'))) return nothing;
    const tests = rcs.flatMap((rc) => {
      const scope = rc.access.scope.read;
      return scope ? [filterPredicate(scope, rc.scopeContext)] : [];
    });
    // Lookups over related records a reader may not all read (not in their filter fields though
    // visible) show only readable values in the records API; a run cannot recompute them, so hides them.
    const scoped = (rc: RecordContext) =>
      model.derived
        .filter((f) => f.through && !rc.access.hidden.has(f.def.key) && !rc.fctx.fields.has(f.def.key))
        .map((f) => f.def.key);
    const hidden = new Set(rcs.flatMap((rc) => [...rc.access.hidden, ...scoped(rc)]));
    // Sensitive fields, and what is computed from them (`rc.sensitive`), masked unless all see them in full.
    const partial = rcs.some((rc) => !rc.access.isAdmin && !rc.access.sensitiveFull);
    const masked = new Set(partial ? rcs.flatMap((rc) => [...rc.sensitive]) : []);
    return {
      read: true,
      sees: (r) => {
        try {
          return tests.every((t) => t(r));
        } catch {
          return false;
        }
      },
      show: (v) => {
        if (!hidden.size && !masked.size) return v;
        const out: Values = {};
        for (const [k, x] of Object.entries(v)) if (!hidden.has(k)) out[k] = masked.has(k) ? maskValue(x) : x;
        return out;
      },
    };
  };
  return {
    users,
    all,
    form(db, model) {
      const key = `${model.def.id}:${model.def.version}`;
      let v = views.get(key);
      if (!v) views.set(key, (v = build(db, model)));
      return v;
    },
    async writer(db, model, action) {
      const form = `"${model.def.name}"`;
      if (model.def.appId !== appId)
        throw new PermanentError(
          `${form} is a form of another app; an automation acts only within its own app`,
        );
      const rc = await context(db, users[0], model);
      if (action && !rc.access.actions.has(action))
        throw forbidden(`The automation's author (${users[0].name}) may not ${action} records of ${form}`);
      return rc;
    },
    async scope(db, model, action) {
      const rc = await context(db, users[0], model);
      if (!rc.access.actions.has(action)) return compileFilter({ or: [] }, rc.scopeContext);
      const filter = rc.access.scope[action];
      return filter ? compileFilter(filter, rc.scopeContext) : undefined;
    },
  };
}

/**
 * The access view of an automation's author, `caller` added for a dry run. Throws `AuthorRevoked`
 * when the author can no longer stand behind it: no author, deactivated, or neither an admin nor
 * a manager of the app any more.
 */
export async function authorView(
  deps: Deps,
  db: Db,
  a: Pick<Automation, 'createdBy' | 'appId'>,
  caller?: CurrentUser,
): Promise<AccessView> {
  if (!a.createdBy) throw new AuthorRevoked('The automation has no author whose rights it could act with');
  const author = await loadCurrentUser(db, a.createdBy, 'token');
  if (!author) {
    const gone = await db
      .selectFrom('users')
      .select(['name', 'email'])
      .where('id', '=', a.createdBy)
      .executeTakeFirst();
    const who = gone ? `${gone.name} <${gone.email}>` : a.createdBy;
    throw new AuthorRevoked(`The automation's author ${who} is deactivated`);
  }
  if (!author.isAdmin) {
    const grants = await userGrants(db, author);
    if (!grants.some((g) => g.actions.includes('manage') && grantCovers(g, a.appId))) {
      const who = `${author.name} <${author.email}>`;
      throw new AuthorRevoked(
        `The automation's author ${who} is no longer an admin or a manager of this app`,
      );
    }
  }
  return accessView(deps, a.appId, caller && caller.id !== author.id ? [author, caller] : [author]);
}

/** 403 (permanent) unless record `id` lies within the author's update scope on the form. */
export async function checkUpdate(db: Db, view: AccessView, model: FormModel, id: string): Promise<void> {
  const scope = await view.scope(db, model, 'update');
  if (!scope) return;
  const hit = await dyn(db)
    .selectFrom(model.table)
    .select('id')
    .where('id', '=', id)
    .where(scope)
    .executeTakeFirst();
  const who = view.users[0].name;
  if (!hit)
    throw forbidden(`The automation's author (${who}) may not update record ${id} of "${model.def.name}"`);
}
