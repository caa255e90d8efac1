import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { classifyFailure } from './classify.js';
import { OUTAGE_RETRY_MS, RETRY_BUDGET_MS, RetryPolicy } from './retry-policy.js';

const upstream500 = () => classifyFailure(new AppError('mimecast.server', 'Internal error', { status: 500, retryable: true }));

describe('error classification', () => {
  it('sorts failures into the three health event types', () => {
    const creds = classifyFailure(new AppError('mimecast.credentials', 'Client credentials are invalid', { status: 401 }));
    expect(creds).toMatchObject({ type: 'ThirdPartyConfig', retryable: false, code: '401' });
    expect(classifyFailure(new AppError('mimecast.cursor', 'bad cursor')).type).toBe('ThirdPartyConfig');
    expect(classifyFailure(new AppError('mimecast.rateLimited', 'slow down', { status: 429 })).type).toBe('ThirdPartyGeneric');
    expect(classifyFailure(new AppError('mimecast.network', 'ECONNRESET')).retryable).toBe(true);
    const store = classifyFailure(new AppError('store.write', 'disk full'));
    expect(store).toMatchObject({ type: 'FirstPartyGeneric', retryable: true, code: 'store.write' });
    expect(classifyFailure(new Error('bug')).type).toBe('FirstPartyGeneric');
  });

  it('reads the wait an upstream asked for', () => {
    const f = classifyFailure(new AppError('mimecast.rateLimited', 'slow down', { status: 429, details: { retryAfterMs: 7000 } }));
    expect(f.retryAfterMs).toBe(7000);
  });
});

describe('retry policy', () => {
  it('never retries a config error', () => {
    const policy = new RetryPolicy(new ManualClock());
    expect(policy.onFailure(classifyFailure(new AppError('mimecast.credentials', 'bad')))).toEqual({ action: 'stop' });
  });

  it('backs off with growing ceilings, honours Retry-After and stops after 90 minutes', () => {
    const clock = new ManualClock();
    const start = clock.now();
    const policy = new RetryPolicy(clock, { random: () => 0.999 });
    const delays: number[] = [];
    let decision = policy.onFailure(upstream500());
    while (decision.action === 'retry') {
      expect(decision.retriesUntil).toBe(start + RETRY_BUDGET_MS);
      delays.push(decision.delayMs);
      clock.advance(decision.delayMs);
      decision = policy.onFailure(upstream500());
    }
    expect(clock.now()).toBe(start + RETRY_BUDGET_MS);
    expect(delays[0]).toBeLessThan(1000);
    expect(delays[1]).toBeGreaterThan(delays[0]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(5 * 60_000);

    const limited = new RetryPolicy(clock, { random: () => 0 });
    const wait = limited.onFailure(classifyFailure(new AppError('mimecast.rateLimited', 'x', { details: { retryAfterMs: 12_000 } })));
    expect(wait).toMatchObject({ action: 'retry', delayMs: 12_000 });
  });

  it('starts a fresh budget after a success', () => {
    const clock = new ManualClock();
    const policy = new RetryPolicy(clock);
    policy.onFailure(upstream500());
    clock.advance(RETRY_BUDGET_MS - 1000);
    policy.onSuccess();
    expect(policy.retriesUntil).toBeUndefined();
    clock.advance(60_000);
    const next = policy.onFailure(upstream500());
    expect(next).toMatchObject({ action: 'retry', retriesUntil: clock.now() + RETRY_BUDGET_MS });
  });

  it('retries a store outage every 5 minutes past the budget, for as long as it lasts, and starts over after a success', () => {
    const clock = new ManualClock();
    const start = clock.now();
    const policy = new RetryPolicy(clock, { random: () => 0.5 });
    const diskFull = () => classifyFailure(new AppError('store.write', 'ENOSPC', { retryable: true }));
    expect(diskFull().outlastsBudget).toBe(true);
    expect(upstream500().outlastsBudget).toBe(false);
    let decision = policy.onFailure(diskFull());
    while (decision.action === 'retry' && clock.now() < start + RETRY_BUDGET_MS + 24 * 3_600_000) {
      clock.advance(decision.delayMs);
      decision = policy.onFailure(diskFull());
    }
    // A day past the budget, still retrying, at the slow interval, with the deadline at the next try.
    expect(decision).toEqual({ action: 'retry', delayMs: OUTAGE_RETRY_MS, retriesUntil: clock.now() + OUTAGE_RETRY_MS });
    // A Mimecast failure in the same streak still stops at the budget.
    expect(policy.onFailure(upstream500())).toEqual({ action: 'stop' });
    policy.onSuccess();
    expect(policy.onFailure(diskFull())).toMatchObject({ action: 'retry', retriesUntil: clock.now() + RETRY_BUDGET_MS });
  });
});
