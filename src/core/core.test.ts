import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from './backoff.js';
import { ManualClock, systemClock } from './clock.js';
import { AppError, isErrorCode, toAppError, ValidationError } from './errors.js';

describe('fullJitterDelay', () => {
  it('stays within [0, min(cap, base * 2^attempt)]', () => {
    expect(fullJitterDelay(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(fullJitterDelay(20, 100, 10_000, () => 0.999)).toBe(9990);
    expect(fullJitterDelay(5, 100, 10_000, () => 0)).toBe(0);
  });
});

describe('ManualClock', () => {
  it('resolves sleeps only when time passes their deadline', async () => {
    const clock = new ManualClock(1000);
    let woke = false;
    const sleeping = clock.sleep(500).then(() => {
      woke = true;
    });
    clock.advance(499);
    await Promise.resolve();
    expect(woke).toBe(false);
    clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
    expect(clock.now()).toBe(1500);
  });

  it('rejects an aborted sleep with code aborted', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(10_000, controller.signal);
    controller.abort();
    await expect(sleeping).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('systemClock.sleep', () => {
  it('rejects at once when the signal is already aborted', async () => {
    await expect(systemClock.sleep(60_000, AbortSignal.abort())).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('errors', () => {
  it('names the field in validation messages and keeps codes stable', () => {
    const error = new ValidationError('config.clientID', 'is required');
    expect(error.message).toBe('config.clientID: is required');
    expect(error.code).toBe('createValidationError');
    expect(error.retryable).toBe(false);
  });

  it('wraps foreign errors without losing the message', () => {
    const wrapped = toAppError(new TypeError('boom'));
    expect(wrapped).toBeInstanceOf(AppError);
    expect(wrapped.code).toBe('internal');
    expect(wrapped.message).toBe('boom');
    const own = new AppError('notfound', 'y');
    expect(toAppError(own)).toBe(own);
  });

  it('recognises a code that arrives as data only when it is one of ours', () => {
    expect(isErrorCode('store.locked')).toBe(true);
    expect(isErrorCode('store.lockd')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });
});
