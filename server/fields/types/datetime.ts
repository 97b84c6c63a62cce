import { z } from 'zod';
import { because } from '../../errors.js';
import { defineFieldType } from '../field-type.js';
import { isCalendarDate } from './date.js';

/** Accepts ISO-8601 with an offset or Z; stores the UTC instant 'YYYY-MM-DDTHH:mm:ss.sssZ'. */
export const datetimeValue = z
  .string()
  .max(40)
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/,
    because('not_a_datetime', 'must be an ISO date-time with a time zone, like 2024-05-20T09:30:00+08:00'),
  )
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && isCalendarDate(s.slice(0, 10)),
    because('not_a_datetime', 'is not a valid date-time'),
  )
  .transform((s) => new Date(s).toISOString());

/** A point in time. */
export const datetimeType = defineFieldType()({
  type: 'datetime',
  config: { default: z.literal('now').optional() },
  indexed: true,
  kind: () => 'datetime',
  storage: () => 'text',
  input: () => datetimeValue,
  toDb: (v) => v,
  fromDb: (v) => v,
  jsonSchema: () => ({ type: 'string', format: 'date-time' }),
  uiSchema: () => ({ 'ui:widget': 'datetime' }),
});
