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

export interface ErrorDetail {
  /** JSON pointer into the request, e.g. `/fields/customerName`. */
  path: string;
  message: string;
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
