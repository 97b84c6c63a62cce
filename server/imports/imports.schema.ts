import { z } from 'zod';
import { AppError, type ErrorDetail, badRequest } from '../errors.js';
import { refuseDeepJson } from '../shared/json-depth.js';
import { issuesToDetails } from '../shared/validate.js';

/**
 * Import options, sent as multipart parts beside `file` (`mapping` and `dedupe` as JSON text,
 * `dryRun` as "true"/"false") or all together as one JSON `options` part:
 * ```json
 * {"mapping": {"客户名称": "customerName", "备注": null}, "dryRun": true,
 *  "dedupe": {"field": "customerName", "mode": "update"}}
 * ```
 * Without `mapping`, columns are matched to fields by label or key.
 */
export const importOptionsSchema = z.strictObject({
  mapping: z.record(z.string().max(200), z.string().max(80).nullable()).optional(),
  dryRun: z.boolean().default(false),
  dedupe: z
    .strictObject({
      field: z.string().max(80),
      /** What a row whose dedupe value matches an existing record does. */
      mode: z.enum(['skip', 'update', 'create']),
    })
    .optional(),
});

export type ImportOptions = z.infer<typeof importOptionsSchema>;

const parseJsonPart = (name: string, text: string) => {
  refuseDeepJson(text, `/${name}`);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(`The "${name}" part is not valid JSON`, [
      { path: `/${name}`, message: 'is not valid JSON' },
    ]);
  }
};

/** Reads the options from multipart text parts (422 when they do not fit the schema). */
export function optionsFromParts(parts: Record<string, string>): ImportOptions {
  const raw: Record<string, unknown> = parts.options ? parseJsonPart('options', parts.options) : {};
  if (parts.mapping !== undefined) raw.mapping = parseJsonPart('mapping', parts.mapping);
  if (parts.dedupe !== undefined) raw.dedupe = parseJsonPart('dedupe', parts.dedupe);
  if (parts.dryRun !== undefined)
    raw.dryRun = parts.dryRun === 'true' ? true : parts.dryRun === 'false' ? false : parts.dryRun;
  const r = importOptionsSchema.safeParse(raw);
  if (!r.success) {
    const details = issuesToDetails(r.error.issues);
    throw new AppError(
      'validation_failed',
      `${details[0].path || 'options'}: ${details[0].message}`,
      details,
    );
  }
  return r.data;
}

/** The job as GET /api/imports/:jobId answers it. */
export interface ImportJob {
  id: string;
  formId: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  fileName: string;
  format: 'csv' | 'xlsx';
  dryRun: boolean;
  dedupe: ImportOptions['dedupe'] | null;
  mapping: Record<string, string | null> | null;
  total: number | null;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: RowErrors[];
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface RowErrors {
  /** The row's number as a spreadsheet shows it (the header row is 1). */
  row: number;
  /** Each with its reason code and params, as in the API's error details. */
  errors: ErrorDetail[];
}

/** At most this many failed rows are kept with their errors (all are counted). */
export const maxReportedRows = 1000;
