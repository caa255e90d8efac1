import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Telemetry } from '../../core/telemetry.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { DataType, RawEvent } from '../../model/message.js';
import type { Region } from '../../model/source-config.js';
import type { ThreatIndicator } from '../../model/threat-indicator.js';

export interface PageResult {
  events: RawEvent[];
  /** The position right after exactly these events: commit it together with them. */
  cursor: Checkpoint;
  /** True when the API has more right now: the caller should call again at once. */
  more: boolean;
  /** Batch files the cursor moved past unread or in part (damaged after retries, broken lines): reported as health events. */
  setAside?: SetAsideFile[];
  /** Threat indicators these events carry (threat-intel feed): stored with them, in the same transaction as the cursor. */
  indicators?: ThreatIndicator[];
}

export interface SetAsideFile {
  /** The file's link without its signed query. */
  url: string;
  reason: string;
  /** The file as downloaded (a damaged gzip as sent, or the text with its broken lines), for an operator to inspect. */
  bytes?: Uint8Array;
}

export interface DataTypePager {
  /** `next(cursor)` is repeatable: calling it again with the same cursor never skips an event. */
  next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult>;
}

/**
 * Paces the calls made with one credential. Mimecast's quotas are per registered app, so every data type
 * of a credential must share one limiter.
 */
export interface RateLimiter {
  /** Resolves when a call may be sent now. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Reads `X-RateLimit-Remaining` / `X-RateLimit-Reset` (either spelling) from any answer. */
  observe(headers: Headers): void;
  /** After a 429: nothing is sent before `waitMs` has passed. */
  blockFor(waitMs: number): void;
}

/** `refreshAt`: epoch ms after which the token is no longer used (ahead of its real expiry). */
export interface CachedToken {
  value: string;
  refreshAt: number;
}

/** The OAuth2 token of one credential and the request for a new one in flight, shared by its sessions. */
export interface TokenCache {
  token?: CachedToken;
  pending?: Promise<CachedToken>;
  /** Where other processes keep the same credential's token (several serve processes on one database). */
  shared?: SharedTokenSource;
}

/** A credential's token kept beyond this process, so processes that share a credential log in once between them. */
export interface SharedTokenSource {
  /** A token another process got that is still good, or else `login()`'s, stored for the others. */
  tokenOrLogin(login: () => Promise<CachedToken>): Promise<CachedToken>;
  /** The API refused this token: the other processes must not use it either. */
  forget(value: string): void;
}

export interface SharedCredential {
  limiter: RateLimiter;
  tokens: TokenCache;
}

/**
 * One rate limiter and one token cache per Mimecast credential, whatever the number of sources and data
 * types that use it: Mimecast's quotas are per registered application (client id), so sources that each
 * paced themselves alone would together overdraw it, and each would ask for its own token. A changed
 * secret gets a token cache of its own (the old token belongs to the old secret); the limiter stays the
 * application's.
 */
export interface CredentialRegistry {
  get(credential: { baseUrl: string; clientId: string; clientSecret: string }): SharedCredential;
}

export interface MimecastClientOptions {
  /** Mimecast API gateway; `global` (default) fails over between instances, `us` and `uk` keep data in place. */
  region?: Region;
  /** Overrides `region`. Only from the server-wide MIMECAST_BASE_URL (simulator, tests), never from a source config. */
  baseUrl?: string;
  clientId: string;
  clientSecret: string;
  /** Where a data type without a cursor starts: `-24h` (default), relative like `-7d`, or ISO 8601. Clamped per data type. */
  startTime?: string;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Share one per credential across all its data types; a new one is made when absent. */
  limiter?: RateLimiter;
  /**
   * The rate limiter and token cache of every credential, shared by all the clients built with it (one per
   * process, or per fetch worker); `limiter`, when given, wins. Each client has its own when absent.
   */
  credentials?: CredentialRegistry;
  /** Per HTTP request, default 60 000. */
  timeoutMs?: number;
  /** Records per page (SIEM stream and /api/* logs; batch listings use at most 100 files). Default 500. */
  pageSize?: number;
  /** Counts calls by status, failures and retries (metrics); nothing when absent. */
  telemetry?: Telemetry;
}

export interface MimecastClient {
  /** Gets a token now (cached): a `mimecast.credentials` error means the client id or secret is wrong. */
  authenticate(signal?: AbortSignal): Promise<void>;
  pager(dataType: DataType): DataTypePager;
}
