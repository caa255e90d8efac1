import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** The UI's session cookie: HttpOnly, SameSite=Strict, holding a signed access id and expiry. */
export const SESSION_COOKIE = 'mc2c_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface SessionService {
  /** A signed token for an access id that has just proved its key. */
  createSession(accessId: string): string;
  /** The access id of a valid, unexpired token; undefined otherwise. */
  verifySession(token: string): string | undefined;
  readonly ttlMs: number;
}

/**
 * Stateless signed sessions. The signing key lives only in this process's memory unless one is passed in,
 * so a restart signs everybody out (safe default: nothing session-related is ever written to disk).
 */
export function createSessionService(options: { clock: Clock; key?: Buffer; ttlMs?: number }): SessionService {
  const key = options.key ?? randomBytes(32);
  const ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    ttlMs,
    createSession(accessId) {
      const payload = Buffer.from(JSON.stringify({ a: accessId, e: options.clock.now() + ttlMs })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    verifySession(token) {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined) return undefined;
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
      try {
        const { a, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown; e?: unknown };
        if (typeof a !== 'string' || typeof e !== 'number' || e <= options.clock.now()) return undefined;
        return a;
      } catch {
        return undefined;
      }
    },
  };
}
