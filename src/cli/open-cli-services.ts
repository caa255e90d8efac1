import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadStoreConfig } from './config.js';
import type { CommandIO } from './io.js';

/** Opens the store for search/import, saying plainly when a running server holds the data directory. */
export async function openCliStore(command: string, flags: { data?: string; db?: string }, io: CommandIO): Promise<Store> {
  const config = loadStoreConfig(flags, io.env);
  const logger = createLogger({ level: 'warn', stream: io.stderr });
  try {
    return await openStore({
      data: config.data,
      db: config.db,
      secretKey: config.secretKey,
      duckdb: config.duckdb,
      clock: systemClock,
      logger,
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'store.locked') {
      throw new AppError(
        'store.locked',
        `a mimecast-c2c server (or another command) is using the data directory ${config.data}; stop it first, or use the server's Search Job API instead of '${command}'`,
        { cause: error },
      );
    }
    throw error;
  }
}
