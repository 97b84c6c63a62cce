import { z } from 'zod';

const id = z.string().max(40);

// Field values are checked by the form's own schemas later; an open object checks twice as fast as
// a record of 12,000 keys in a batch of 1,000, for the same JSON Schema meaning.
export const createRecordBody = z.strictObject({
  fields: z.looseObject({}),
  ownerId: id.nullish(),
  departmentId: id.nullish(),
});
export const batchBody = z.strictObject({
  records: z.array(createRecordBody).min(1).max(1000, 'at most 1000 records per batch'),
});
export const patchRecordBody = z.strictObject({
  fields: z.record(z.string(), z.unknown()).optional(),
  version: z.number().int().min(1),
  ownerId: id.nullish(),
  departmentId: id.nullish(),
});

/** The deepest position a list may start at: far past any form we expect, small enough for any SQL OFFSET. */
export const MAX_OFFSET = 10_000_000;

/**
 * A list: `cursor` continues after a known row (cheap, for the next page); `offset` starts at a
 * position (for a grid jumping to row 500,000). One or the other, never both.
 */
export const listQuery = z
  .object({
    filter: z.string().max(20000).optional(),
    sort: z.string().max(500).optional(),
    q: z.string().max(200).optional(),
    view: z.string().max(40).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    cursor: z.string().max(4000).optional(),
    offset: z.coerce.number().int().min(0).max(MAX_OFFSET).optional(),
    count: z.enum(['true', 'false']).optional(),
    deleted: z.enum(['true', 'false']).optional(),
  })
  .refine((q) => q.cursor === undefined || q.offset === undefined, {
    path: ['offset'],
    message: 'use either cursor or offset, not both',
  });
