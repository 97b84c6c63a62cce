import { z } from 'zod';

const id = z.string().max(40);

export const createRecordBody = z.strictObject({ fields: z.record(z.string(), z.unknown()), ownerId: id.nullish(), departmentId: id.nullish() });
export const batchBody = z.strictObject({ records: z.array(createRecordBody).min(1).max(1000, 'at most 1000 records per batch') });
export const patchRecordBody = z.strictObject({ fields: z.record(z.string(), z.unknown()).optional(), version: z.number().int().min(1), ownerId: id.nullish(), departmentId: id.nullish() });

export const listQuery = z.object({
  filter: z.string().max(20000).optional(),
  sort: z.string().max(500).optional(),
  q: z.string().max(200).optional(),
  view: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().max(4000).optional(),
  count: z.enum(['true', 'false']).optional(),
  deleted: z.enum(['true', 'false']).optional(),
});
