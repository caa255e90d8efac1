import type { Clock } from '../../core/clock.js';
import type { RateLimiter } from './types.js';

function header(headers: Headers, ...names: string[]): number | undefined {
  for (const name of names) {
    const raw = headers.get(name);
    if (raw === null) continue;
    const value = Number(raw.trim());
    if (Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

/** `X-RateLimit-Reset` is in milliseconds; Mimecast's own pages spell it both with and without the middle hyphen. */
export function rateLimitResetMs(headers: Headers): number | undefined {
  return header(headers, 'x-ratelimit-reset', 'x-rate-limit-reset');
}

function rateLimitRemaining(headers: Headers): number | undefined {
  return header(headers, 'x-ratelimit-remaining', 'x-rate-limit-remaining');
}

/** The calls left in the quota and the ms until it resets, when an answer says both. */
export function quotaOf(headers: Headers): { remaining: number; resetMs: number } | undefined {
  const remaining = rateLimitRemaining(headers);
  const resetMs = rateLimitResetMs(headers);
  return remaining === undefined || resetMs === undefined ? undefined : { remaining, resetMs };
}

/** When this few calls are left, calls are spread over the time until the quota resets. */
export const DEFAULT_LOW_WATER = 2;

/** `Retry-After` in seconds or as an HTTP date, in ms from `now`. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (raw === null) return undefined;
  const seconds = Number(raw.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RateLimiterOptions {
  /** Default DEFAULT_LOW_WATER. */
  lowWater?: number;
}

/**
 * One per credential. Waits out a 429's reset before any data type sends again, counts the calls left in
 * the quota (`X-RateLimit-Remaining`, less the calls sent since) so concurrent data types never overdraw
 * it, and spreads the last few calls over the time until the quota resets instead of running into the wall.
 */
export function createRateLimiter(clock: Clock, options: RateLimiterOptions = {}): RateLimiter {
  const lowWater = options.lowWater ?? DEFAULT_LOW_WATER;
  let notBefore = 0;
  /** Calls left in the current quota period as far as we know, and when that period ends. */
  let budget: number | undefined;
  let budgetUntil = 0;
  return {
    async acquire(signal) {
      for (;;) {
        const now = clock.now();
        if (budget !== undefined && now >= budgetUntil) budget = undefined;
        let wait = notBefore - now;
        if (wait <= 0 && budget !== undefined && budget <= 0) wait = budgetUntil - now;
        if (wait <= 0) {
          if (budget !== undefined) budget--;
          return;
        }
        await clock.sleep(wait, signal);
      }
    },
    observe(headers) {
      const quota = quotaOf(headers);
      if (quota === undefined) return;
      const { remaining, resetMs: reset } = quota;
      const now = clock.now();
      // Answers to calls sent earlier may arrive late: within one period, the lowest count is the truth.
      budget = budget !== undefined && now < budgetUntil ? Math.min(budget, remaining) : remaining;
      budgetUntil = now + reset;
      if (remaining <= 0) notBefore = Math.max(notBefore, now + reset);
      else if (remaining <= lowWater) notBefore = Math.max(notBefore, now + Math.ceil(reset / (remaining + 1)));
    },
    blockFor(waitMs) {
      notBefore = Math.max(notBefore, clock.now() + Math.max(0, waitMs));
    },
  };
}
