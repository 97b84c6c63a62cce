import type { Deps } from '../context.js';
import { indexAppDashboards } from '../dashboards/widget-index.js';
import { indexFormViews } from '../views/view-index.js';

type IndexDeps = Pick<Deps, 'db' | 'engine' | 'config'>;

/**
 * Queues the background builds that give an app's dashboards and its forms' saved views their
 * indexes (SQLite): after a template installed or upgraded them in one transaction. Returns once queued.
 */
export async function indexApp(deps: IndexDeps, appId: string): Promise<void> {
  if (deps.engine !== 'sqlite') return;
  indexAppDashboards(deps, appId);
  for (const f of await deps.db.selectFrom('forms').select('id').where('app_id', '=', appId).execute())
    indexFormViews(deps, f.id);
}

/**
 * At startup: queues every app's dashboard indexes and every form's view indexes, so builds that a
 * stop or crash cut short (SQLite rolls an unfinished CREATE INDEX back) are made now, and
 * dashboard indexes left behind are dropped. Only missing or unneeded indexes cost anything; the
 * definitions saved in the database are the whole record of what is wanted.
 */
export async function reconcileIndexes(deps: IndexDeps): Promise<void> {
  if (deps.engine !== 'sqlite') return;
  for (const a of await deps.db.selectFrom('apps').select('id').execute()) await indexApp(deps, a.id);
}
