/**
 * Every error code in the product, grouped by where it is raised. A list (not only a type) because codes
 * also arrive as data: the CLI reads them back from the control socket's answers.
 */
const ERROR_CODES = [
  // core: any layer (wrapped foreign errors, cancellation, missing records)
  'internal',
  'aborted',
  'notfound',
  // api: answered with a 4xx status by the table in api/errors.ts
  'createValidationError',
  'EmptySourceType',
  'InvalidSourceType',
  'DuplicateResourceName',
  'CollectorNameTooLong',
  'CollectorDescriptionTooLong',
  'request.target.invalid',
  'unauthorized',
  'forbidden',
  'accessKey.lastEnabled',
  'precondition.failed',
  'host.not.allowed',
  'contenttype.invalid',
  'rate.limit.exceeded',
  // content: a content job's status asked after a restart (or of another process): see content/jobs.ts
  'content.job.lost',
  // monitors: a webhook URL the server's policy does not allow (MC2C_WEBHOOK_ALLOWED_HOSTS)
  'webhook.destination',
  // api: the Event Push receiver (a body it cannot read, one too large, a store that cannot take it now)
  'push.invalid',
  'push.tooLarge',
  'push.unavailable',
  // api: the code of every 5xx body, whatever the error was
  'internal.error',
  // query and search: the compiler, time ranges, a query's build budget and a search's deadline
  'searchQueryError',
  'search.budget.exceeded',
  'search.timeout',
  // sources/mimecast: the Mimecast client (documented in docs/mimecast-client.md)
  'mimecast.credentials',
  'mimecast.forbidden',
  'mimecast.badRequest',
  'mimecast.rateLimited',
  'mimecast.server',
  'mimecast.network',
  'mimecast.badResponse',
  'mimecast.failResponse',
  'mimecast.redirect',
  'mimecast.unsafeUrl',
  'mimecast.tooLarge',
  'mimecast.cursor',
  'mimecast.config',
  // collector: the state machine and the lease fence on a batch
  'state.invalidTransition',
  'lease.lost',
  // store: opening, connecting, querying and writing either backend; secrets at rest
  'store.open',
  'store.locked',
  'store.connect',
  'store.unavailable',
  'store.unsupported',
  'store.schema',
  'store.query',
  'store.write',
  'store.closed',
  'store.datadir.unsafe',
  'secrets.key',
  'secrets.decrypt',
  // backup and restore of the embedded store
  'backup.target.exists',
  'backup.write',
  'backup.invalid',
  // cli: bad arguments, a port already taken, no server on the control socket
  'usage',
  // cli: an indicator file import-indicators cannot read (the message names the object or row and column)
  'indicators.invalid',
  'listen',
  'control.unreachable',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** For codes that arrive as data (another process's answer): narrows a string to a known code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

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
  readonly code: ErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.field = options.field;
    this.details = options.details;
  }
}

/**
 * Bad input from a user: a config, an API body, a cursor, a file. Never retryable. The rule also travels
 * alone in `details`, for a form that shows it beside the field it names.
 */
export class ValidationError extends AppError {
  readonly rule: string;

  constructor(field: string, rule: string, code: ErrorCode = 'createValidationError') {
    super(code, `${field}: ${rule}`, { field, retryable: false, details: { rule } });
    this.rule = rule;
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('notfound', `${what} not found`);
  }
}

/** Wraps anything thrown into an AppError, so callers only ever see one shape. */
export function toAppError(error: unknown, fallbackCode: ErrorCode = 'internal'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(fallbackCode, message, { cause: error });
}
