import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { Mutex } from '../../core/mutex.js';
import { prepareDataDir } from '../data-dir.js';
import { PartitionRouting, toPartition } from '../partition-routing.js';
import { loadSecretBox } from '../secrets.js';
import type { Store } from '../store.js';
import { createAccessKeys } from './access-keys.js';
import { backupDuckDb } from './backup.js';
import { createCheckpoints } from './checkpoints.js';
import { createCollectors } from './collectors.js';
import { compressionFor, parseStorageVersion, STORAGE_VERSION, storageVersionOf } from './compression.js';
import { all, errorText, openInstance } from './connection.js';
import { DuckDbContext, type DuckDbFaults } from './context.js';
import { createFields } from './fields.js';
import { createHealth } from './health.js';
import { createPartitions } from './index-partitions.js';
import { createLeases } from './leases.js';
import { createLibrary } from './library.js';
import { createLookupTables } from './lookup-tables.js';
import { createStage } from './message-writer.js';
import { createMessages } from './messages.js';
import { migrate } from './migrations.js';
import { monitorRepositories } from './monitors.js';
import { createPushReceivers } from './push-receivers.js';
import { createSources } from './sources.js';
import { createThreatIndicators } from './threat-indicators.js';

export const DUCKDB_FILE = 'mimecast-c2c.duckdb';

export interface DuckDbStoreOptions {
  dataDir: string;
  /** MC2C_SECRET_KEY, when set; otherwise `<dataDir>/secret.key` is used (and created). */
  secretKey?: string;
  clock: Clock;
  logger: Logger;
  /** DuckDB's `memory_limit` for the whole store, e.g. `1GB` (default DEFAULT_MEMORY_LIMIT). */
  memoryLimit?: string;
  /** DuckDB's `threads` (default DEFAULT_THREADS). */
  threads?: number;
  /** Test-only fault injection. */
  faults?: DuckDbFaults;
}

/**
 * WAL size that triggers a checkpoint. DuckDB's default (16 MB) checkpoints every few thousand messages, and each
 * checkpoint compresses and writes what came since: fewer, larger ones keep ingest fast at the cost of up to this much log
 * to replay after a crash. (Tried: 64 MB raised serve's peak memory in `npm run bench -- memory`, 728 against
 * 682 MB for 1 M events, as commits stalled more often, and the backfill had not finished after 265 s against 149 s.)
 */
export const CHECKPOINT_THRESHOLD = '256MB';

/** Readers beside the writer: DuckDB's MVCC lets searches run while a batch is being written. */
const READERS = 2;
const INTERRUPT_EVERY_MS = 100;

/**
 * DuckDB's own defaults (80 % of RAM, one thread per core) let one search starve the collector and the OS:
 * these fit a small VM beside them. A backfill of 1 M events took serve's resident memory to 1.3 GB with 1 GB,
 * 796 MB with 256 MB and 682 MB with 128 MB, at 8 197 and 6 837 events/s (`npm run bench -- memory`,
 * docs/running.md): the least memory for a modest loss of speed. Big searches spill to disk. Both are
 * settable (MC2C_DUCKDB_MEMORY_LIMIT, MC2C_DUCKDB_THREADS).
 */
export const DEFAULT_MEMORY_LIMIT = '128MB';
export const DEFAULT_THREADS = 2;

/** Opens (creating if needed) the DuckDB store in `dataDir`, migrated to the latest schema. */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<Store> {
  const { dataDir, clock, logger } = options;
  await prepareDataDir(dataDir, logger);
  const secrets = await loadSecretBox({ dataDir, secretKey: options.secretKey, logger });
  const databaseFile = path.join(dataDir, DUCKDB_FILE);
  const instance = await openInstance(databaseFile, dataDir, {
    memory_limit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    threads: String(options.threads ?? DEFAULT_THREADS),
    storage_compatibility_version: STORAGE_VERSION,
  });
  let writer: DuckDBConnection | undefined;
  try {
    writer = await instance.connect();
    await writer.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    const storageVersion = await storageVersionOf(writer);
    const compression = compressionFor(parseStorageVersion(storageVersion));
    if (compression === 'automatic') {
      logger.info('the store file is in an older DuckDB format: messages keep DuckDB’s own compression', { dataDir, storageVersion });
    }
    const applied = await migrate(writer, clock.now(), compression);
    if (applied.length > 0) logger.info('store schema migrated', { dataDir, versions: applied });
    await createStage(writer);
  } catch (error) {
    writer?.closeSync();
    instance.closeSync();
    if (error instanceof AppError) throw error;
    throw new AppError('store.open', `cannot open the store in ${dataDir}: ${errorText(error)}`, { cause: error });
  }
  const ctx = new DuckDbContext(writer, new Mutex(), clock, logger, secrets, options.faults ?? {});
  const readers = new ReaderPool(instance, READERS);
  const routing = new PartitionRouting(async () => (await ctx.all('SELECT id, name, body FROM partitions')).map(toPartition), clock);
  let closed = false;
  return {
    dialect: 'duckdb',
    async close() {
      if (closed) return;
      closed = true;
      await ctx.serial(async (c) => {
        await readers.close();
        c.closeSync();
        instance.closeSync();
      });
    },
    collectors: createCollectors(ctx),
    sources: createSources(ctx),
    checkpoints: createCheckpoints(ctx),
    messages: createMessages(ctx, routing),
    partitions: createPartitions(ctx, routing, databaseFile),
    health: createHealth(ctx),
    accessKeys: createAccessKeys(ctx),
    fields: createFields(ctx),
    threatIndicators: createThreatIndicators(ctx),
    lookupTables: createLookupTables(ctx),
    pushReceivers: createPushReceivers(ctx),
    library: createLibrary(ctx),
    leases: createLeases(ctx),
    ...monitorRepositories(ctx),
    backup(file) {
      // On the writer, so no batch is half-written into the copy; COPY FROM DATABASE reads one snapshot.
      const keyFromEnvironment = options.secretKey !== undefined && options.secretKey !== '';
      return ctx.serial((c) => backupDuckDb(c, { file, dataDir, keyFromEnvironment, now: clock.now() }));
    },
    query(sql, params, signal) {
      return readers.use(async (connection) => {
        if (signal?.aborted) throw new AppError('aborted', 'the query was cancelled');
        const onAbort = () => connection.interrupt();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          return await all(connection, sql, params);
        } catch (error) {
          if (signal?.aborted) throw new AppError('aborted', 'the query was cancelled', { cause: error });
          if (readers.isClosing) throw closedError();
          throw new AppError('store.query', errorText(error), { cause: error });
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      });
    },
  };
}

/**
 * A few read connections handed out one query at a time. Closing interrupts the queries still running and
 * waits for their connections to come back: DuckDB never finishes a query whose connection was closed
 * under it, and the process then cannot exit.
 */
class ReaderPool {
  private idle: DuckDBConnection[] = [];
  private readonly busy = new Set<DuckDBConnection>();
  private created = 0;
  private waiting: { resolve: (c: DuckDBConnection) => void; reject: (e: Error) => void }[] = [];
  private readonly open: DuckDBConnection[] = [];
  private closing = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  get isClosing(): boolean {
    return this.closing;
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    this.busy.add(connection);
    try {
      return await work(connection);
    } finally {
      this.busy.delete(connection);
      const next = this.closing ? undefined : this.waiting.shift();
      if (next) {
        this.busy.add(connection);
        next.resolve(connection);
      } else this.idle.push(connection);
      if (this.closing && this.busy.size === 0) this.drained?.();
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closing) throw closedError();
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.created < this.size) {
      this.created++;
      const connection = await this.instance.connect();
      this.open.push(connection);
      if (this.closing) throw closedError();
      return connection;
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const w of this.waiting.splice(0)) w.reject(closedError());
    if (this.busy.size > 0) {
      const drained = new Promise<void>((resolve) => {
        this.drained = resolve;
      });
      // Again until drained: an interrupt that lands before its query has started is lost.
      const interruptAll = () => {
        for (const c of this.busy) c.interrupt();
      };
      interruptAll();
      const timer = setInterval(interruptAll, INTERRUPT_EVERY_MS);
      await drained;
      clearInterval(timer);
    }
    for (const c of this.open) c.closeSync();
    this.open.length = 0;
    this.idle = [];
  }
}

function closedError(): AppError {
  return new AppError('store.closed', 'the store is closed');
}
