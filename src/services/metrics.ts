import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../core/clock.js';
import { toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry, TelemetryEvent } from '../core/telemetry.js';
import { AUDIT_INDEX, MAIN_INDEX, SYSTEM_EVENTS_INDEX } from '../model/message.js';
import type { SearchService } from '../search/search-service.js';
import type { Store } from '../store/store.js';

/**
 * The server's Prometheus metrics (docs/running.md "Metrics"). Two halves, because the collector is built
 * before the services: the registry with the counters that telemetry events feed is made first and handed
 * to the collector and its Mimecast clients as a `Telemetry`; the gauges read at scrape time (lag, store,
 * searches) join it when createServices() builds the metrics service.
 */
export interface MetricsRegistry {
  registry: Registry;
  telemetry: Telemetry;
}

/** Batch commits take milliseconds to seconds; a disk or database in trouble shows in the upper buckets. */
const BATCH_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The registry and its event-fed counters, with Node's process metrics (memory, CPU, event loop, GC). */
export function createMetricsRegistry(): MetricsRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const collected = new Counter({
    name: 'mc2c_collected_messages_total',
    help: 'Messages collected and stored, replays not counted; delivery is pull (the collector) or push (Event Push)',
    labelNames: ['source_id', 'data_type', 'delivery'],
    registers,
  });
  const expired = new Counter({
    name: 'mc2c_expired_messages_total',
    help: "Messages collected but not stored: older than their partition's retention, by message time",
    labelNames: ['source_id', 'data_type'],
    registers,
  });
  const batches = new Histogram({
    name: 'mc2c_batch_store_duration_seconds',
    help: 'Time to commit one batch with its checkpoint; _count is the batches stored',
    labelNames: ['data_type'],
    buckets: BATCH_SECONDS_BUCKETS,
    registers,
  });
  const requests = new Counter({
    name: 'mc2c_mimecast_requests_total',
    help: 'Mimecast API calls by route and HTTP status (network or timeout when there was no answer)',
    labelNames: ['route', 'status'],
    registers,
  });
  const rateLimited = new Counter({
    name: 'mc2c_mimecast_rate_limited_total',
    help: 'Mimecast API calls answered 429 (rate limit reached)',
    labelNames: ['route'],
    registers,
  });
  const retries = new Counter({
    name: 'mc2c_mimecast_retries_total',
    help: 'Mimecast API calls tried again after a retryable failure, by route and error code',
    labelNames: ['route', 'code'],
    registers,
  });
  const count = (event: TelemetryEvent): void => {
    switch (event.type) {
      case 'BatchStored':
        collected.inc({ source_id: event.sourceId, data_type: event.dataType, delivery: event.delivery ?? 'pull' }, event.inserted);
        expired.inc({ source_id: event.sourceId, data_type: event.dataType }, event.expired);
        batches.observe({ data_type: event.dataType }, event.durationMs / 1000);
        return;
      case 'MimecastResponse':
        requests.inc({ route: event.route, status: String(event.status) });
        if (event.status === 429) rateLimited.inc({ route: event.route });
        return;
      case 'MimecastRequestFailed':
        requests.inc({ route: event.route, status: event.reason });
        return;
      case 'MimecastRetry':
        retries.inc({ route: event.route, code: event.code });
        return;
    }
  };
  return { registry, telemetry: { emit: count } };
}

export interface MetricsService {
  /** The Prometheus text exposition of every metric, read now. */
  render(): Promise<{ contentType: string; text: string }>;
}

export interface MetricsServiceDeps {
  metrics: MetricsRegistry;
  store: Pick<Store, 'sources' | 'checkpoints' | 'partitions'>;
  search: Pick<SearchService, 'run' | 'running'>;
  clock: Clock;
  logger: Logger;
}

/** The indexes messages are stored in; counted one by one since a search reads one index. */
const INDEXES = [MAIN_INDEX, SYSTEM_EVENTS_INDEX, AUDIT_INDEX];
/** Counting every message is a scan: a scrape every 15 s reuses the counts of the last minute. */
export const STORE_COUNT_MAX_AGE_MS = 60_000;

/** Adds the gauges that are read at scrape time to the registry; call once per registry. */
export function createMetricsService(deps: MetricsServiceDeps): MetricsService {
  const { registry } = deps.metrics;
  const registers = [registry];
  const log = deps.logger.child({ component: 'metrics' });
  // A failing read leaves its gauge empty for this scrape: the process metrics are still worth answering.
  const guarded = async (metric: string, read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      log.warn('metric not read', { metric, error: toAppError(error).message });
    }
  };

  // First: collects start in registration order, and the store count below runs searches of its own.
  new Gauge({
    name: 'mc2c_search_jobs_running',
    help: 'Searches running now: Search Job API jobs (kind=job) and synchronous runs: panels, CLI (kind=sync)',
    labelNames: ['kind'],
    registers,
    collect() {
      const { jobs, runs } = deps.search.running();
      this.set({ kind: 'job' }, jobs);
      this.set({ kind: 'sync' }, runs);
    },
  });

  new Gauge({
    name: 'mc2c_collection_lag_seconds',
    help: 'Seconds since the newest stored message time, per data type (over every source)',
    labelNames: ['data_type'],
    registers,
    async collect() {
      this.reset();
      await guarded('mc2c_collection_lag_seconds', async () => {
        const newest = new Map<string, number>();
        for (const source of await deps.store.sources.list()) {
          for (const [dataType, stats] of Object.entries(await deps.store.checkpoints.stats(source.id))) {
            const last = stats?.lastMessageTime;
            if (typeof last === 'number' && last > (newest.get(dataType) ?? -Infinity)) newest.set(dataType, last);
          }
        }
        const now = deps.clock.now();
        for (const [dataType, last] of newest) this.set({ data_type: dataType }, Math.max(0, (now - last) / 1000));
      });
    },
  });

  let counted: { at: number; counts: Map<string, number> } | undefined;
  const countIndexes = async (): Promise<Map<string, number>> => {
    const now = deps.clock.now();
    if (counted && now - counted.at < STORE_COUNT_MAX_AGE_MS) return counted.counts;
    const counts = new Map<string, number>();
    for (const index of INDEXES) {
      const result = await deps.search.run({ query: `_index=${index} | count`, from: 0, to: now });
      counts.set(index, Number(result.rows[0]?._count ?? 0));
    }
    counted = { at: now, counts };
    return counts;
  };
  new Gauge({
    name: 'mc2c_store_messages',
    help: 'Messages in the store per index (counted at most once a minute)',
    labelNames: ['index'],
    registers,
    async collect() {
      await guarded('mc2c_store_messages', async () => {
        const counts = await countIndexes();
        for (const [index, n] of counts) this.set({ index }, n);
      });
    },
  });

  let sized: { at: number; sizes: Record<string, number> } | undefined;
  new Gauge({
    name: 'mc2c_store_partition_bytes',
    help: 'Bytes of the stored messages (_size) per partition (read at most once a minute)',
    labelNames: ['partition'],
    registers,
    async collect() {
      await guarded('mc2c_store_partition_bytes', async () => {
        // Summing every message's size is a scan, like the counts above: reused for a minute.
        const now = deps.clock.now();
        if (sized === undefined || now - sized.at >= STORE_COUNT_MAX_AGE_MS)
          sized = { at: now, sizes: await deps.store.partitions.sizes() };
        this.reset();
        for (const [partition, bytes] of Object.entries(sized.sizes)) this.set({ partition }, bytes);
      });
    },
  });

  return {
    async render() {
      return { contentType: registry.contentType, text: await registry.metrics() };
    },
  };
}
