import type pg from 'pg';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { PartitionRouting, toPartition } from '../partition-routing.js';
import type { SecretBox } from '../secrets.js';
import { backupNeedsPgDump, type Row, type Store } from '../store.js';
import { createAccessKeys } from './access-keys.js';
import { createCheckpoints } from './checkpoints.js';
import { createCollectors } from './collectors.js';
import { checkConnection, createPool, parseDatabaseUrl, storeError } from './connect.js';
import type { PostgresContext } from './context.js';
import { Db } from './db.js';
import { createFields } from './fields.js';
import { createHealth } from './health.js';
import { createPartitions } from './index-partitions.js';
import { createLeases } from './leases.js';
import { createLibrary } from './library.js';
import { createLookupTables } from './lookup-tables.js';
import { createMessages, type PostgresMessagesRepository } from './messages.js';
import { migrate } from './migrations.js';
import { createMimecastCredentials } from './mimecast-credentials.js';
import { monitorRepositories } from './monitors.js';
import { Partitions } from './partitions.js';
import { createPushReceivers } from './push-receivers.js';
import { createSources } from './sources.js';
import { createThreatIndicators } from './threat-indicators.js';

/** The PostgreSQL store: a `Store` whose messages can also be dropped by day (retention). */
export interface PostgresStore extends Store {
  readonly messages: PostgresMessagesRepository;
}

export interface PostgresStoreOptions {
  url: string;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/**
 * Connects, checks the connection (one clear `store.connect` error for a bad URL, password, host or
 * database), migrates under an advisory lock and makes the day partitions around today.
 */
export async function connectPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const target = parseDatabaseUrl(options.url);
  const pool = createPool(options.url, options.logger, options.poolSize);
  try {
    await checkConnection(pool, target);
    await migrate(pool, options.logger).catch((error: unknown) => {
      throw new AppError('store.connect', `cannot prepare the database schema: ${storeError(error).message}`, { cause: error });
    });
    const partitions = new Partitions(pool);
    await partitions.load();
    await partitions.ensure([], options.clock.now());
    const db = new Db(pool);
    const routing = new PartitionRouting(
      async () => (await db.rows('SELECT id, name, body FROM partitions')).map(toPartition),
      options.clock,
    );
    return assemble(pool, { db, clock: options.clock, secrets: options.secrets, partitions, routing });
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw storeError(error, 'store.connect');
  }
}

/** The repositories over one pool, assembled as the DuckDB store assembles its own. */
function assemble(pool: pg.Pool, ctx: PostgresContext): PostgresStore {
  /** Cancels of the compiled queries running now: close() sends them, since pool.end() waits for every client. */
  const running = new Set<() => Promise<unknown>>();
  let closing = false;
  return {
    dialect: 'postgres',
    collectors: createCollectors(ctx),
    sources: createSources(ctx),
    checkpoints: createCheckpoints(ctx),
    messages: createMessages(ctx),
    partitions: createPartitions(ctx),
    health: createHealth(ctx),
    accessKeys: createAccessKeys(ctx),
    fields: createFields(ctx),
    threatIndicators: createThreatIndicators(ctx),
    lookupTables: createLookupTables(ctx),
    pushReceivers: createPushReceivers(ctx),
    mimecastCredentials: createMimecastCredentials(ctx),
    library: createLibrary(ctx),
    leases: createLeases(ctx),
    ...monitorRepositories(ctx),
    /** Runs compiled SQL (`$n` parameters). Aborting cancels the statement on the server. */
    async query(sql, params, signal) {
      if (signal?.aborted) throw new AppError('aborted', 'query cancelled');
      if (closing) throw new AppError('store.closed', 'the store is closed');
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw storeError(error);
      }
      const pid = (client as unknown as { processID: number }).processID;
      const cancel = () => pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
      signal?.addEventListener('abort', cancel, { once: true });
      running.add(cancel);
      try {
        return (await client.query(sql, params as unknown[])).rows as Row[];
      } catch (error) {
        if (signal?.aborted) throw new AppError('aborted', 'query cancelled');
        if (closing) throw new AppError('store.closed', 'the store is closed');
        throw storeError(error, 'store.query');
      } finally {
        running.delete(cancel);
        signal?.removeEventListener('abort', cancel);
        client.release();
      }
    },
    async backup() {
      throw backupNeedsPgDump();
    },
    async close() {
      if (closing) return;
      closing = true;
      await Promise.all([...running].map((cancel) => cancel()));
      await pool.end();
    },
  };
}
