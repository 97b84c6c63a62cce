const symbols: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: '¥' };

const formats = new Map<string, Intl.NumberFormat>();

/**
 * One `Intl.NumberFormat` per digits setting, kept: `toLocaleString` with options builds a new one
 * on every call, which is slow enough to show in a profile of the grid's first rows and its scrolling.
 */
function numberFormat(minimumFractionDigits: number, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${minimumFractionDigits}:${maximumFractionDigits}`;
  let f = formats.get(key);
  if (!f)
    formats.set(key, (f = new Intl.NumberFormat('en-US', { minimumFractionDigits, maximumFractionDigits })));
  return f;
}

/**
 * Money with a symbol, thousands separators and two decimals.
 *
 * @example formatCurrency(1234.5) // '¥1,234.50'
 */
export function formatCurrency(value: number, currency = 'CNY'): string {
  const s = numberFormat(2, 2).format(Math.abs(value));
  return `${value < 0 ? '-' : ''}${symbols[currency] ?? ''}${s}`;
}

/** A number with thousands separators, at most `precision` decimals. */
export function formatNumber(value: number, precision?: number): string {
  return numberFormat(precision ?? 0, precision ?? 10).format(value);
}

/** A percent value as stored (12.5 → '12.5%'). */
export const formatPercent = (value: number) => `${formatNumber(value, undefined)}%`;
