import { fullJitterDelay } from '../../core/backoff.js';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { noTelemetry, type Telemetry } from '../../core/telemetry.js';
import type { BatchUrlPolicy } from './batch-urls.js';
import { BATCH_FILE_MAX_BYTES, BATCH_FILE_MAX_COMPRESSED_BYTES, readBatchFile, readText } from './body.js';
import { describeFailure, MimecastError, parseFailure } from './errors.js';
import { rateLimitResetMs, retryAfterMs } from './rate-limiter.js';
import type { RateLimiter } from './types.js';

export interface HttpDeps {
  fetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  limiter: RateLimiter;
  timeoutMs: number;
  batchUrls: BatchUrlPolicy;
  /** Attempts per call before the typed error goes to the caller (whose retry policy is longer). */
  maxAttempts?: number;
  /** Total time one call may spend retrying, waits included. */
  retryBudgetMs?: number;
  random?: () => number;
  /** Counts every answer, failed call and retry (metrics); nothing when absent. */
  telemetry?: Telemetry;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Batch-file URLs are outside Mimecast's quota and must not wait for it. */
  rateLimited: boolean;
  /** For log lines only: never a URL with a signature or a token in it. */
  route: string;
}

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;
/** A 429 with no reset header: the first wait when the backoff would give nothing. */
const MIN_RATE_LIMIT_WAIT_MS = 1000;

function aborted(signal?: AbortSignal): boolean {
  return signal?.aborted === true;
}

function abortError(): AppError {
  return new AppError('aborted', 'aborted');
}

/**
 * One HTTP exchange with a deadline. Connection failures and timeouts become `mimecast.network`.
 * Redirects are never followed: fetch would re-send the body (the client secret, for /oauth/token) to
 * wherever the answer points, and a batch link could be bounced into the operator's network.
 */
export async function sendOnce(deps: HttpDeps, spec: RequestSpec, signal?: AbortSignal): Promise<Response> {
  if (spec.rateLimited) await deps.limiter.acquire(signal);
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await deps.fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: combined,
      redirect: 'manual',
    });
  } catch (error) {
    if (aborted(signal)) throw abortError();
    const timedOut = timeout.aborted;
    (deps.telemetry ?? noTelemetry).emit({ type: 'MimecastRequestFailed', route: spec.route, reason: timedOut ? 'timeout' : 'network' });
    throw new MimecastError(
      'mimecast.network',
      `${spec.route}: ${timedOut ? `no answer within ${deps.timeoutMs} ms` : 'connection failed'}`,
      {
        retryable: true,
        cause: error,
        details: { route: spec.route, timedOut },
      },
    );
  }
  (deps.telemetry ?? noTelemetry).emit({ type: 'MimecastResponse', route: spec.route, status: response.status });
  if (spec.rateLimited) deps.limiter.observe(response.headers);
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new MimecastError(
      'mimecast.redirect',
      `${spec.route}: answered HTTP ${response.status}, a redirect; redirects are never followed`,
      {
        status: response.status,
        retryable: false,
        details: { route: spec.route, locationHost: locationHost(response.headers.get('location'), spec.url) },
      },
    );
  }
  return response;
}

/** Only the host: the rest of a Location can carry a signature or a token. */
function locationHost(location: string | null, base: string): string | undefined {
  if (location === null) return undefined;
  try {
    return new URL(location, base).host;
  } catch {
    return undefined;
  }
}

export function parseJson(text: string, route: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MimecastError('mimecast.badResponse', `${route}: the answer is not valid JSON (truncated?)`, {
      status,
      retryable: true,
      cause: error,
      details: { route, length: text.length },
    });
  }
}

/**
 * Turns a non-200 answer into its typed error. 401 is handled by the caller first (one fresh token);
 * what reaches here as 401 is a credentials problem.
 */
export function errorForStatus(answer: RawAnswer, route: string, now: number): MimecastError {
  let body: unknown;
  try {
    body = answer.text === '' ? undefined : JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  const failure = parseFailure(body);
  const { status } = answer;
  const text = describeFailure(failure, `HTTP ${status}`);
  const details: Record<string, unknown> = { route, upstreamCode: failure?.code };
  if (status === 401)
    return new MimecastError('mimecast.credentials', `${route}: the client id or secret was refused (${text})`, {
      status,
      retryable: false,
      details,
    });
  if (status === 403 || status === 418)
    return new MimecastError('mimecast.forbidden', `${route}: this application lacks the permission for this data (${text})`, {
      status,
      retryable: false,
      details,
    });
  if (status === 429) {
    const reset = rateLimitResetMs(answer.headers);
    const after = retryAfterMs(answer.headers, now);
    const waits = [reset, after].filter((v): v is number => v !== undefined);
    const retryAfter = waits.length > 0 ? Math.max(...waits) : undefined;
    return new MimecastError('mimecast.rateLimited', `${route}: rate limit reached (${text})`, {
      status,
      retryable: true,
      details: { ...details, retryAfterMs: retryAfter },
    });
  }
  if (status >= 500)
    return new MimecastError('mimecast.server', `${route}: Mimecast answered ${status} (${text})`, { status, retryable: true, details });
  if (status === 400 || status === 404 || status === 405 || status === 409 || status === 422)
    return new MimecastError('mimecast.badRequest', `${route}: the request was refused (${text})`, { status, retryable: false, details });
  return new MimecastError('mimecast.badResponse', `${route}: unexpected HTTP ${status} (${text})`, { status, retryable: true, details });
}

/** HTTP 200 can still carry a failure: a non-empty `fail[]`, or `meta.status` other than 200. */
export function checkFailInside(body: unknown, route: string): void {
  const record = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!record) return;
  const failure = parseFailure(body);
  const meta = typeof record.meta === 'object' && record.meta !== null ? (record.meta as Record<string, unknown>) : undefined;
  const metaStatus = typeof meta?.status === 'number' ? meta.status : undefined;
  const hasFail = Array.isArray(record.fail) && record.fail.length > 0;
  if (!hasFail && record.error === undefined && (metaStatus === undefined || metaStatus === 200)) return;
  const retryable = failure?.retryable ?? (metaStatus === undefined || metaStatus === 429 || metaStatus >= 500);
  throw new MimecastError(
    'mimecast.failResponse',
    `${route}: HTTP 200 carrying a failure (${describeFailure(failure, `meta.status ${metaStatus}`)})`,
    {
      status: 200,
      retryable,
      details: { route, upstreamCode: failure?.code, metaStatus },
    },
  );
}

/**
 * Runs `attempt` until it succeeds, throws a non-retryable error, or the attempts or time budget run out.
 * A 429 waits its reset (through the shared limiter, so every data type of the credential waits);
 * everything else retryable waits an exponential backoff with full jitter. Waits are abortable.
 */
export async function withRetries<T>(deps: HttpDeps, route: string, attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const maxAttempts = deps.maxAttempts ?? 5;
  const budget = deps.retryBudgetMs ?? 120_000;
  const started = deps.clock.now();
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof MimecastError) || !error.retryable) throw error;
      let wait: number;
      if (error.code === 'mimecast.rateLimited') {
        const hinted = error.details?.retryAfterMs;
        wait =
          typeof hinted === 'number'
            ? hinted
            : Math.max(MIN_RATE_LIMIT_WAIT_MS, fullJitterDelay(n, BACKOFF_BASE_MS * 2, BACKOFF_CAP_MS, deps.random));
        deps.limiter.blockFor(wait);
      } else {
        wait = fullJitterDelay(n, BACKOFF_BASE_MS, BACKOFF_CAP_MS, deps.random);
      }
      const spent = deps.clock.now() - started;
      if (n + 1 >= maxAttempts || spent + wait > budget) throw error;
      (deps.telemetry ?? noTelemetry).emit({ type: 'MimecastRetry', route, code: error.code });
      deps.logger.warn('mimecast call failed, retrying', { route, code: error.code, status: error.status, attempt: n + 1, waitMs: wait });
      if (error.code === 'mimecast.rateLimited') await deps.limiter.acquire(signal);
      else await deps.clock.sleep(wait, signal);
    }
  }
}

/**
 * Fetches a pre-signed batch file (no Authorization: it would leak to the storage host) and inflates it
 * within the batch-file limits. A URL the policy refuses is never fetched.
 */
export async function downloadBatchFile(deps: HttpDeps, url: string, signal?: AbortSignal): Promise<string> {
  const route = 'batch file';
  const checked = deps.batchUrls.check(url);
  const response = await sendOnce(deps, { method: 'GET', url: checked.href, headers: {}, rateLimited: false, route }, signal);
  if (response.status === 403 || response.status === 404 || response.status === 410) {
    await response.body?.cancel();
    // Not retryable as such: the same link stays expired. The caller lists the page again for fresh links.
    throw new MimecastError('mimecast.badResponse', `${route}: the download link has expired (HTTP ${response.status})`, {
      status: response.status,
      retryable: false,
      details: { route, expired: true },
    });
  }
  if (response.status !== 200) {
    const text = await readText(response, route, signal);
    throw errorForStatus({ status: response.status, headers: response.headers, text }, route, deps.clock.now());
  }
  return readBatchFile(response, route, { compressedBytes: BATCH_FILE_MAX_COMPRESSED_BYTES, inflatedBytes: BATCH_FILE_MAX_BYTES }, signal);
}
