import { z } from 'zod';
import { numberLike } from './number-like.js';

/**
 * Money with exactly two decimals, stored as integer cents (bigint) so sums are exact:
 * 1234.56 is stored as 123456 and answered as 1234.56.
 */
export const currencyType = numberLike({
  type: 'currency',
  storage: 'bigint',
  fixedPrecision: 2,
  scale: 100,
  toDb: (v) => Math.round(v * 100),
  fromDb: (v) => v / 100,
  widget: 'currency',
  extraConfig: { currency: z.enum(['CNY', 'USD', 'EUR', 'HKD', 'JPY']).optional() },
});
