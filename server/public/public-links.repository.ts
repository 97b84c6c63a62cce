import type { Db, PublicLinksTable } from '../db/database.js';
import { notFound } from '../errors.js';
import { newSecret } from '../shared/ids.js';
import type { PublicLink } from './public-links.schema.js';

/** Where the web app shows a public form. */
export const publicUrl = (token: string) => `/public/forms/${token}`;

export const toLink = (r: PublicLinksTable): PublicLink => ({
  token: r.token,
  url: publicUrl(r.token),
  enabled: !!Number(r.enabled),
  expiresAt: r.expires_at,
  maxResponses: r.max_responses === null ? null : Number(r.max_responses),
  responses: Number(r.responses),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function findLink(db: Db, formId: string): Promise<PublicLinksTable | undefined> {
  return db.selectFrom('public_links').selectAll().where('form_id', '=', formId).executeTakeFirst();
}

/** The form's link, created (enabled, no expiry, no limit) on first ask. */
export async function linkFor(db: Db, formId: string, userId: string, at: string): Promise<PublicLinksTable> {
  const found = await findLink(db, formId);
  if (found) return found;
  await db
    .insertInto('public_links')
    .values({
      form_id: formId,
      token: newSecret(18),
      secret: newSecret(32),
      enabled: 1,
      expires_at: null,
      max_responses: null,
      responses: 0,
      created_by: userId,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('form_id').doNothing())
    .execute();
  return (await findLink(db, formId))!;
}

export async function updateLink(
  db: Db,
  formId: string,
  set: Partial<Omit<PublicLinksTable, 'form_id'>>,
): Promise<PublicLinksTable> {
  await db.updateTable('public_links').set(set).where('form_id', '=', formId).execute();
  return (await findLink(db, formId))!;
}

export async function linkByToken(db: Db, token: string): Promise<PublicLinksTable> {
  const row = await db.selectFrom('public_links').selectAll().where('token', '=', token).executeTakeFirst();
  if (!row) throw notFound('Form');
  return row;
}

/** Counts one response unless the limit is reached; false when it is (race-safe: one UPDATE). */
export async function takeResponse(db: Db, formId: string): Promise<boolean> {
  const r = await db
    .updateTable('public_links')
    .set((eb) => ({ responses: eb('responses', '+', 1) }))
    .where('form_id', '=', formId)
    .where((eb) => eb.or([eb('max_responses', 'is', null), eb('responses', '<', eb.ref('max_responses'))]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
