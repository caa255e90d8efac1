import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { prepareDataDir } from '../data-dir.js';
import { createSecretBox, deriveKey, loadSecretBox, type SecretBox } from '../secrets.js';
import { connectPostgresStore, type PostgresStore } from './postgres-store.js';

export interface OpenPostgresOptions {
  url: string;
  /** MC2C_SECRET_KEY. Every process sharing the database needs the same key. */
  secretKey?: string;
  /** Where to find (or make) secret.key when no secretKey is given. */
  dataDir?: string;
  clock: Clock;
  logger: Logger;
}

/** The entry point open-store.ts loads for a postgres:// URL. */
export async function openPostgresStore(options: OpenPostgresOptions): Promise<PostgresStore> {
  const { secretKey, dataDir, logger } = options;
  let secrets: SecretBox;
  if (secretKey !== undefined && secretKey !== '') {
    secrets = createSecretBox(deriveKey(secretKey));
  } else if (dataDir !== undefined) {
    logger.warn('no MC2C_SECRET_KEY: using the key file in the data directory; every process sharing the database needs the same key');
    await prepareDataDir(dataDir, logger);
    secrets = await loadSecretBox({ dataDir, logger });
  } else {
    throw new AppError('secrets.key', 'MC2C_SECRET_KEY is required with --db: every process sharing the database must use the same key');
  }
  return connectPostgresStore({ url: options.url, secrets, clock: options.clock, logger });
}
