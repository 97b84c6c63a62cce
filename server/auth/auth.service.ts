import { createHash } from 'node:crypto';
import type { Deps, CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { iso } from '../shared/clock.js';
import { newId, newSecret } from '../shared/ids.js';
import { hashPassword, verifyPassword } from './password.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function loadCurrentUser(db: Db, userId: string, via: CurrentUser['via'], sessionId?: string): Promise<CurrentUser | undefined> {
  const u = await db.selectFrom('users').selectAll().where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  if (!u) return undefined;
  const deps = await db.selectFrom('user_departments').select('department_id').where('user_id', '=', userId).execute();
  const departmentIds = [...new Set([u.main_department_id, ...deps.map((d) => d.department_id)].filter(Boolean))] as string[];
  return { id: u.id, email: u.email, name: u.name, isAdmin: u.is_admin === 1, mainDepartmentId: u.main_department_id, departmentIds, via, sessionId };
}

// A fixed hash to compare against when the e-mail is unknown, so timing does not reveal accounts.
let dummyHash: Promise<string> | undefined;

/** Checks credentials and opens a session; answers the cookie token and CSRF token. */
export async function login(deps: Deps, email: string, password: string) {
  const u = await deps.db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
  dummyHash ??= hashPassword('not-a-real-password-0');
  const ok = await verifyPassword(password, u?.password_hash ?? (await dummyHash));
  if (!u || !ok || u.active !== 1) throw new AppError('unauthorized', '邮箱或密码错误 / Wrong e-mail or password');
  const token = newSecret();
  const csrf = newSecret(18);
  const now = deps.clock.now();
  await deps.db
    .insertInto('sessions')
    .values({ id: sha256(token), user_id: u.id, csrf_token: csrf, created_at: iso(now), expires_at: iso(new Date(now.getTime() + deps.config.sessionDays * 86400000)) })
    .execute();
  return { token, csrf, user: (await loadCurrentUser(deps.db, u.id, 'session'))! };
}

export async function sessionUser(deps: Deps, token: string): Promise<(CurrentUser & { csrf: string }) | undefined> {
  const s = await deps.db.selectFrom('sessions').selectAll().where('id', '=', sha256(token)).executeTakeFirst();
  if (!s || s.expires_at < iso(deps.clock.now())) return undefined;
  const user = await loadCurrentUser(deps.db, s.user_id, 'session', s.id);
  return user && { ...user, csrf: s.csrf_token };
}

export async function tokenUser(deps: Deps, token: string): Promise<CurrentUser | undefined> {
  const t = await deps.db.selectFrom('api_tokens').selectAll().where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!t) return undefined;
  await deps.db.updateTable('api_tokens').set({ last_used_at: iso(deps.clock.now()) }).where('id', '=', t.id).execute();
  return loadCurrentUser(deps.db, t.user_id, 'token');
}

export async function createUser(db: Db, input: { email: string; name: string; password: string; isAdmin?: boolean; phone?: string | null; mainDepartmentId?: string | null }, at: string) {
  const id = newId('usr');
  await db
    .insertInto('users')
    .values({ id, email: input.email.trim().toLowerCase(), name: input.name, phone: input.phone ?? null, password_hash: await hashPassword(input.password), is_admin: input.isAdmin ? 1 : 0, active: 1, main_department_id: input.mainDepartmentId ?? null, created_at: at, updated_at: at })
    .execute();
  if (input.mainDepartmentId) await db.insertInto('user_departments').values({ user_id: id, department_id: input.mainDepartmentId }).execute();
  return id;
}

/**
 * On the first start with no users, creates the admin: e-mail and password from the
 * environment, else admin@tessera.local with a generated password printed once.
 */
export async function ensureFirstAdmin(deps: Deps, log: (line: string) => void = console.log): Promise<void> {
  const any = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const email = deps.config.adminEmail ?? 'admin@tessera.local';
  const password = deps.config.adminPassword ?? `${newSecret(9)}9a`;
  await createUser(deps.db, { email, name: '管理员', password, isAdmin: true }, iso(deps.clock.now()));
  if (!deps.config.adminPassword) log(`Tessera: created the first admin ${email} with password ${password} (shown once; change it after signing in)`);
}

export async function createApiToken(deps: Deps, userId: string, name: string) {
  const token = `tsr_${newSecret()}`;
  const id = newId('tok');
  await deps.db.insertInto('api_tokens').values({ id, user_id: userId, name, token_hash: sha256(token), created_at: iso(deps.clock.now()), last_used_at: null, revoked_at: null }).execute();
  return { id, name, token };
}
