import type { RJSFValidationError } from '@rjsf/utils';
import type { TFunction } from 'i18next';

const known = [
  'required',
  'type',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'format',
  'maxItems',
  'oneOf',
  'const',
  'enum',
  'uniqueItems',
];

/** ajv's English messages in the user's language (the keyword picks the message; params fill it in). */
export function localizeErrors(errors: RJSFValidationError[], t: TFunction): RJSFValidationError[] {
  return errors.map((e) => {
    if (!e.name || !known.includes(e.name)) return e;
    const params = (e.params ?? {}) as Record<string, unknown>;
    return {
      ...e,
      message: t(`validation.${e.name}`, { limit: params.limit, format: params.format, type: params.type }),
    };
  });
}
