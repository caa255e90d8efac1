import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Store } from '../store.js';
import { connectPostgresStore } from './postgres-store.js';
import type { SecretCodec } from './records.js';

export { PostgresStore } from './postgres-store.js';

export interface OpenPostgresOptions {
  url: string;
  secretKey: Buffer | string;
  clock: Clock;
  logger: Logger;
}

function secretCodec(secretKey: Buffer | string): SecretCodec {
  const key = typeof secretKey === 'string' || secretKey.length !== 32 ? createHash('sha256').update(secretKey).digest() : secretKey;
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      const bytes = Buffer.from(sealed.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The entry point open-store.ts loads for a postgres:// URL. */
export async function openPostgresStore(options: OpenPostgresOptions): Promise<Store> {
  return connectPostgresStore({ url: options.url, secrets: secretCodec(options.secretKey), clock: options.clock, logger: options.logger });
}
