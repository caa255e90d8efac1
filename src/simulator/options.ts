import type { DataType } from '../model/message.js';

/**
 * Faults the simulator can inject. Every field has a neutral default (no fault); rates are fractions
 * in [0, 1] applied deterministically: with rate r, the k-th eligible request is hit exactly when
 * floor(k·r) > floor((k−1)·r), so 0.25 hits every 4th request and tests are reproducible.
 */
export interface FaultConfig {
  /** The token endpoint rejects every client (401 InvalidClientIdentifier), even the right one. */
  wrongCredentials: boolean;
  /** `expires_in` of new tokens, seconds; tokens stop working after it (real API: 1799). */
  tokenLifetimeSec: number;
  /** Requests allowed per rate-limit window on the data routes; beyond it: 429. */
  rateLimitRequests: number;
  /** Length of the fixed rate-limit window, ms. */
  rateLimitWindowMs: number;
  /** Fraction of data-route requests answered with `errorStatus`. */
  errorRate: number;
  /** Status used by `errorRate` (500, 502, 503, 504). */
  errorStatus: number;
  /** Delay before every answer on the token, data and file routes, ms. */
  delayMs: number;
  /** Fraction of data-route and batch-file answers whose body is cut in half (status and headers intact). */
  truncateRate: number;
  /** Fraction of data-route requests answered 200 with a non-empty `fail[]`. */
  failRate: number;
  /** Batch listings hand out URLs whose signature has already expired (downloads get 403). */
  expiredBatchUrls: boolean;
  /** Data types whose routes answer 403 app_forbidden. */
  forbidden: DataType[];
  /** Batch files damaged for good: those whose interval number k is a multiple of 3 are always served cut short. */
  truncatedBatchFiles: boolean;
  /** Batch files whose interval number k is odd end with one line that is not JSON. */
  brokenBatchLines: boolean;
}

export const DEFAULT_FAULTS: FaultConfig = {
  wrongCredentials: false,
  tokenLifetimeSec: 1799,
  rateLimitRequests: 1_000_000,
  rateLimitWindowMs: 60_000,
  errorRate: 0,
  errorStatus: 500,
  delayMs: 0,
  truncateRate: 0,
  failRate: 0,
  expiredBatchUrls: false,
  forbidden: [],
  truncatedBatchFiles: false,
  brokenBatchLines: false,
};

/** What the simulated tenant produces; all volumes are averages per hour of simulated time. */
export interface VolumeOptions {
  /** SIEM events per hour (all ten types together), default 200. */
  siemPerHour?: number;
  /** DLP log records per hour, default 4. */
  dlpPerHour?: number;
  /** Audit events per hour, default 3. */
  auditPerHour?: number;
  /** Messages put on hold per hour, default 3. */
  holdPerHour?: number;
  /** TTP URL clicks logged per hour, default 6. */
  ttpUrlPerHour?: number;
  /** TTP attachment scans logged per hour, default 3. */
  ttpAttachmentPerHour?: number;
  /** TTP impersonation hits logged per hour, default 2. */
  ttpImpersonationPerHour?: number;
  /** Held messages released or rejected per hour, default 2. */
  heldReleasePerHour?: number;
  /** Archive searches logged per hour, default 1. */
  archiveSearchPerHour?: number;
  /** Cloud Integrated events (all three types) per hour, default 12. */
  ciPerHour?: number;
  /** Threat-intel indicators per hour in each feed, default 4. */
  threatPerHour?: number;
  /** Lifetime of batch-file URLs, seconds, default 900. */
  batchUrlTtlSec?: number;
}

export interface SimulatorOptions extends VolumeOptions {
  host?: string;
  port?: number;
  seed?: number;
  /** Default 'demo-client-id'. */
  clientId?: string;
  /** Default 'demo-client-secret'. */
  clientSecret?: string;
  /** Simulated current time, epoch ms (default Date.now). Events exist for every time up to now. */
  now?: () => number;
  faults?: Partial<FaultConfig>;
}

/** Options with every default filled in. */
export interface ResolvedOptions {
  host: string;
  port: number;
  seed: number;
  clientId: string;
  clientSecret: string;
  now: () => number;
  siemPerHour: number;
  dlpPerHour: number;
  auditPerHour: number;
  holdPerHour: number;
  ttpUrlPerHour: number;
  ttpAttachmentPerHour: number;
  ttpImpersonationPerHour: number;
  heldReleasePerHour: number;
  archiveSearchPerHour: number;
  ciPerHour: number;
  threatPerHour: number;
  batchUrlTtlSec: number;
}

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 9000,
    seed: options.seed ?? 1,
    clientId: options.clientId ?? 'demo-client-id',
    clientSecret: options.clientSecret ?? 'demo-client-secret',
    now: options.now ?? Date.now,
    siemPerHour: nonNegative('siemPerHour', options.siemPerHour ?? 200),
    dlpPerHour: nonNegative('dlpPerHour', options.dlpPerHour ?? 4),
    auditPerHour: nonNegative('auditPerHour', options.auditPerHour ?? 3),
    holdPerHour: nonNegative('holdPerHour', options.holdPerHour ?? 3),
    ttpUrlPerHour: nonNegative('ttpUrlPerHour', options.ttpUrlPerHour ?? 6),
    ttpAttachmentPerHour: nonNegative('ttpAttachmentPerHour', options.ttpAttachmentPerHour ?? 3),
    ttpImpersonationPerHour: nonNegative('ttpImpersonationPerHour', options.ttpImpersonationPerHour ?? 2),
    heldReleasePerHour: nonNegative('heldReleasePerHour', options.heldReleasePerHour ?? 2),
    archiveSearchPerHour: nonNegative('archiveSearchPerHour', options.archiveSearchPerHour ?? 1),
    ciPerHour: nonNegative('ciPerHour', options.ciPerHour ?? 12),
    threatPerHour: nonNegative('threatPerHour', options.threatPerHour ?? 4),
    batchUrlTtlSec: nonNegative('batchUrlTtlSec', options.batchUrlTtlSec ?? 900),
  };
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name}: must be a number >= 0`);
  return value;
}

/** Request counts since start (or the last reset). */
export interface SimulatorStats {
  /** Requests per route name: token, siemStream, siemBatch, batchFile, dlp, audit, hold, the log kinds (ttpUrl, …), admin, other. */
  requests: Record<string, number>;
  /** Requests to /oauth/token (also in `requests.token`). */
  tokenRequests: number;
  /** 429 answers served. */
  rateLimited: number;
  /** Injected faults served, per fault name (errorRate, truncateRate, failRate, forbidden, wrongCredentials, expiredBatchUrls, delayMs). */
  faults: Record<string, number>;
  /** Events handed out per data type (SIEM counts events inside downloaded batch files and stream pages). */
  eventsServed: Record<string, number>;
  /** Answers per HTTP status. */
  statuses: Record<string, number>;
}
