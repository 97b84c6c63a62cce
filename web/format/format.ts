const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

/**
 * Money with a symbol, thousands separators and two decimals.
 *
 * @example formatCurrency(1234.5) // '¥1,234.50'
 */
export function formatCurrency(value: number, currency = 'CNY'): string {
  const s = Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${value < 0 ? '-' : ''}${symbols[currency] ?? ''}${s}`;
}

/** A number with thousands separators, at most `precision` decimals. */
export function formatNumber(value: number, precision?: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: precision ?? 10, minimumFractionDigits: precision ?? 0 });
}

/** A percent value as stored (12.5 → '12.5%'). */
export const formatPercent = (value: number) => `${formatNumber(value, undefined)}%`;
