/**
 * One error type for the whole product. Code branches on `code`, never on `message`.
 * `retryable` says whether trying the same thing again later can help; `status` is an upstream
 * HTTP status when there was one (it is NOT the status our own API answers with: see api/error-map).
 */
export interface AppErrorOptions {
  status?: number;
  retryable?: boolean;
  /** The field of a config, body, cursor or query that the error concerns, e.g. `config.clientID`. */
  field?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.field = options.field;
    this.details = options.details;
  }
}

/** Bad input from a user: a config, an API body, a cursor, a file. Never retryable. */
export class ValidationError extends AppError {
  constructor(field: string, rule: string, code = 'createValidationError') {
    super(code, `${field}: ${rule}`, { field, retryable: false });
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('notfound', `${what} not found`);
  }
}

/** Wraps anything thrown into an AppError, so callers only ever see one shape. */
export function toAppError(error: unknown, fallbackCode = 'internal'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(fallbackCode, message, { cause: error });
}
