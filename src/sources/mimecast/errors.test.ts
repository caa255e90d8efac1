import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { parseFailure } from './errors.js';
import { checkFailInside, errorForStatus } from './http.js';
import { createRateLimiter, rateLimitResetMs, retryAfterMs } from './rate-limiter.js';

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  text: body === undefined ? '' : JSON.stringify(body),
});

describe('error bodies', () => {
  it('reads all three shapes', () => {
    expect(parseFailure({ fail: [{ code: 'InvalidClientIdentifier', message: 'Client credentials are invalid' }] })).toEqual({
      code: 'InvalidClientIdentifier',
      message: 'Client credentials are invalid',
      retryable: undefined,
    });
    expect(parseFailure({ error: { code: 'Request Validation Failed', message: 'bad date' } })?.code).toBe('Request Validation Failed');
    expect(
      parseFailure({ meta: { status: 200 }, data: [], fail: [{ errors: [{ code: 'err_x', message: 'm', retryable: true }], key: {} }] }),
    ).toEqual({
      code: 'err_x',
      message: 'm',
      retryable: true,
    });
    expect(parseFailure({ meta: { status: 200 }, data: [], fail: [] })).toBeUndefined();
  });

  it('maps statuses to codes and retryability', () => {
    const cases: [number, string, boolean][] = [
      [401, 'mimecast.credentials', false],
      [403, 'mimecast.forbidden', false],
      [418, 'mimecast.forbidden', false],
      [400, 'mimecast.badRequest', false],
      [429, 'mimecast.rateLimited', true],
      [500, 'mimecast.server', true],
      [503, 'mimecast.server', true],
    ];
    for (const [status, code, retryable] of cases) {
      const error = errorForStatus(answer(status, { fail: [{ code: 'x', message: 'y' }] }), 'route', 0);
      expect([status, error.code, error.retryable, error.status]).toEqual([status, code, retryable, status]);
    }
  });

  it('takes the longest wait a 429 names, in either header spelling', () => {
    expect(errorForStatus(answer(429, undefined, { 'X-RateLimit-Reset': '2500' }), 'r', 0).details?.retryAfterMs).toBe(2500);
    expect(errorForStatus(answer(429, undefined, { 'X-Rate-Limit-Reset': '700' }), 'r', 0).details?.retryAfterMs).toBe(700);
    expect(errorForStatus(answer(429, undefined, { 'Retry-After': '3', 'X-RateLimit-Reset': '1000' }), 'r', 0).details?.retryAfterMs).toBe(
      3000,
    );
    expect(errorForStatus(answer(429, undefined), 'r', 0).details?.retryAfterMs).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(rateLimitResetMs(new Headers({ 'x-ratelimit-reset': 'soon' }))).toBeUndefined();
  });

  // Regression: peers took HTTP 200 with a failure inside for success and moved on.
  it('refuses a 200 that carries fail[] or a meta.status other than 200', () => {
    const failing = { meta: { status: 200 }, data: [], fail: [{ errors: [{ code: 'err_validation', message: 'bad', retryable: false }] }] };
    expect(() => checkFailInside(failing, 'r')).toThrowError(expect.objectContaining({ code: 'mimecast.failResponse', retryable: false }));
    expect(() => checkFailInside({ meta: { status: 403 }, data: [] }, 'r')).toThrowError(
      expect.objectContaining({ code: 'mimecast.failResponse', retryable: false }),
    );
    expect(() => checkFailInside({ meta: { status: 500 }, data: [] }, 'r')).toThrowError(expect.objectContaining({ retryable: true }));
    expect(() => checkFailInside({ meta: { status: 200 }, data: [], fail: [] }, 'r')).not.toThrow();
    expect(() => checkFailInside({ value: [], isCaughtUp: true }, 'r')).not.toThrow();
  });
});

describe('rate limiter', () => {
  it('holds every caller until a blocked quota resets, and paces when few calls are left', async () => {
    const clock = new ManualClock(0);
    const limiter = createRateLimiter(clock);
    limiter.observe(new Headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5000' }));
    let released = false;
    const waiting = limiter.acquire().then(() => {
      released = true;
    });
    clock.advance(4999);
    await Promise.resolve();
    expect(released).toBe(false);
    clock.advance(1);
    await waiting;
    expect(released).toBe(true);

    limiter.observe(new Headers({ 'x-rate-limit-remaining': '1', 'x-rate-limit-reset': '6000' }));
    let paced = false;
    const next = limiter.acquire().then(() => {
      paced = true;
    });
    clock.advance(2999);
    await Promise.resolve();
    expect(paced).toBe(false);
    clock.advance(1);
    await next;
    expect(paced).toBe(true);
  });
});
