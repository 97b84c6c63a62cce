import { createHash } from 'node:crypto';
import type { Deps, CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { iso } from '../shared/clock.js';
import { newId, newSecret } from '../shared/ids.js';
import { type ScryptCost, hashPassword, needsRehash, verifyPassword } from './password.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export async function loadCurrentUser(
  db: Db,
  userId: string,
  via: CurrentUser['via'],
  sessionId?: string,
): Promise<CurrentUser | undefined> {
  const u = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!u) return undefined;
  const deps = await db
    .selectFrom('user_departments')
    .select('department_id')
    .where('user_id', '=', userId)
    .execute();
  const departmentIds = [
    ...new Set([u.main_department_id, ...deps.map((d) => d.department_id)].filter(Boolean)),
  ] as string[];
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    isAdmin: u.is_admin === 1,
    mainDepartmentId: u.main_department_id,
    departmentIds,
    via,
    sessionId,
  };
}

// A hash (of the configured cost) to compare against when the e-mail is unknown, so timing does not reveal accounts.
const dummyHashes = new Map<string, Promise<string>>();
const dummyHash = (cost: ScryptCost) => {
  const key = JSON.stringify(cost);
  if (!dummyHashes.has(key)) dummyHashes.set(key, hashPassword('not-a-real-password-0', cost));
  return dummyHashes.get(key)!;
};

/**
 * Checks credentials and opens a session; answers the cookie token and CSRF token. A hash made
 * with other scrypt parameters than configured is redone with the right password at hand.
 */
export async function login(deps: Deps, email: string, password: string) {
  const u = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const ok = await verifyPassword(password, u?.password_hash ?? (await dummyHash(deps.config.scrypt)));
  if (!u || !ok || u.active !== 1)
    throw new AppError('unauthorized', '邮箱或密码错误 / Wrong e-mail or password');
  if (needsRehash(u.password_hash, deps.config.scrypt)) {
    const rehashed = await hashPassword(password, deps.config.scrypt);
    // Only if nobody changed the password meanwhile.
    await deps.db
      .updateTable('users')
      .set({ password_hash: rehashed })
      .where('id', '=', u.id)
      .where('password_hash', '=', u.password_hash)
      .execute();
  }
  const token = newSecret();
  const csrf = newSecret(18);
  const now = deps.clock.now();
  await deps.db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: u.id,
      csrf_token: csrf,
      created_at: iso(now),
      expires_at: iso(new Date(now.getTime() + deps.config.sessionDays * 86400000)),
    })
    .execute();
  return { token, csrf, user: (await loadCurrentUser(deps.db, u.id, 'session'))! };
}

/**
 * How many times a caller was looked up (session or API token) since the process started: one
 * request is authenticated once, by the gate in auth.middleware.ts; a test holds us to it.
 */
export const callerLookups = { count: 0 };

export async function sessionUser(
  deps: Deps,
  token: string,
): Promise<(CurrentUser & { csrf: string }) | undefined> {
  callerLookups.count++;
  const s = await deps.db
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', sha256(token))
    .executeTakeFirst();
  if (!s || s.expires_at < iso(deps.clock.now())) return undefined;
  const user = await loadCurrentUser(deps.db, s.user_id, 'session', s.id);
  return user && { ...user, csrf: s.csrf_token };
}

/**
 * The caller behind an API token that is neither revoked nor expired. An app-scoped token of an
 * admin is no admin: it gets full rights on its app only (see `userGrants`).
 */
export async function tokenUser(deps: Deps, token: string): Promise<CurrentUser | undefined> {
  callerLookups.count++;
  const now = iso(deps.clock.now());
  const t = await deps.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!t) return undefined;
  await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', t.id).execute();
  const user = await loadCurrentUser(deps.db, t.user_id, 'token');
  if (!user) return undefined;
  const limits = {
    id: t.id,
    readOnly: Number(t.read_only) === 1,
    appId: t.app_id,
    ownerIsAdmin: user.isAdmin,
  };
  return { ...user, isAdmin: user.isAdmin && !t.app_id, token: limits };
}

/** Ends every API token of a user (their password changed, or they were deactivated). */
export async function revokeUserTokens(db: Db, userId: string, at: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Creates a user whose password is hashed at `cost` (the configured `scrypt`). */
export async function createUser(
  db: Db,
  input: {
    email: string;
    name: string;
    password: string;
    isAdmin?: boolean;
    phone?: string | null;
    mainDepartmentId?: string | null;
  },
  at: string,
  cost: ScryptCost,
) {
  const id = newId('usr');
  await db
    .insertInto('users')
    .values({
      id,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      phone: input.phone ?? null,
      password_hash: await hashPassword(input.password, cost),
      is_admin: input.isAdmin ? 1 : 0,
      active: 1,
      main_department_id: input.mainDepartmentId ?? null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  if (input.mainDepartmentId)
    await db
      .insertInto('user_departments')
      .values({ user_id: id, department_id: input.mainDepartmentId })
      .execute();
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
  await createUser(
    deps.db,
    { email, name: '管理员', password, isAdmin: true },
    iso(deps.clock.now()),
    deps.config.scrypt,
  );
  if (!deps.config.adminPassword)
    log(
      `Tessera: created the first admin ${email} with password ${password} (shown once; change it after signing in)`,
    );
}

/** What a new API token may be limited to. */
export interface TokenLimits {
  expiresAt: string | null;
  readOnly: boolean;
  appId: string | null;
}

/** Creates an API token; the secret is in the answer only. */
export async function createApiToken(deps: Deps, userId: string, name: string, limits: TokenLimits) {
  const token = `tsr_${newSecret()}`;
  const id = newId('tok');
  const createdAt = iso(deps.clock.now());
  await deps.db
    .insertInto('api_tokens')
    .values({
      ...{
        id,
        user_id: userId,
        name,
        token_hash: sha256(token),
        created_at: createdAt,
        last_used_at: null,
        revoked_at: null,
      },
      ...{ expires_at: limits.expiresAt, read_only: limits.readOnly ? 1 : 0, app_id: limits.appId },
    })
    .execute();
  return { id, name, token, createdAt, ...limits };
}
