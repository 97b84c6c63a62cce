import { z } from 'zod';
import { safeText } from '../../forms/forms.schema.js';
import type { FieldDef } from '../../forms/forms.schema.js';
import type { FieldTypeName } from '../facts.js';
import { type FieldType, withFacts } from '../field-type.js';
import { type ReasonCode, type ReasonParams, because } from '../../errors.js';

export interface TextLikeField extends FieldDef {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  patternMessage?: string;
}

const textConfig = {
  minLength: z.number().int().min(0).max(100000).optional(),
  maxLength: z.number().int().min(1).max(100000).optional(),
  pattern: z
    .string()
    .max(500)
    .refine((p) => {
      try {
        new RegExp(p, 'u');
        return true;
      } catch {
        return false;
      }
    }, 'is not a valid regular expression')
    .optional(),
  patternMessage: safeText(200).optional(),
  default: safeText(10000).optional(),
};

/**
 * Builds the string-valued types (text, textarea, email, phone, url): they differ in the format
 * they accept, their widget and their default length limit.
 */
export function textLike<const N extends FieldTypeName>(opts: {
  type: N;
  maxLength: number;
  format?: {
    check: (s: string) => boolean;
    message: string;
    reason: ReasonCode;
    jsonFormat?: string;
    jsonPattern?: string;
  };
  widget?: string;
  indexed?: boolean;
}): FieldType<TextLikeField, N, typeof textConfig> {
  return withFacts({
    type: opts.type,
    config: textConfig,
    indexed: opts.indexed,
    kind: () => 'text',
    storage: () => 'text',
    input(field) {
      let s = safeText(field.maxLength ?? opts.maxLength);
      if (field.minLength) s = s.min(field.minLength);
      let out: z.ZodType<string> = s;
      if (opts.format) out = out.refine(opts.format.check, because(opts.format.reason, opts.format.message));
      if (field.pattern) {
        const re = new RegExp(field.pattern, 'u');
        const hint: ReasonParams = field.patternMessage ? { hint: field.patternMessage } : {};
        const message = field.patternMessage ?? `must match ${field.pattern}`;
        out = out.refine(
          (v) => re.test(v),
          because('pattern_mismatch', message, { pattern: field.pattern, ...hint }),
        );
      }
      return out;
    },
    toDb: (v) => v,
    fromDb: (v) => v,
    jsonSchema: (field) => ({
      type: 'string',
      maxLength: field.maxLength ?? opts.maxLength,
      ...(field.minLength ? { minLength: field.minLength } : {}),
      ...(field.pattern
        ? { pattern: field.pattern }
        : opts.format?.jsonPattern
          ? { pattern: opts.format.jsonPattern }
          : {}),
      ...(opts.format?.jsonFormat ? { format: opts.format.jsonFormat } : {}),
    }),
    uiSchema: (field) => ({
      ...(opts.widget ? { 'ui:widget': opts.widget } : {}),
      ...(field.placeholder ? { 'ui:placeholder': field.placeholder } : {}),
    }),
  });
}
