/** The static type of a formula or of a field it reads. */
export type FormulaType = 'number' | 'text' | 'date' | 'datetime' | 'boolean' | 'null';

/**
 * A problem in a formula, worded for a business user in English and Simplified Chinese.
 * `position` is the 0-based offset into the source; the messages count characters from 1.
 */
export interface FormulaError {
  message: string;
  messageZh: string;
  position?: number;
}

export const MAX_FORMULA_LENGTH = 2000;
export const MAX_FORMULA_DEPTH = 64;

/** Field keys and `fld_xxx` ids alike. */
export const FIELD_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const FORMULA_TYPES: readonly unknown[] = ['number', 'text', 'date', 'datetime', 'boolean', 'null'];

export function isFormulaType(value: unknown): value is FormulaType {
  return FORMULA_TYPES.includes(value);
}
