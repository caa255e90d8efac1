import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';

/** Failed key checks allowed per client address, and per access id, in one window. */
export const SIGN_IN_MAX_FAILURES = 5;
export const SIGN_IN_WINDOW_MS = 60_000;
/** How long a successful sign-in exempts its (access id, address) pair from the access id's lock. */
const TRUSTED_PAIR_MS = 12 * 3_600_000;
/** Entries kept per table; an attacker spraying addresses or ids cannot grow memory past this. */
const MAX_ENTRIES = 10_000;

export interface SignInThrottle {
  /** Throws `rate.limit.exceeded` (details.retryAfterSec) while the address or the access id is locked. */
  check(address: string, accessId: string): void;
  failed(address: string, accessId: string): void;
  succeeded(address: string, accessId: string): void;
}

interface Window {
  start: number;
  failures: number;
}

/** A table that drops expired entries, then the oldest, once it holds more than MAX_ENTRIES. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly expired: (value: V) => boolean) {
    super();
  }
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > MAX_ENTRIES) {
      for (const [k, v] of this) if (this.expired(v)) this.delete(k);
      for (const k of this.keys()) {
        if (this.size <= MAX_ENTRIES) break;
        this.delete(k);
      }
    }
    return this;
  }
}

/**
 * Throttles failed key checks (UI sign-in and HTTP Basic alike) per client address and per access id: after
 * SIGN_IN_MAX_FAILURES failures in a SIGN_IN_WINDOW_MS window, attempts are refused with 429 until that
 * window ends, without checking the key. Refused attempts do not count, so a lock never outlives its
 * window (`attempts` names them in the refusal). So that knowing someone's access id is not enough to lock them out, the access id's lock does
 * not apply to an address that has signed in as that id within the last 12 hours.
 */
export function createSignInThrottle(clock: Clock, attempts = 'sign-ins'): SignInThrottle {
  const windowEnd = (w: Window) => w.start + SIGN_IN_WINDOW_MS;
  const byAddress = new BoundedMap<Window>((w) => windowEnd(w) <= clock.now());
  const byAccessId = new BoundedMap<Window>((w) => windowEnd(w) <= clock.now());
  const trusted = new BoundedMap<number>((until) => until <= clock.now());
  const pair = (address: string, accessId: string) => `${accessId}\u0000${address}`;

  function lockedFor(table: Map<string, Window>, key: string): number | undefined {
    const w = table.get(key);
    if (!w || w.failures < SIGN_IN_MAX_FAILURES) return undefined;
    const left = windowEnd(w) - clock.now();
    return left > 0 ? Math.ceil(left / 1000) : undefined;
  }

  function count(table: Map<string, Window>, key: string): void {
    const now = clock.now();
    const w = table.get(key);
    if (!w || windowEnd(w) <= now) table.set(key, { start: now, failures: 1 });
    else w.failures += 1;
  }

  const refuse = (what: string, retryAfterSec: number) =>
    new AppError(
      'rate.limit.exceeded',
      `Too many failed ${attempts} ${what}: at most ${SIGN_IN_MAX_FAILURES} per minute; try again in ${retryAfterSec} s.`,
      { details: { retryAfterSec } },
    );

  return {
    check(address, accessId) {
      const addressLock = lockedFor(byAddress, address);
      if (addressLock !== undefined) throw refuse('from this address', addressLock);
      const idLock = lockedFor(byAccessId, accessId);
      const isTrusted = (trusted.get(pair(address, accessId)) ?? 0) > clock.now();
      if (idLock !== undefined && !isTrusted) throw refuse('for this access id', idLock);
    },
    failed(address, accessId) {
      count(byAddress, address);
      count(byAccessId, accessId);
    },
    succeeded(address, accessId) {
      trusted.set(pair(address, accessId), clock.now() + TRUSTED_PAIR_MS);
    },
  };
}
