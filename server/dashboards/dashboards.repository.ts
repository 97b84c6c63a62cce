import type { DashboardsTable, Db } from '../db/database.js';
import { notFound } from '../errors.js';
import type { Dashboard, DashboardInput } from './dashboards.schema.js';

const toDashboard = (r: DashboardsTable): Dashboard => {
  const doc = JSON.parse(r.definition) as Pick<Dashboard, 'description' | 'widgets'>;
  return {
    id: r.id,
    appId: r.app_id,
    name: r.name,
    ...(doc.description ? { description: doc.description } : {}),
    widgets: doc.widgets,
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

const definition = (d: DashboardInput) => JSON.stringify({ description: d.description, widgets: d.widgets });

export async function listDashboards(db: Db, appId: string): Promise<Dashboard[]> {
  const rows = await db
    .selectFrom('dashboards')
    .selectAll()
    .where('app_id', '=', appId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toDashboard);
}

export async function getDashboard(db: Db, id: string): Promise<Dashboard> {
  const row = await db.selectFrom('dashboards').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Dashboard');
  return toDashboard(row);
}

export async function insertDashboard(
  db: Db,
  row: { id: string; appId: string; input: DashboardInput; userId: string; at: string },
): Promise<Dashboard> {
  await db
    .insertInto('dashboards')
    .values({
      id: row.id,
      app_id: row.appId,
      name: row.input.name,
      definition: definition(row.input),
      version: 1,
      created_by: row.userId,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
  return getDashboard(db, row.id);
}

export async function replaceDashboard(
  db: Db,
  id: string,
  input: DashboardInput,
  at: string,
): Promise<Dashboard> {
  await db
    .updateTable('dashboards')
    .set((eb) => ({
      name: input.name,
      definition: definition(input),
      version: eb('version', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', id)
    .execute();
  return getDashboard(db, id);
}

export async function deleteDashboard(db: Db, id: string): Promise<void> {
  await db.deleteFrom('dashboards').where('id', '=', id).execute();
}
