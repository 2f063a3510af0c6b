/** Errors with a stable catalogue code (the catalogue itself is in error-catalogue.ts). */
import { ERROR_CATALOGUE } from './error-catalogue.js';

export { ERROR_CATALOGUE } from './error-catalogue.js';
export type { ErrorSpec } from './error-catalogue.js';

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** The field at fault (JSON path such as `source.files.0.path`) for validation errors. */
    field?: string;
    details?: unknown;
  };
}

/** An error carrying a stable catalogue code. Thrown by domain code and rendered by the API. */
export class SigmaError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, opts: { field?: string; details?: unknown; cause?: unknown } = {}) {
    super(message ?? ERROR_CATALOGUE[code].message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SigmaError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.field = opts.field;
    this.details = opts.details;
  }

  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message };
    if (this.field !== undefined) error.field = this.field;
    if (this.details !== undefined) error.details = this.details;
    return { error };
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CATALOGUE, value);
}
