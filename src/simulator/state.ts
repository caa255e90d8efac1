import { ApiDataCache, type ApiRecord } from './api-data.js';
import { FaultState } from './faults.js';
import type { FaultConfig, ResolvedOptions, SimulatorStats } from './options.js';
import { PageTokens } from './page-token.js';
import { SiemCache } from './siem-cache.js';

/** Everything a route handler needs: options, data caches, faults, tokens. */
export class Sim {
  readonly faults: FaultState;
  readonly pages: PageTokens;
  readonly siem: SiemCache;
  readonly api: ApiDataCache;
  /** access token → expiry (simulated epoch ms). */
  readonly tokens = new Map<string, number>();
  /** Gzipped batch files by file id, newest last; bounded by total bytes. */
  readonly files = new Map<string, { gz: Buffer; lines: number }>();
  filesBytes = 0;
  /** Full result lists of recent `/api/*` queries (by query and frozen window), so later pages only slice. */
  readonly results = new Map<string, ApiRecord[]>();
  stats: SimulatorStats = emptyStats();

  constructor(
    readonly options: ResolvedOptions,
    faults: Partial<FaultConfig> = {},
  ) {
    this.faults = new FaultState(faults);
    this.pages = new PageTokens(options.seed);
    this.siem = new SiemCache(options);
    this.api = new ApiDataCache(options);
  }

  /** The result list for `key`, computed once while it stays among the last few queries. */
  result(key: string, compute: () => ApiRecord[]): ApiRecord[] {
    const hit = this.results.get(key);
    if (hit) return hit;
    const list = compute();
    this.results.set(key, list);
    if (this.results.size > 8) this.results.delete(this.results.keys().next().value as string);
    return list;
  }

  now(): number {
    return this.options.now();
  }

  count(group: 'requests' | 'faults' | 'eventsServed' | 'statuses', name: string, by = 1): void {
    const table = this.stats[group];
    table[name] = (table[name] ?? 0) + by;
  }
}

export function emptyStats(): SimulatorStats {
  return { requests: {}, tokenRequests: 0, rateLimited: 0, faults: {}, eventsServed: {}, statuses: {} };
}

/** A request as the handlers see it. */
export interface RequestInfo {
  method: string;
  url: URL;
  /** `http://host:port` as the client addressed us, for URLs we hand out. */
  base: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
