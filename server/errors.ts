/** The closed set of error codes the API answers with, and their HTTP status. */
export const errorStatus = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/**
 * Why one part of a request was refused, for clients to word in their own language (the web's
 * `reason.*` keys). A closed list: add a code here, to API.md and to both web locales together.
 */
export const reasonCodes = [
  // Any value
  'required',
  'wrong_type',
  'invalid',
  'unknown_property',
  'computed',
  'not_storable_text',
  'too_deep',
  // Sizes: params {max} / {min}
  'too_long',
  'too_short',
  'too_large',
  'too_small',
  'too_many',
  'too_few',
  'too_early',
  'too_late',
  // Formats and choices
  'not_an_option',
  'not_a_phone',
  'not_an_email',
  'not_a_url',
  'not_a_date',
  'not_a_datetime',
  'not_a_number',
  'not_a_whole_number',
  'too_many_decimals',
  'not_an_id',
  'pattern_mismatch',
  'not_a_boolean',
  'not_importable',
  // Against stored data: params {kind, ids} / {value}
  'missing_reference',
  'ambiguous_reference',
  'unique',
  'unique_in_batch',
  'stale_version',
  'not_updatable',
  // Workflows: params {from, to, state}
  'unknown_state',
  'no_transition',
  'may_not_move',
  'required_to_move',
  'comment_required',
  'stranded_records',
  // Directory
  'email_taken',
  'weak_password',
  'wrong_password',
  'not_for_yourself',
  'department_cycle',
  'department_not_empty',
] as const;

export type ReasonCode = (typeof reasonCodes)[number];

/** Values a reason's wording needs (a limit, the allowed options, the field's label…). */
export type ReasonParams = Record<string, string | number | boolean | string[]>;

/**
 * The second argument of a zod `refine` that carries a reason code beside the English message:
 * `z.string().refine(isPhone, because('not_a_phone', 'is not a phone number'))`.
 */
export const because = (code: ReasonCode, message: string, params?: ReasonParams) => ({
  message,
  params: { reason: code, ...(params ? { reasonParams: params } : {}) },
});

export interface ErrorDetail {
  /** JSON pointer into the request, e.g. `/fields/customerName`. */
  path: string;
  /** English, for people reading the raw API; clients word `code` + `params` themselves. */
  message: string;
  code?: ReasonCode;
  params?: ReasonParams;
}

/** The one application error: thrown anywhere, turned into the API.md error shape by `app.onError`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): (typeof errorStatus)[ErrorCode] {
    return errorStatus[this.code];
  }

  toJSON() {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details.length ? { details: this.details } : {}),
      },
    };
  }
}

export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const forbidden = (message = 'You may not do this') => new AppError('forbidden', message);
export const badRequest = (message: string, details: ErrorDetail[] = []) =>
  new AppError('bad_request', message, details);
export const invalid = (message: string, details: ErrorDetail[] = []) =>
  new AppError('validation_failed', message, details);
export const conflict = (message: string, details: ErrorDetail[] = []) =>
  new AppError('conflict', message, details);
