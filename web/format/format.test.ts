import { describe, expect, it } from 'vitest';
import { formatCurrency, formatNumber } from './format';

describe('formatCurrency', () => {
  it.each([
    [1234.56, '¥1,234.56'],
    [0, '¥0.00'],
    [-5.5, '-¥5.50'],
    [1000000, '¥1,000,000.00'],
  ])('%d → %s', (v, s) => expect(formatCurrency(v)).toBe(s));
  it('uses the currency symbol', () => expect(formatCurrency(1, 'USD')).toBe('$1.00'));
});

describe('formatNumber', () => {
  it('groups thousands and keeps the precision', () => expect(formatNumber(1234.5, 2)).toBe('1,234.50'));
  it('shows the decimals a number has when no precision is set', () => {
    expect(formatNumber(1234)).toBe('1,234');
    expect(formatNumber(0.125)).toBe('0.125');
  });
  it('gives each precision its own digits when precisions alternate', () => {
    expect([formatNumber(1.5, 0), formatNumber(1.5, 3), formatNumber(1.5, 0)]).toEqual(['2', '1.500', '2']);
  });
});
