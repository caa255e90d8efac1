import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { DuckDbFaults } from './duckdb/context.js';
import { openDuckDbStore } from './duckdb/duckdb-store.js';
import { openPostgresStore } from './postgres/index.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  /** The data directory (`--data`, default `./data`): the DuckDB file and the secret key file live there. */
  data?: string;
  /** A `postgres://` URL (`--db`): store everything in PostgreSQL instead. */
  db?: string;
  /** MC2C_SECRET_KEY, read by the config loader. */
  secretKey?: string;
  /** DuckDB's memory_limit and threads (MC2C_DUCKDB_*); the embedded store's defaults when unset. Faults: tests only. */
  duckdb?: { memoryLimit?: string; threads?: number; faults?: DuckDbFaults };
  clock: Clock;
  logger: Logger;
}

export const DEFAULT_DATA_DIR = './data';

/** The one place that picks the store: PostgreSQL when a database URL is given, else DuckDB in the data directory. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const dataDir = options.data ?? DEFAULT_DATA_DIR;
  if (options.db === undefined || options.db === '') {
    return openDuckDbStore({ dataDir, secretKey: options.secretKey, clock: options.clock, logger: options.logger, ...options.duckdb });
  }
  if (!/^postgres(ql)?:\/\//i.test(options.db)) {
    throw new AppError('store.unsupported', '--db must be a postgres:// or postgresql:// URL', { field: 'db' });
  }
  return openPostgresStore({
    url: options.db,
    secretKey: options.secretKey,
    dataDir,
    clock: options.clock,
    logger: options.logger,
  });
}
