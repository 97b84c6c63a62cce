import type { Db } from '../db/database.js';
import type { TemplateParts } from './template-check.js';

/** Which template key became which database id in an app. */
export interface TemplateIds {
  /** Form key → form id. */
  forms: Record<string, string>;
  /** Form key → template field key → field id. */
  fields: Record<string, Record<string, string>>;
  /** `<form key>/<view key>` → view id. */
  views: Record<string, string>;
  automations: Record<string, string>;
  dashboards: Record<string, string>;
  roles: Record<string, string>;
}

/** What an app remembers of the template it was installed from. */
export interface TemplateState {
  appId: string;
  templateId: string;
  version: string;
  /** The definitions as installed, in template shape: the base of a three-way upgrade. */
  snapshot: TemplateParts;
  ids: TemplateIds;
  installedAt: string;
  updatedAt: string;
}

export const emptyIds = (): TemplateIds => ({
  forms: {},
  fields: {},
  views: {},
  automations: {},
  dashboards: {},
  roles: {},
});

export async function findTemplateState(db: Db, appId: string): Promise<TemplateState | undefined> {
  const r = await db.selectFrom('app_templates').selectAll().where('app_id', '=', appId).executeTakeFirst();
  if (!r) return undefined;
  return {
    appId: r.app_id,
    templateId: r.template_id,
    version: r.version,
    snapshot: JSON.parse(r.snapshot),
    ids: JSON.parse(r.ids),
    installedAt: r.installed_at,
    updatedAt: r.updated_at,
  };
}

/** Stores the state after an install or upgrade, and the template link on the app row. */
export async function saveTemplateState(db: Db, s: TemplateState): Promise<void> {
  const row = {
    template_id: s.templateId,
    version: s.version,
    snapshot: JSON.stringify(s.snapshot),
    ids: JSON.stringify(s.ids),
    installed_at: s.installedAt,
    updated_at: s.updatedAt,
  };
  const done = await db
    .updateTable('app_templates')
    .set(row)
    .where('app_id', '=', s.appId)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0)
    await db
      .insertInto('app_templates')
      .values({ app_id: s.appId, ...row })
      .execute();
  await db
    .updateTable('apps')
    .set({ template_id: s.templateId, template_version: s.version, updated_at: s.updatedAt })
    .where('id', '=', s.appId)
    .execute();
}
