import { z } from 'zod';

/**
 * The engine-independent export ("export everything"): a gzip'd tar holding `export.json` first,
 * then every other part, each checked by size and sha256 before anything is trusted:
 * - `tables/<table>.jsonl`: one JSON array of column values per row, in the order of `columns`
 *   (the form record tables `r_frm_…` too); JSON columns as their JSON text on both engines;
 * - `apps/<appId>.json`: each app as a template document with its records as data, installable on
 *   any instance through the templates API (a readable off-site copy; import does not need it);
 * - `files/<storage path>`: the attachment bytes, as the file storage lays them out.
 */
export const exportFormat = 'tessera-export';

/** Column types that mean the same on SQLite and PostgreSQL. */
export const portableTypes = ['text', 'integer', 'bigint', 'real', 'json'] as const;
export type PortableType = (typeof portableTypes)[number];

const partPath = /^(tables\/[a-z0-9_]+\.jsonl|apps\/[a-z0-9_]+\.json|files\/[A-Za-z0-9_][A-Za-z0-9_./-]*)$/;
/** Part paths an export may hold; nothing that climbs out of the folder it is read into. */
export const isExportPart = (p: string) =>
  partPath.test(p) && !p.split('/').some((s) => s === '..' || s === '.' || !s);

export const exportPartSchema = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  sha256: z.string(),
});

export const exportTableSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  columns: z.array(z.object({ name: z.string().regex(/^[a-z0-9_]+$/), type: z.enum(portableTypes) })),
  rows: z.number().int().min(0),
});

export const exportManifestSchema = z.object({
  format: z.literal(exportFormat),
  version: z.literal(1),
  tessera: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** The newest migration the exported database had: an import needs the same level. */
  migration: z.string().nullable(),
  createdAt: z.string(),
  tables: z.array(exportTableSchema),
  apps: z.array(z.object({ id: z.string(), name: z.string(), path: z.string() })),
  parts: z.array(exportPartSchema),
});

export type ExportManifest = z.infer<typeof exportManifestSchema>;
export type ExportTable = z.infer<typeof exportTableSchema>;
export type ExportPart = z.infer<typeof exportPartSchema>;

/**
 * Tables an export leaves out: the migration bookkeeping (the importing instance has its own), and
 * what belongs to one running instance — sign-in sessions, throttles, job leases, its backup runs
 * and its own server keys.
 */
export const instanceTables = new Set([
  'kysely_migration',
  'kysely_migration_lock',
  'sessions',
  'rate_limits',
  'job_leases',
  'backup_runs',
  'server_secrets',
]);

/** A form's record table (`r_frm_…`): created from its form's definition on import. */
export const isRecordTable = (name: string) => /^r_frm_[a-z0-9]+$/.test(name);

export const exportFileName = (at: Date) => `tessera-export-${at.toISOString().replace(/[-:.]/g, '')}.tar.gz`;
