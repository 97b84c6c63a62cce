import { z } from 'zod';

/** What a backup is for: the schedule, an admin's button, or the start of an upgrade. */
export const backupKinds = ['scheduled', 'manual', 'pre-upgrade'] as const;
export type BackupKind = (typeof backupKinds)[number];

/** One file inside the archive, with the checksum restore verifies before touching anything. */
export const partSchema = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * `manifest.json`, the first entry of every backup archive. `migration` is the last migration the
 * database had applied: a restore refuses a backup whose migration this code does not know.
 */
export const manifestSchema = z.object({
  format: z.literal(1),
  tessera: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  kind: z.enum(backupKinds),
  migration: z.string().nullable(),
  /** PostgreSQL: the schema that was dumped (restore puts it back under the same name). */
  schema: z.string().optional(),
  createdAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Rows per form table (`r_<formId>`), deleted ones included, as in the snapshot. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  parts: z.array(partSchema),
});
export type Manifest = z.infer<typeof manifestSchema>;
export type Part = z.infer<typeof partSchema>;

/** A finished backup as listed: the archive's name and size and its manifest. */
export interface BackupInfo {
  name: string;
  size: number;
  createdAt: string;
  kind: BackupKind;
  manifest: Manifest;
}

/** File names of finished archives: `tessera-20261208T030000123Z-scheduled.tar.gz`. */
export const archiveName = /^tessera-(\d{8}T\d{9}Z)-(scheduled|manual|pre-upgrade)\.tar\.gz$/;

/** The archive name for a backup started at `at`. */
export function nameFor(at: Date, kind: BackupKind): string {
  return `tessera-${at.toISOString().replace(/[-:.]/g, '')}-${kind}.tar.gz`;
}

/** The instant an archive name carries (`20261208T030000123Z`). */
export function timeOfName(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}
