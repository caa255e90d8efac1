import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../core/clock.js';

/** The UI's session cookie: HttpOnly, SameSite=Strict, holding a signed session id, access id and expiry. */
export const SESSION_COOKIE = 'mc2c_session';
export const SESSION_TTL_MS = 12 * 3_600_000;

export interface SessionService {
  /** A signed token for an access id that has just proved its key. */
  createSession(accessId: string): string;
  /** The access id of a valid, unexpired, not revoked token; undefined otherwise. */
  verifySession(token: string): string | undefined;
  /** Sign-out: the token is refused from now on, even if replayed. Anything but a valid token is ignored. */
  revokeSession(token: string): void;
  readonly ttlMs: number;
}

interface Claims {
  id: string;
  accessId: string;
  expiresAt: number;
}

/**
 * Signed sessions with a server-side list of revoked ids. The signing key lives only in this process's
 * memory unless one is passed in, so a restart signs everybody out (nothing session-related is written to
 * disk), and a token is only ever valid on the process that issued it: that is why the revoked ids can stay
 * in memory too, even with several `serve` processes on one PostgreSQL database. A revoked id is kept until
 * the token would have expired anyway, so the list holds at most the sign-outs of the last 12 hours.
 */
export function createSessionService(options: { clock: Clock; key?: Buffer; ttlMs?: number }): SessionService {
  const key = options.key ?? randomBytes(32);
  const ttlMs = options.ttlMs ?? SESSION_TTL_MS;
  const revoked = new Map<string, number>();
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');

  function claims(token: string): Claims | undefined {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return undefined;
    const expected = Buffer.from(sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const { i, a, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { i?: unknown; a?: unknown; e?: unknown };
      if (typeof i !== 'string' || typeof a !== 'string' || typeof e !== 'number' || e <= options.clock.now()) return undefined;
      return { id: i, accessId: a, expiresAt: e };
    } catch {
      return undefined;
    }
  }

  return {
    ttlMs,
    createSession(accessId) {
      const claim = { i: randomBytes(16).toString('base64url'), a: accessId, e: options.clock.now() + ttlMs };
      const payload = Buffer.from(JSON.stringify(claim)).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    verifySession(token) {
      const session = claims(token);
      return session === undefined || revoked.has(session.id) ? undefined : session.accessId;
    },
    revokeSession(token) {
      const session = claims(token);
      if (session === undefined) return;
      const now = options.clock.now();
      for (const [id, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(id);
      revoked.set(session.id, session.expiresAt);
    },
  };
}
