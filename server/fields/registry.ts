import { AppError } from '../errors.js';
import type { FIELD_FACTS } from './facts.js';
import type { FieldType } from './field-type.js';
import { attachmentType } from './types/attachment.js';
import { autonumberType } from './types/autonumber.js';
import { checkboxType } from './types/checkbox.js';
import { currencyType } from './types/currency.js';
import { dateType } from './types/date.js';
import { datetimeType } from './types/datetime.js';
import { departmentType } from './types/department.js';
import { emailType } from './types/email.js';
import { formulaType } from './types/formula.js';
import { lookupType } from './types/lookup.js';
import { memberType } from './types/member.js';
import { multiselectType } from './types/multiselect.js';
import { numberType } from './types/number.js';
import { percentType } from './types/percent.js';
import { phoneType } from './types/phone.js';
import { ratingType } from './types/rating.js';
import { relationType } from './types/relation.js';
import { rollupType } from './types/rollup.js';
import { selectType } from './types/select.js';
import { textType } from './types/text.js';
import { textareaType } from './types/textarea.js';
import { urlType } from './types/url.js';

/** Every field type, in palette order. Adding a type means adding its facts (facts.ts) and its module here. */
const registry = [
  textType,
  textareaType,
  numberType,
  currencyType,
  percentType,
  ratingType,
  emailType,
  phoneType,
  urlType,
  selectType,
  multiselectType,
  checkboxType,
  dateType,
  datetimeType,
  memberType,
  departmentType,
  relationType,
  lookupType(fieldType),
  rollupType(fieldType),
  formulaType,
  autonumberType,
  attachmentType,
] as const;

export const fieldTypes: FieldType<any>[] = [...registry];

/** A registered field type module, with its literal name and config (for the types clients use). */
export type RegisteredFieldType = (typeof registry)[number];

/** The name of a field type: `'text' | 'textarea' | … | 'attachment'`. */
export type FieldTypeName = RegisteredFieldType['type'];

type Never<T extends never> = T;
/** Fails to compile when a type has facts but no module (a module without facts cannot be declared). */
export type EveryTypeRegistered = Never<Exclude<keyof typeof FIELD_FACTS, FieldTypeName>>;

const byName = new Map(fieldTypes.map((t) => [t.type, t]));

export const fieldTypeNames = fieldTypes.map((t) => t.type) as [string, ...string[]];

/** The module for a type name; unknown names are a validation error. */
export function fieldType(type: string): FieldType<any> {
  const t = byName.get(type);
  if (!t) throw new AppError('validation_failed', `Unknown field type "${type}"`);
  return t;
}
