import { z } from 'zod';
import { numberLike } from './number-like.js';

/** Stars from 1 to `max` (default 5). */
export const ratingType = numberLike({
  type: 'rating',
  storage: 'integer',
  integer: true,
  defaultMin: 0,
  defaultMax: 5,
  widget: 'rating',
  extraConfig: { max: z.number().int().min(1).max(10).optional() },
});
