import { randomInt } from 'node:crypto';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/**
 * The body of every API error: Sumo Logic's four members, then what a client needs to point at the
 * mistake without reading the message (Sumo clients ignore members they do not know).
 */
export interface ErrorBody {
  status: number;
  id: string;
  code: ErrorCode;
  message: string;
  /** The request field at fault, e.g. `config.filters[0].regexp`. */
  field?: string;
  /** E.g. a query error's `{line, column, expected}` or a validation error's `{rule}`. */
  details?: Record<string, unknown>;
}

type ErrorResponse = Omit<ErrorBody, 'id'> & { retryAfterSec?: number };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `XXXXX-XXXXX-XXXXX`: quoted by users to find the matching server log line. */
export function errorId(): string {
  const group = () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  createValidationError: 400,
  EmptySourceType: 400,
  InvalidSourceType: 400,
  DuplicateResourceName: 400,
  CollectorNameTooLong: 400,
  CollectorDescriptionTooLong: 400,
  searchQueryError: 400,
  'search.budget.exceeded': 400,
  'search.timeout': 503,
  'request.target.invalid': 400,
  unauthorized: 401,
  forbidden: 403,
  notfound: 404,
  'accessKey.lastEnabled': 409,
  'precondition.failed': 412,
  'host.not.allowed': 421,
  'contenttype.invalid': 415,
  'rate.limit.exceeded': 429,
  'webhook.destination': 400,
  'push.invalid': 400,
  'push.tooLarge': 413,
  'push.unavailable': 503,
};

/** Fastify's own errors that are the client's fault, mapped to our codes and messages. */
function fromFastify(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('contenttype.invalid', 'Content-Type must be application/json.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('createValidationError', 'body: is not valid JSON', { field: 'body' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('createValidationError', 'body: is too large', { field: 'body' });
    case 'FST_ERR_BAD_URL':
      return new AppError('request.target.invalid', 'The request path is not valid: it holds a malformed percent-escape.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('request.target.invalid', 'The request path is not valid: a path segment is too long.');
    default:
      return undefined;
  }
}

/**
 * Maps any error to its status and body; 5xx bodies never carry internals (no field, no details), and
 * neither do framework errors: only our own codes, messages and details reach a client. A 429 may say
 * when to come back.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  const mapped = (error as FastifyError)?.code?.startsWith?.('FST_') ? fromFastify(error as FastifyError) : undefined;
  const appError = mapped ?? (error instanceof AppError ? error : undefined);
  if (appError) {
    const status = STATUS_BY_CODE[appError.code];
    if (status !== undefined) {
      // A 5xx we name (a search out of time) says what happened, but its field and details stay in the log.
      const { field, details } = status < 500 ? appError : {};
      // Retry-After is for the client even on a 5xx (a push the store could not take now).
      const retryAfterSec = appError.details?.retryAfterSec;
      return {
        status,
        code: appError.code,
        message: appError.message,
        ...(field !== undefined && { field }),
        ...(details !== undefined && { details }),
        ...(typeof retryAfterSec === 'number' && { retryAfterSec }),
      };
    }
  }
  const fastifyStatus = (error as FastifyError)?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return { status: fastifyStatus, code: 'createValidationError', message: 'The request is not valid.' };
  }
  return { status: 500, code: 'internal.error', message: 'An internal error occurred.' };
}

export function sendError(reply: FastifyReply, logger: Logger, request: FastifyRequest, error: unknown): FastifyReply {
  const { status, code, message, retryAfterSec, ...pointers } = toErrorResponse(error);
  const id = errorId();
  const url = request.routeOptions.config?.secretPath === true ? request.routeOptions.url : request.url.split('?')[0];
  const fields = { errorId: id, status, code, method: request.method, url };
  if (status >= 500) logger.error('request failed', { ...fields, error: error instanceof Error ? error.message : String(error) });
  else logger.info('request refused', { ...fields, message });
  const body: ErrorBody = { status, id, code, message, ...pointers };
  if (retryAfterSec !== undefined) reply.header('retry-after', String(retryAfterSec));
  return reply.status(status).type('application/json').send(body);
}
