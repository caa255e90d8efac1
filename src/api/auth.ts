import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { SESSION_COOKIE, type SessionService } from './session.js';
import { createSignInThrottle } from './sign-in-throttle.js';

/** How long a verified key (or a revocation) is trusted without asking the store again. */
const CACHE_MS = 10_000;

export interface Authenticator {
  /** The caller's access id, from Basic credentials or the session cookie; throws `unauthorized`. */
  authenticate(request: FastifyRequest): Promise<string>;
  /**
   * Checks an access id/key pair from a client address (the UI's sign-in uses it before creating a
   * session); throws `rate.limit.exceeded` while that address or access id has failed too often.
   */
  verifyKey(accessId: string, accessKey: string, address: string): Promise<boolean>;
  /** Drops what is cached about a key, so a disable or delete made by this process applies to its next request. */
  forget(accessId: string): void;
}

function parseCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Basic auth against the store's salted key hashes, cached briefly by a hash of the pair so a busy client
 * does not pay for a key derivation on every request. Failed checks are throttled per address and access
 * id (./sign-in-throttle.ts) whether they come from the UI's sign-in or a Basic header.
 */
export function createAuthenticator(store: Store, sessions: SessionService, clock: Clock): Authenticator {
  const verified = new Map<string, { accessId: string; until: number }>();
  const activeIds = new Map<string, { active: boolean; until: number }>();
  const throttle = createSignInThrottle(clock);

  async function verifyKey(accessId: string, accessKey: string, address: string): Promise<boolean> {
    throttle.check(address, accessId);
    const cacheKey = createHash('sha256').update(`${accessId}\u0000${accessKey}`).digest('base64');
    const cached = verified.get(cacheKey);
    if (cached !== undefined && cached.until > clock.now()) return true;
    const record = await store.accessKeys.verify(accessId, accessKey);
    if (!record) {
      throttle.failed(address, accessId);
      return false;
    }
    throttle.succeeded(address, accessId);
    if (verified.size > 10_000) verified.clear();
    verified.set(cacheKey, { accessId, until: clock.now() + CACHE_MS });
    return true;
  }

  async function isActive(accessId: string): Promise<boolean> {
    const cached = activeIds.get(accessId);
    if (cached && cached.until > clock.now()) return cached.active;
    const key = await store.accessKeys.get(accessId);
    const active = key !== undefined && !key.disabled;
    activeIds.set(accessId, { active, until: clock.now() + CACHE_MS });
    return active;
  }

  const unauthorized = () => new AppError('unauthorized', 'Credential could not be verified.');

  return {
    verifyKey,
    forget(accessId) {
      activeIds.delete(accessId);
      for (const [cacheKey, entry] of verified) if (entry.accessId === accessId) verified.delete(cacheKey);
    },
    async authenticate(request) {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
        if (!match) throw unauthorized();
        const decoded = Buffer.from(match[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon <= 0) throw unauthorized();
        const accessId = decoded.slice(0, colon);
        if (!(await verifyKey(accessId, decoded.slice(colon + 1), request.ip))) throw unauthorized();
        return accessId;
      }
      const token = parseCookie(request.headers.cookie, SESSION_COOKIE);
      const accessId = token === undefined ? undefined : sessions.verifySession(token);
      if (accessId === undefined || !(await isActive(accessId))) throw unauthorized();
      return accessId;
    },
  };
}

/** A fixed one-second window per access id: simple, and enough to stop a runaway script. */
export function createRateLimiter(limitPerSec: number, clock: Clock): (accessId: string) => void {
  const windows = new Map<string, { second: number; count: number }>();
  return (accessId) => {
    const second = Math.floor(clock.now() / 1000);
    const current = windows.get(accessId);
    if (!current || current.second !== second) {
      if (windows.size > 10_000) windows.clear();
      windows.set(accessId, { second, count: 1 });
      return;
    }
    current.count += 1;
    if (current.count > limitPerSec) {
      throw new AppError('rate.limit.exceeded', `Rate limit exceeded: at most ${limitPerSec} requests per second per access key.`);
    }
  };
}
