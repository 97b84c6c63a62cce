import { localDay } from '../../shared/time.js';
import { z } from 'zod';
import type { FieldDef } from '../../forms/forms.schema.js';
import { defineFieldType } from '../field-type.js';

export interface AutonumberField extends FieldDef {
  /** e.g. `C{YYYY}{0000}` → C20260001; the counter restarts whenever the rest of the text changes. */
  format: string;
}

const tokenRe = /\{(YYYY|YY|MM|DD|0+)\}/g;

/** Checks a format: exactly one counter token `{0…}` (1–12 digits), any date tokens, short literals. */
export function checkAutonumberFormat(format: string): string | undefined {
  const counters = [...format.matchAll(/\{(0+)\}/g)];
  if (counters.length !== 1) return 'needs exactly one counter such as {0000}';
  if (counters[0][1].length > 12) return 'the counter may have at most 12 digits';
  const rest = format.replace(tokenRe, '');
  if (/[{}]/.test(rest)) return 'has an unknown {token}; use {YYYY} {YY} {MM} {DD} and {000}';
  return undefined;
}

function dateParts(now: Date, timeZone: string) {
  const [YYYY, MM, DD] = localDay(now, timeZone).split('-');
  return { YYYY, MM, DD };
}

/**
 * Renders a format at a time: `period` is the text without the counter (the counter's scope),
 * `render(n)` the number for counter value n (longer numbers simply grow past the padding).
 */
export function autonumberPeriod(format: string, now: Date, timeZone: string) {
  const d = dateParts(now, timeZone);
  const withDate = format.replace(/\{(YYYY|YY|MM|DD)\}/g, (_, t: string) =>
    t === 'YY' ? d.YYYY.slice(2) : d[t as 'YYYY' | 'MM' | 'DD'],
  );
  return {
    period: withDate.replace(/\{0+\}/, '#'),
    render: (n: number) =>
      withDate.replace(/\{(0+)\}/, (_, zeros: string) => String(n).padStart(zeros.length, '0')),
  };
}

/** A generated, unique, gap-free number such as C20260001 (read-only). */
export const autonumberType = defineFieldType<AutonumberField>()({
  type: 'autonumber',
  config: {
    format: z
      .string()
      .min(3)
      .max(60)
      .refine((f) => !checkAutonumberFormat(f), {
        error: (i) => checkAutonumberFormat(String(i.input)) ?? 'invalid format',
      }),
  },
  indexed: true,
  kind: () => 'text',
  storage: () => 'text',
  input: () => z.string(),
  toDb: (v) => v,
  fromDb: (v) => v,
  jsonSchema: () => ({ type: 'string', readOnly: true }),
  uiSchema: (f) => ({ 'ui:readonly': true, 'ui:options': { format: f.format } }),
});
