import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { prepareDataDir } from '../data-dir.js';
import { loadSecretBox } from '../secrets.js';
import type { Store } from '../store.js';
import { accessKeyMethods, healthMethods, libraryMethods, processMethods } from './admin-records.js';
import { collectorMethods, sourceMethods } from './config-records.js';
import { all, errorText, Mutex, openInstance } from './connection.js';
import { DuckDbContext, type DuckDbFaults } from './context.js';
import { createStage, messageMethods } from './message-writer.js';
import { migrate } from './migrations.js';

export const DUCKDB_FILE = 'mimecast-c2c.duckdb';

export interface DuckDbStoreOptions {
  dataDir: string;
  /** MC2C_SECRET_KEY, when set; otherwise `<dataDir>/secret.key` is used (and created). */
  secretKey?: string;
  clock: Clock;
  logger: Logger;
  /** Test-only fault injection. */
  faults?: DuckDbFaults;
}

/**
 * WAL size that triggers a checkpoint. DuckDB's default (16 MB) checkpoints every few thousand messages, and each
 * checkpoint rewrites the unique index: fewer, larger ones keep ingest fast at the cost of up to this much log
 * to replay after a crash.
 */
export const CHECKPOINT_THRESHOLD = '256MB';

/** Readers beside the writer: DuckDB's MVCC lets searches run while a batch is being written. */
const READERS = 2;

/** Opens (creating if needed) the DuckDB store in `dataDir`, migrated to the latest schema. */
export async function openDuckDbStore(options: DuckDbStoreOptions): Promise<Store> {
  const { dataDir, clock, logger } = options;
  await prepareDataDir(dataDir, logger);
  const secrets = await loadSecretBox({ dataDir, secretKey: options.secretKey, logger });
  const instance = await openInstance(path.join(dataDir, DUCKDB_FILE), dataDir);
  let writer: DuckDBConnection | undefined;
  try {
    writer = await instance.connect();
    await writer.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
    const applied = await migrate(writer, clock.now());
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
    ...collectorMethods(ctx),
    ...sourceMethods(ctx),
    ...messageMethods(ctx),
    ...healthMethods(ctx),
    ...accessKeyMethods(ctx),
    ...libraryMethods(ctx),
    ...processMethods(ctx),
    query(sql, params, signal) {
      return readers.use(async (connection) => {
        if (signal?.aborted) throw new AppError('aborted', 'the query was cancelled');
        const onAbort = () => connection.interrupt();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          return await all(connection, sql, params);
        } catch (error) {
          if (signal?.aborted) throw new AppError('aborted', 'the query was cancelled', { cause: error });
          throw new AppError('store.query', errorText(error), { cause: error });
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
      });
    },
  };
}

/** A few read connections handed out one query at a time. */
class ReaderPool {
  private idle: DuckDBConnection[] = [];
  private created = 0;
  private waiting: ((c: DuckDBConnection) => void)[] = [];
  private open: DuckDBConnection[] = [];

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
  ) {}

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    const idle = this.idle.pop();
    if (idle) return idle;
    if (this.created < this.size) {
      this.created++;
      const connection = await this.instance.connect();
      this.open.push(connection);
      return connection;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  async close(): Promise<void> {
    for (const c of this.open) c.closeSync();
    this.open = [];
    this.idle = [];
  }
}
