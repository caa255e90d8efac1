import { AppError, ValidationError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { DATA_TYPES, type DataType } from '../../model/message.js';
import { REGIONS, SOURCE_DEFAULTS } from '../../model/source-config.js';
import { resolveStartTime } from '../../model/time.js';
import { apiLogPager, type PagerContext } from './api-logs.js';
import { auditPager } from './audit.js';
import { batchUrlPolicy } from './batch-urls.js';
import { cloudIntegratedPager } from './cloud-integrated.js';
import { dlpPager } from './dlp.js';
import { MimecastError } from './errors.js';
import { ARCHIVE_SEARCH_SPEC, HELD_RELEASE_SPEC } from './gateway-logs.js';
import { holdPager } from './hold.js';
import type { HttpDeps } from './http.js';
import { createRateLimiter } from './rate-limiter.js';
import { REGION_BASE_URLS } from './regions.js';
import { MimecastSession } from './session.js';
import { siemPager } from './siem.js';
import { threatFeedPager } from './threat-feed.js';
import { TTP_ATTACHMENT_SPEC, TTP_IMPERSONATION_SPEC, TTP_URL_SPEC } from './ttp.js';
import type { DataTypePager, MimecastClient, MimecastClientOptions } from './types.js';

const DEFAULT_PAGE_SIZE = 500;
const DEFAULT_TIMEOUT_MS = 60_000;

function invalid(field: string, rule: string): ValidationError {
  return new ValidationError(`mimecast.${field}`, rule, 'mimecast.config');
}

function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('baseUrl', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('baseUrl', 'must be an absolute http(s) URL');
  if (url.search !== '' || url.hash !== '') throw invalid('baseUrl', 'must not have a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

function checkOptions(options: MimecastClientOptions): { baseUrl: string; pageSize: number; timeoutMs: number; startTime: string } {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '') throw invalid('clientId', 'must be a non-empty string');
  if (typeof options.clientSecret !== 'string' || options.clientSecret === '') throw invalid('clientSecret', 'must be a non-empty string');
  if (options.region !== undefined && !REGIONS.includes(options.region)) throw invalid('region', `must be one of ${REGIONS.join(', ')}`);
  const baseUrl = options.baseUrl !== undefined ? checkBaseUrl(options.baseUrl) : REGION_BASE_URLS[options.region ?? 'global'];
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw invalid('pageSize', 'must be an integer from 1 to 1000');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000)
    throw invalid('timeoutMs', 'must be an integer from 1 to 600000');
  const startTime = options.startTime ?? SOURCE_DEFAULTS.startTime;
  if (typeof startTime !== 'string' || resolveStartTime(startTime, 0) === null)
    throw invalid('startTime', "must be relative like '-24h' or '-7d', or an ISO 8601 time");
  if (typeof options.clock?.now !== 'function' || typeof options.clock.sleep !== 'function') throw invalid('clock', 'must be a Clock');
  if (typeof options.logger?.warn !== 'function') throw invalid('logger', 'must be a Logger');
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw invalid('fetch', 'must be a function');
  if (options.telemetry !== undefined && typeof options.telemetry?.emit !== 'function') throw invalid('telemetry', 'must be a Telemetry');
  if (options.credentials !== undefined && typeof options.credentials?.get !== 'function')
    throw invalid('credentials', 'must be a CredentialRegistry');
  return { baseUrl, pageSize, timeoutMs, startTime };
}

/**
 * Every failure leaves a pager as an AppError: anything else (an answer shaped in a way no check foresaw)
 * becomes a retryable `mimecast.badResponse`, so the caller's error handling always sees a code.
 */
function guarded(inner: DataTypePager, dataType: DataType, logger: Logger): DataTypePager {
  return {
    async next(cursor, signal) {
      try {
        const page = await inner.next(cursor, signal);
        logger.debug('mimecast page', { dataType, events: page.events.length, more: page.more });
        return page;
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new MimecastError(
          'mimecast.badResponse',
          `${dataType}: unexpected failure reading the answer (${error instanceof Error ? error.message : String(error)})`,
          {
            retryable: true,
            cause: error,
          },
        );
      }
    },
  };
}

/** Validates the options and builds the client; no I/O happens until a call is made. */
export function createMimecastClient(options: MimecastClientOptions): MimecastClient {
  const checked = checkOptions(options);
  const shared = options.credentials?.get({ baseUrl: checked.baseUrl, clientId: options.clientId, clientSecret: options.clientSecret });
  const deps: HttpDeps = {
    fetch: options.fetch ?? globalThis.fetch,
    clock: options.clock,
    logger: options.logger,
    limiter: options.limiter ?? shared?.limiter ?? createRateLimiter(options.clock),
    timeoutMs: checked.timeoutMs,
    telemetry: options.telemetry,
    // A base URL only ever comes from MIMECAST_BASE_URL (simulator, tests): batch files come from there too.
    batchUrls: batchUrlPolicy(options.baseUrl === undefined ? undefined : checked.baseUrl),
  };
  const session = new MimecastSession(deps, {
    baseUrl: checked.baseUrl,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    tokens: shared?.tokens,
  });
  const ctx: PagerContext = {
    session,
    pageSize: checked.pageSize,
    startAt: (now) => resolveStartTime(checked.startTime, now) ?? now,
  };
  const factories: Record<DataType, () => DataTypePager> = {
    siem: () => siemPager(ctx),
    dlp: () => dlpPager(ctx),
    auditEvent: () => auditPager(ctx),
    holdMessageList: () => holdPager(ctx),
    ttpUrlLogs: () => apiLogPager(ctx, TTP_URL_SPEC),
    ttpAttachmentLogs: () => apiLogPager(ctx, TTP_ATTACHMENT_SPEC),
    ttpImpersonationLogs: () => apiLogPager(ctx, TTP_IMPERSONATION_SPEC),
    heldReleaseLogs: () => apiLogPager(ctx, HELD_RELEASE_SPEC),
    archiveSearchLogs: () => apiLogPager(ctx, ARCHIVE_SEARCH_SPEC),
    cloudIntegrated: () => cloudIntegratedPager(ctx),
    threatIntelFeed: () => threatFeedPager(ctx),
  };
  const pagers = new Map<DataType, DataTypePager>();
  return {
    async authenticate(signal) {
      await session.accessToken(signal);
    },
    // One pager per data type and client, so what a pager keeps between calls (the current batch listing)
    // is reused however often the caller asks for it.
    pager(dataType) {
      if (!DATA_TYPES.includes(dataType)) throw invalid('dataType', `must be one of ${DATA_TYPES.join(', ')}`);
      let pager = pagers.get(dataType);
      if (!pager) {
        pager = guarded(factories[dataType](), dataType, options.logger);
        pagers.set(dataType, pager);
      }
      return pager;
    },
  };
}
