import { z } from 'zod';
import { because } from '../../errors.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import { idPattern } from '../../shared/ids.js';
import { defineFieldType } from '../field-type.js';
import { arrayFromDb } from './json-array.js';

export interface AttachmentField extends FieldDef {
  maxFiles?: number;
  /** Accepted MIME types or extensions, e.g. ["image/*", ".pdf"]. */
  accept?: string[];
}

export interface AttachmentValue {
  id: string;
  name: string;
  size: number;
  mimeType: string;
  url: string;
}

/** Files uploaded through POST /api/files; the value lists them (the service fills in the metadata). */
export const attachmentType = defineFieldType<AttachmentField>()({
  type: 'attachment',
  config: {
    maxFiles: z.number().int().min(1).max(100).optional(),
    accept: z.array(z.string().max(100)).max(50).optional(),
  },
  kind: () => 'array',
  storage: () => 'json',
  input: (f) =>
    z
      .array(
        z.union([
          z.string().regex(idPattern, because('not_an_id', 'is not a file id')),
          z
            .object({ id: z.string().regex(idPattern, because('not_an_id', 'is not a file id')) })
            .loose()
            .transform((o) => o.id),
        ]),
      )
      .max(f.maxFiles ?? 20, `at most ${f.maxFiles ?? 20} files`),
  // The service resolves ids to metadata before storing: [{id, name, size, mimeType}].
  toDb: (v) => (Array.isArray(v) && v.length ? JSON.stringify(v) : null),
  fromDb: (raw) => {
    const files = arrayFromDb(raw) as unknown as Omit<AttachmentValue, 'url'>[] | null;
    return files?.map((f) => ({ ...f, url: `/api/files/${f.id}` })) ?? null;
  },
  jsonSchema: (f) => ({
    type: 'array',
    maxItems: f.maxFiles ?? 20,
    items: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' } },
      required: ['id'],
    },
  }),
  uiSchema: (f) => ({
    'ui:widget': 'attachment',
    'ui:options': { accept: f.accept ?? [], maxFiles: f.maxFiles ?? 20 },
  }),
  references: () => ({ kind: 'file' }),
});
