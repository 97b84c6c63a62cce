/**
 * What an autonumber format produces for counter value `n` on `date`, as the server renders it:
 * `{YYYY}` `{YY}` `{MM}` `{DD}` and one counter `{000…}` padded to its width.
 *
 * @example autonumberExample('C{YYYY}{0000}', new Date('2026-03-01')) // 'C20260001'
 */
export function autonumberExample(format: string, date: Date, n = 1): string {
  const yyyy = String(date.getFullYear());
  const pad = (x: number) => String(x).padStart(2, '0');
  return format
    .replace(/\{YYYY\}/g, yyyy)
    .replace(/\{YY\}/g, yyyy.slice(2))
    .replace(/\{MM\}/g, pad(date.getMonth() + 1))
    .replace(/\{DD\}/g, pad(date.getDate()))
    .replace(/\{(0+)\}/, (_, zeros: string) => String(n).padStart(zeros.length, '0'));
}

/** Why a format is invalid (an i18n key), or undefined; the same rules as the server. */
export function autonumberProblem(format: string): string | undefined {
  if (format.length < 3) return 'builder.autonumber.tooShort';
  const counters = format.match(/\{0+\}/g) ?? [];
  if (counters.length !== 1) return 'builder.autonumber.oneCounter';
  if (counters[0].length - 2 > 12) return 'builder.autonumber.counterTooLong';
  if (/[{}]/.test(format.replace(/\{(YYYY|YY|MM|DD|0+)\}/g, ''))) return 'builder.autonumber.unknownToken';
  return undefined;
}
