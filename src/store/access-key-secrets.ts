import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** How an access key pair is made, hashed and checked (rules.ts builds the records on it). */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random text over letters and digits, without modulo bias. */
function randomText(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
  }
  return out;
}

/**
 * Keys are 64 random characters (~380 bits), so one salted SHA-256 is enough: there is nothing to
 * brute-force, and a fast hash keeps per-request Basic-auth checks cheap.
 */
function hashAccessKey(salt: string, accessKey: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(accessKey).digest('hex');
}

export function newAccessKeyPair(): { accessId: string; accessKey: string; salt: string; hash: string } {
  const accessKey = randomText(64);
  const salt = randomBytes(16).toString('hex');
  return { accessId: `su${randomText(12)}`, accessKey, salt, hash: hashAccessKey(salt, accessKey) };
}

export function accessKeyMatches(salt: string, hash: string, accessKey: string): boolean {
  const expected = Buffer.from(hash, 'hex');
  const actual = Buffer.from(hashAccessKey(salt, accessKey), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
