import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.js';
import { notFound } from '../errors.js';

/** Where the shipped templates live: `templates/` at the project root (TESSERA_TEMPLATES_DIR overrides). */
export const templatesDir = () =>
  process.env.TESSERA_TEMPLATES_DIR ??
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface TemplateSummary {
  id: string;
  name: string;
  version: string;
  description: string | null;
  category: string | null;
  icon: string | null;
  source: 'shipped' | 'imported';
}

type Raw = Record<string, unknown>;
const summary = (doc: Raw, source: TemplateSummary['source']): TemplateSummary => ({
  id: String(doc.id),
  name: String(doc.name),
  version: String(doc.version),
  description: (doc.description as string) ?? null,
  category: (doc.category as string) ?? null,
  icon: (doc.icon as string) ?? null,
  source,
});

// Shipped files are read once per process: they change only with a deployment.
let shipped: Map<string, Raw> | undefined;

/** The shipped template documents by id (file name without `.json`), as written. */
export function shippedTemplates(): Map<string, Raw> {
  if (!shipped) {
    const dir = templatesDir();
    const files = fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .sort()
      : [];
    shipped = new Map(
      files.map((f) => [
        f.replace(/\.json$/, ''),
        JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Raw,
      ]),
    );
  }
  return shipped;
}

/** Shipped and imported templates, shipped first. */
export async function listTemplates(db: Db): Promise<TemplateSummary[]> {
  const imported = await db
    .selectFrom('templates')
    .select(['document'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return [
    ...[...shippedTemplates().values()].map((d) => summary(d, 'shipped')),
    ...imported.map((r) => summary(JSON.parse(r.document), 'imported')),
  ];
}

/** One template document (a shipped file or an imported one), or 404. */
export async function findTemplate(db: Db, id: string): Promise<Raw> {
  const file = shippedTemplates().get(id);
  if (file) return file;
  const row = await db.selectFrom('templates').select('document').where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Template');
  return JSON.parse(row.document) as Raw;
}

/** Stores an imported template; importing the same id again replaces it. */
export async function saveImported(
  db: Db,
  doc: { id: string; name: string; version: string; category?: string; description?: string },
  raw: unknown,
  userId: string,
  at: string,
): Promise<void> {
  const row = {
    name: doc.name,
    version: doc.version,
    category: doc.category ?? null,
    description: doc.description ?? null,
    document: JSON.stringify(raw),
    updated_at: at,
  };
  const done = await db.updateTable('templates').set(row).where('id', '=', doc.id).executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0)
    await db
      .insertInto('templates')
      .values({ id: doc.id, ...row, created_by: userId, created_at: at })
      .execute();
}
