import type { CurrentUser } from '../context.js';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';
import { assertManage, visibleForms } from '../permissions/access.js';

/** 404 unless the app exists and the caller may read some form of it (admins see all). */
export async function assertAppVisible(db: Db, user: CurrentUser, appId: string): Promise<void> {
  const app = await db.selectFrom('apps').select('id').where('id', '=', appId).executeTakeFirst();
  if (!app) throw notFound('App');
  const allowed = await visibleForms(db, user);
  if (!allowed) return;
  const forms = await db.selectFrom('forms').select('id').where('app_id', '=', appId).execute();
  if (!forms.some((f) => allowed.has(f.id))) throw notFound('App');
}

/** Changing an app's dashboards needs admin or a `manage` grant on the app (or on every app). */
export async function assertAppManager(db: Db, user: CurrentUser, appId: string): Promise<void> {
  await assertManage(db, user, appId, undefined, 'You may not change the dashboards of this app');
}
