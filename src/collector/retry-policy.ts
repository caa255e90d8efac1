import { fullJitterDelay } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import type { ClassifiedFailure } from './classify.js';

/** Retryable failures are retried for this long after the first failure of a streak, then the source stays in Error. */
export const RETRY_BUDGET_MS = 90 * 60_000;

/** After the budget, a store outage (a disk still full) is retried this often for as long as it lasts. */
export const OUTAGE_RETRY_MS = 5 * 60_000;

export interface RetryPolicyOptions {
  budgetMs?: number;
  /** Default OUTAGE_RETRY_MS. */
  outageRetryMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
}

export type RetryDecision = { action: 'retry'; delayMs: number; retriesUntil: number } | { action: 'stop' };

/**
 * One streak of consecutive failures of a source: exponential backoff with full jitter (or the wait the
 * upstream asked for), inside a total time budget that starts at the streak's first failure, then, for a
 * store outage only, one try every `outageRetryMs` for as long as it lasts. A success ends the streak, so the
 * next failure gets a fresh budget.
 */
export class RetryPolicy {
  private readonly budgetMs: number;
  private readonly outageRetryMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;
  private streakStart: number | undefined;
  private attempts = 0;

  constructor(
    private readonly clock: Clock,
    options: RetryPolicyOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? RETRY_BUDGET_MS;
    this.outageRetryMs = options.outageRetryMs ?? OUTAGE_RETRY_MS;
    this.baseDelayMs = options.baseDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 5 * 60_000;
    this.random = options.random ?? Math.random;
  }

  /** When the current streak's budget runs out, or undefined with no failure streak. */
  get retriesUntil(): number | undefined {
    return this.streakStart === undefined ? undefined : this.streakStart + this.budgetMs;
  }

  onFailure(failure: ClassifiedFailure): RetryDecision {
    if (!failure.retryable) return { action: 'stop' };
    const now = this.clock.now();
    this.streakStart ??= now;
    const deadline = this.streakStart + this.budgetMs;
    if (now >= deadline) {
      if (!failure.outlastsBudget) return { action: 'stop' };
      // Each slow retry moves the deadline to itself: the state keeps saying "retrying", never "stopped".
      return { action: 'retry', delayMs: this.outageRetryMs, retriesUntil: now + this.outageRetryMs };
    }
    const backoff = fullJitterDelay(this.attempts, this.baseDelayMs, this.maxDelayMs, this.random);
    this.attempts += 1;
    const wanted = Math.max(backoff, failure.retryAfterMs ?? 0);
    // The last try happens at the deadline at the latest, so the budget is used but never exceeded.
    return { action: 'retry', delayMs: Math.min(wanted, deadline - now), retriesUntil: deadline };
  }

  onSuccess(): void {
    this.streakStart = undefined;
    this.attempts = 0;
  }
}
