import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { MIN_POLL_SEC } from '../model/source-config.js';
import { createServices, type Services } from '../services/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { loadStoreConfig } from './config.js';
import type { CommandIO } from './io.js';

export interface CliServices {
  store: Store;
  services: Services;
  /** Stops the services' searches, then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store for search/import and builds the services over it (no collector runs in a CLI command),
 * saying plainly when a running server holds the data directory.
 */
export async function openCliServices(command: string, flags: { data?: string; db?: string }, io: CommandIO): Promise<CliServices> {
  const config = loadStoreConfig(flags, io.env);
  const logger = createLogger({ level: 'warn', stream: io.stderr });
  let store: Store;
  try {
    store = await openStore({
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
  const services = createServices({
    store,
    clock: systemClock,
    logger,
    config: { minPollSec: MIN_POLL_SEC, retentionDays: config.retentionDays },
  });
  await services.partitions.ready().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  return {
    store,
    services,
    async close() {
      await services.close();
      await store.close();
    },
  };
}
