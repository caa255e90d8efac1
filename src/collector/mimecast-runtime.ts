import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../core/telemetry.js';
import type { SourceRecord } from '../model/source.js';
import { buildMessagesPaced } from '../pipeline/messages.js';
import { compileRules } from '../pipeline/rules.js';
import { createCredentialRegistry, createMimecastClient, REGION_BASE_URLS } from '../sources/mimecast/index.js';
import type { Store } from '../store/store.js';
import type { BatchBuilder } from './page-feed.js';
import { inThreadFetcher } from './page-feed.js';
import type { RetryPolicyOptions } from './retry-policy.js';
import { CollectorRuntime } from './runtime.js';
import { SetAsideFiles } from './set-aside-files.js';
import { createSharedCredentialRegistry } from './shared-credentials.js';
import { FetchWorker } from './worker-fetcher.js';

export interface MimecastRuntimeOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** MIMECAST_BASE_URL: overrides every source's region (simulator, tests). Never taken from a source config. */
  mimecastBaseUrl?: string;
  tickMs?: number;
  leaseTtlMs?: number;
  retry?: RetryPolicyOptions;
  /** Counts batches, messages and Mimecast calls (metrics); nothing when absent. */
  telemetry?: Telemetry;
  probeIntervalMs?: number;
  /**
   * Fetch, parse and build in a worker thread, so the main thread only stores. Off in `serve` for now: on a
   * machine whose cores are busy anyway it measured slower (the copy of every page costs CPU), see
   * `npm run bench -- e2e-ingest`, which runs both. The worker runs on the system clock, so tests that drive
   * time with a ManualClock leave it off.
   */
  fetchWorker?: boolean;
  /** Where the bytes of set-aside batch files are kept, per source (serve: `<data>/set-aside`); not kept when absent. */
  setAsideDir?: string;
}

/** Keeps only the custom fields the fields schema knows; built-in `_` names always pass. */
export function schemaFieldsOf(fields: SourceRecord['config']['fields'], schema: ReadonlySet<string>): Record<string, string | boolean> {
  const kept: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(fields)) if (name.startsWith('_') || schema.has(name)) kept[name] = value;
  return kept;
}

/** Compiles a source's rules and metadata into the function that turns a page of events into messages. */
export function prepareMimecastSource(
  source: SourceRecord,
  collectorName: string,
  schemaFields: ReadonlySet<string>,
  mimecastBaseUrl?: string,
): BatchBuilder {
  const { config } = source;
  const rules = compileRules(config.filters, { hashAlgorithm: config.hashAlgorithm });
  const fields = schemaFieldsOf(config.fields, schemaFields);
  // `_sourceHost`: the API host the events came from.
  const sourceHost = new URL(mimecastBaseUrl ?? REGION_BASE_URLS[config.region]).host;
  return (events, dataType, receiptTime) =>
    buildMessagesPaced(events, {
      rules,
      sourceId: source.id,
      sourceName: config.name,
      sourceCategory: config.category,
      collectorName,
      dataType,
      sourceHost,
      fields,
      siemForward: config.fields._siemForward === true,
      receiptTime,
    });
}

/** The collector runtime wired to the Mimecast client and the processing pipeline. */
export function createMimecastRuntime(options: MimecastRuntimeOptions): CollectorRuntime {
  const { store, clock, logger } = options;
  // Sources of one credential share its limiter and token: through the store when several processes may
  // use it (PostgreSQL), else in memory. The fetch worker keeps a registry of its own, in memory.
  const credentials = store.mimecastCredentials
    ? createSharedCredentialRegistry(store.mimecastCredentials, clock, logger)
    : createCredentialRegistry(clock);
  const worker = options.fetchWorker
    ? new FetchWorker({ logger, telemetry: options.telemetry, mimecastBaseUrl: options.mimecastBaseUrl })
    : undefined;
  return new CollectorRuntime({
    store,
    clock,
    logger,
    tickMs: options.tickMs,
    leaseTtlMs: options.leaseTtlMs,
    retry: options.retry,
    telemetry: options.telemetry,
    probeIntervalMs: options.probeIntervalMs,
    ...(options.setAsideDir === undefined ? {} : { setAsideFiles: new SetAsideFiles(options.setAsideDir) }),
    open: (source, collectorName, schemaFields) => {
      // Built here even with a worker: a config that cannot run fails the task at once, as it does in-thread.
      const build = prepareMimecastSource(source, collectorName, schemaFields, options.mimecastBaseUrl);
      const client = createMimecastClient({
        region: source.config.region,
        baseUrl: options.mimecastBaseUrl,
        clientId: source.config.clientID,
        clientSecret: source.config.clientSecret,
        startTime: source.config.startTime,
        clock,
        logger: logger.child({ sourceId: source.id }),
        telemetry: options.telemetry,
        credentials,
      });
      return worker ? worker.fetcher(source, collectorName, schemaFields) : inThreadFetcher(client, build, clock);
    },
    close: async () => worker?.close(),
  });
}
