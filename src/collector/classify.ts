import { type AppError, type ErrorCode, toAppError } from '../core/errors.js';
import type { HealthErrorType } from '../model/source.js';

/** How the collector treats a failure: which health event it raises and whether waiting can help. */
export interface ClassifiedFailure {
  type: HealthErrorType;
  /** False for ThirdPartyConfig: nothing changes until the source is updated or restarted. */
  retryable: boolean;
  /** Shown as `state.error.code`: the upstream HTTP status when there was one, else our error code. */
  code: string;
  message: string;
  /**
   * An outage of our own store (a full disk, the database down): retried at a slow interval for as long as
   * it lasts, past the retry budget, since only freeing space or restarting the database ends it and
   * neither should need the collector restarted too.
   */
  outlastsBudget: boolean;
  /** A wait the upstream asked for (429 reset / Retry-After), honoured before the next try. */
  retryAfterMs: number | undefined;
  error: AppError;
}

/**
 * Mimecast errors that only a change of the source's config (or the tenant's settings) can fix. A redirect,
 * a refused batch URL or an answer over the size limits come back the same on every try, and each try of
 * an oversized answer would download it again.
 */
const CONFIG_CODES = new Set<ErrorCode>([
  'mimecast.credentials',
  'mimecast.forbidden',
  'mimecast.badRequest',
  'mimecast.cursor',
  'mimecast.config',
  'mimecast.redirect',
  'mimecast.unsafeUrl',
  'mimecast.tooLarge',
]);

/** Store failures that are outages rather than bugs: writes refused (ENOSPC, read-only), the database unreachable. */
const STORE_OUTAGE_CODES = new Set<ErrorCode>(['store.write', 'store.unavailable', 'store.query', 'store.locked']);

export const HEALTH_EVENT_NAMES = {
  ThirdPartyConfig: 'ThirdPartyConfigError',
  ThirdPartyGeneric: 'ThirdPartyGenericError',
  FirstPartyGeneric: 'FirstPartyGenericError',
} as const;

export function classifyFailure(thrown: unknown): ClassifiedFailure {
  const error = toAppError(thrown);
  const code = error.status !== undefined ? String(error.status) : error.code;
  const retryAfter = error.details?.retryAfterMs;
  const retryAfterMs = typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  const base = { code, message: error.message, retryAfterMs, error, outlastsBudget: false };
  if (CONFIG_CODES.has(error.code)) return { ...base, type: 'ThirdPartyConfig', retryable: false };
  // A source config that no longer compiles (rules, start time) will not fix itself either.
  if (error.code === 'createValidationError') return { ...base, type: 'ThirdPartyConfig', retryable: false };
  if (error.code.startsWith('mimecast.')) return { ...base, type: 'ThirdPartyGeneric', retryable: true };
  // Our own failures (store errors, a full disk, a bug) are retried within the budget: a crash loop at
  // backoff speed is harmless, and a transient store problem must not need a manual restart. A store
  // outage is retried past it too (outlastsBudget).
  return { ...base, type: 'FirstPartyGeneric', retryable: true, outlastsBudget: STORE_OUTAGE_CODES.has(error.code) };
}
