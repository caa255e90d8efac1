import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** Encrypts secrets (a source's clientSecret) at rest with AES-256-GCM. */
export interface SecretBox {
  /** `v1:` + base64(iv ‖ tag ‖ ciphertext). `context` (e.g. the source id) is bound as associated data. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export const SECRET_KEY_FILE = 'secret.key';

/**
 * Turns `MC2C_SECRET_KEY` into 32 key bytes: 64 hex digits or base64 of exactly 32 bytes are used as they are;
 * any other string is hashed with SHA-256 (convenient, but only as strong as the string).
 */
export function deriveKey(secret: string): Buffer {
  const trimmed = secret.trim();
  if (trimmed.length === 0) throw new AppError('secrets.key', 'MC2C_SECRET_KEY is empty');
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return createHash('sha256').update(trimmed, 'utf8').digest();
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new AppError('secrets.key', 'the secret key must be 32 bytes');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, context) {
      if (!sealed.startsWith('v1:')) throw new AppError('secrets.decrypt', 'unknown secret format');
      const bytes = Buffer.from(sealed.slice(3), 'base64');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new AppError(
          'secrets.decrypt',
          'a stored secret cannot be decrypted: is MC2C_SECRET_KEY (or secret.key) the one it was stored with?',
          {
            cause: error,
          },
        );
      }
    },
  };
}

/**
 * The key from `secretKey` (MC2C_SECRET_KEY, read by the config loader) or else from `<dataDir>/secret.key`,
 * created with mode 0600 on first start. A key file readable by others is used, with a warning.
 */
export async function loadSecretBox(options: { dataDir: string; secretKey?: string; logger: Logger }): Promise<SecretBox> {
  if (options.secretKey !== undefined && options.secretKey !== '') return createSecretBox(deriveKey(options.secretKey));
  const file = path.join(options.dataDir, SECRET_KEY_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new AppError('secrets.key', `cannot read ${file}`, { cause: error });
    text = randomBytes(32).toString('base64');
    try {
      await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
      await writeFile(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
    } catch (writeError) {
      if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AppError('secrets.key', `cannot create ${file}`, { cause: writeError });
      }
      text = await readFile(file, 'utf8');
    }
    await chmod(file, 0o600);
    options.logger.info('created the secret key file', { file });
  }
  const mode = (await stat(file)).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    options.logger.warn('the secret key file is readable by other users; run chmod 600 on it', { file, mode: mode.toString(8) });
  }
  return createSecretBox(deriveKey(text));
}
