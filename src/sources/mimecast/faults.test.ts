import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { expectedEvents, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { createRateLimiter } from './rate-limiter.js';
import { canon, type Drained, drain, JumpClock, keysOf, makeClient, T0 } from './test-helpers.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const VOLUME: SimulatorOptions = { seed: 5, dlpPerHour: 40, auditPerHour: 30, siemPerHour: 300 };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, extra: SimulatorOptions = {}, simTime = (t: number) => t): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, ...extra, host: '127.0.0.1', port: 0, now: () => simTime(clock.now()) });
  return sim;
}

const dlpRecords = (from: number, to: number) => canon(expectedEvents(VOLUME, 'dlp', from, to).map((e) => e.record));
const siemRecords = (from: number, to: number) => canon(expectedEvents(VOLUME, 'siem', from, to, 'stream').map((e) => e.record));
/**
 * Retries sleep, and sleeping moves the virtual clock, so later windows reach further: the expected set
 * runs up to the newest event received (the final cursor's `from`), inclusive.
 */
const upTo = (result: Drained) => (result.cursor?.from as number) + 1;

async function caught(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('expected an error');
}

describe('transient faults: every event still arrives exactly once', () => {
  it('gets one fresh token when the token expires mid-paging', async () => {
    const clock = new JumpClock(T0);
    // The simulator's clock runs five times as fast, so its tokens die before the client's refresh margin.
    const s = await start(clock, { faults: { tokenLifetimeSec: 120 } }, (t) => T0 + (t - T0) * 5);
    const result = await drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager('dlp'), undefined, {
      between: () => clock.advance(30_000),
    });
    expect(result.errors).toEqual([]);
    expect(canon(result.events.map((e) => e.data))).toEqual(dlpRecords(T0 - 6 * HOUR + 30_000, T0 + 30_000 - MINUTE));
    expect(s.stats().statuses['401']).toBeGreaterThan(0);
    expect(s.stats().tokenRequests).toBeGreaterThan(1);
  });

  // Regression: a peer dropped the page it got a 429 for and went on, silently losing data.
  it('waits out 429 storms from two clients of one credential', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { rateLimitRequests: 2, rateLimitWindowMs: 10_000 } });
    const [dlp, siem] = await Promise.all([
      drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager('dlp')),
      drain(makeClient(s.url, clock, { startTime: '-1h', pageSize: 40 }).pager('siem')),
    ]);
    expect(s.stats().rateLimited).toBeGreaterThan(0);
    expect(dlp.errors.concat(siem.errors).every((e) => e.code === 'mimecast.rateLimited')).toBe(true);
    expect(canon(dlp.events.map((e) => e.data))).toEqual(dlpRecords(T0 - 6 * HOUR, upTo(dlp)));
    expect(canon(siem.events.map((e) => e.data))).toEqual(siemRecords(T0 - HOUR, upTo(siem)));
  });

  it('slows down on X-RateLimit-Remaining when data types share one limiter, instead of hitting 429', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { rateLimitRequests: 4, rateLimitWindowMs: 10_000 } });
    const client = makeClient(s.url, clock, { startTime: '-6h', pageSize: 25, limiter: createRateLimiter(clock) });
    await Promise.all([drain(client.pager('dlp')), drain(client.pager('auditEvent'))]);
    expect(s.stats().requests.dlp + s.stats().requests.audit).toBeGreaterThan(8);
    expect(s.stats().rateLimited).toBe(0);
    expect(clock.slept).toBeGreaterThan(0);
  });

  it('retries 5xx answers', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { errorRate: 0.34, errorStatus: 503 } });
    const client = makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 });
    const [dlp, siem] = await Promise.all([drain(client.pager('dlp')), drain(client.pager('siem'))]);
    expect(s.stats().faults.errorRate).toBeGreaterThan(2);
    expect(canon(dlp.events.map((e) => e.data))).toEqual(dlpRecords(T0 - 6 * HOUR, upTo(dlp)));
    expect(canon(siem.events.map((e) => e.data))).toEqual(siemRecords(T0 - 6 * HOUR, upTo(siem)));
  });

  it('retries truncated bodies, listings and batch files', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { siemPerHour: 20, faults: { truncateRate: 0.3 } });
    const client = makeClient(s.url, clock, { startTime: '-25h', pageSize: 50 });
    const [dlp, siem] = await Promise.all([drain(client.pager('dlp')), drain(client.pager('siem'))]);
    expect(s.stats().faults.truncateRate).toBeGreaterThan(5);
    expect(canon(dlp.events.map((e) => e.data))).toEqual(dlpRecords(T0 - 25 * HOUR, upTo(dlp)));
    const ids = siem.events.map((e) => String(e.data.processingId));
    expect(new Set(ids).size).toBe(ids.length);
    const want = expectedEvents({ ...VOLUME, siemPerHour: 20 }, 'siem', T0 - 25 * HOUR, upTo(siem)).map((e) =>
      String(e.record.processingId),
    );
    expect(ids.sort()).toEqual(want.sort());
  });

  it('retries an HTTP 200 that carries fail[]', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { failRate: 0.3 } });
    const client = makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 });
    const [dlp, siem] = await Promise.all([drain(client.pager('dlp')), drain(client.pager('siem'))]);
    expect(s.stats().faults.failRate).toBeGreaterThan(2);
    expect(canon(dlp.events.map((e) => e.data))).toEqual(dlpRecords(T0 - 6 * HOUR, upTo(dlp)));
    expect(canon(siem.events.map((e) => e.data))).toEqual(siemRecords(T0 - 6 * HOUR, upTo(siem)));
  });

  it('lists a batch page again when its links expire between calls (and never sends them Authorization)', async () => {
    const clock = new JumpClock(T0);
    const volume = { ...VOLUME, siemPerHour: 20, batchUrlTtlSec: 60 };
    const s = await start(clock, volume);
    const first = T0 + 2 * MINUTE;
    const result = await drain(makeClient(s.url, clock, { startTime: '-25h', pageSize: 20 }).pager('siem'), undefined, {
      between: () => clock.advance(2 * MINUTE),
    });
    const batchCursor = result.cursors[0];
    expect(batchCursor.phase).toBe('batch');
    expect(batchCursor.from).toBe(first - 25 * HOUR);
    const until = batchCursor.until as number;
    const last = result.cursor?.from as number;
    const want = [
      ...expectedEvents(volume, 'siem', first - 25 * HOUR, until, 'batch'),
      ...expectedEvents(volume, 'siem', until, last + 1, 'stream'),
    ].map((e) => e.record);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(want));
    expect(s.stats().statuses['403']).toBeGreaterThan(0);
    expect(s.stats().statuses['400'] ?? 0).toBe(0);
  });
});

describe('faults the caller must see', () => {
  it('never skips a file whose fresh links are expired too: the error is retryable and the cursor can be retried', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { siemPerHour: 20, faults: { expiredBatchUrls: true } });
    const pager = makeClient(s.url, clock, { startTime: '-25h', pageSize: 50 }).pager('siem');
    const error = await caught(pager.next(undefined));
    expect([error.code, error.retryable, error.details?.expired]).toEqual(['mimecast.badResponse', true, true]);
    s.setFaults({ expiredBatchUrls: false });
    const result = await drain(pager);
    expect(result.events.length).toBeGreaterThan(0);
    const ids = keysOf(result.events);
    expect(new Set(ids).size).toBe(ids.length);
  });

  // Regression: peers took HTTP 200 with a failure inside for an empty success and moved their cursor.
  it('throws a 200 carrying fail[] instead of returning an empty page', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { failRate: 1 } });
    const client = makeClient(s.url, clock, { startTime: '-6h' });
    for (const type of ['dlp', 'siem'] as const) {
      const error = await caught(client.pager(type).next(undefined));
      expect([error.code, error.retryable, error.status]).toEqual(['mimecast.failResponse', true, 200]);
    }
  });

  it('reports wrong credentials and missing permissions as not retryable', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { forbidden: ['auditEvent'] } });
    const wrong = await caught(makeClient(s.url, clock, { clientSecret: 'nope' }).authenticate());
    expect([wrong.code, wrong.retryable, wrong.status]).toEqual(['mimecast.credentials', false, 401]);
    const forbidden = await caught(makeClient(s.url, clock).pager('auditEvent').next(undefined));
    expect([forbidden.code, forbidden.retryable, forbidden.status]).toEqual(['mimecast.forbidden', false, 403]);
    s.setFaults({ wrongCredentials: true });
    const revoked = await caught(makeClient(s.url, clock).pager('dlp').next(undefined));
    expect([revoked.code, revoked.retryable]).toEqual(['mimecast.credentials', false]);
  });

  it('turns a refused connection and a timeout into retryable network errors', async () => {
    const clock = new JumpClock(T0);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await caught(makeClient(`http://127.0.0.1:${port}`, clock).authenticate());
    expect([refused.code, refused.retryable]).toEqual(['mimecast.network', true]);

    const s = await start(clock, { faults: { delayMs: 400 } });
    const slow = await caught(makeClient(s.url, clock, { timeoutMs: 50 }).authenticate());
    expect([slow.code, slow.retryable, slow.details?.timedOut]).toEqual(['mimecast.network', true, true]);
  });

  it('stops waiting for the rate limit as soon as the caller aborts', async () => {
    // Real time here: the quota allows one call a minute, and the abort must end the wait long before.
    sim = await startSimulator({ ...VOLUME, host: '127.0.0.1', port: 0, faults: { rateLimitRequests: 1, rateLimitWindowMs: 60_000 } });
    const client = makeClient(sim.url, systemClock, { startTime: '-1h' });
    await client.authenticate();
    const controller = new AbortController();
    const pending = client.pager('dlp').next(undefined, controller.signal);
    setTimeout(() => controller.abort(), 50);
    const error = await caught(pending);
    expect(error.code).toBe('aborted');
    // The last call of the quota was being spread out, not sent.
    expect(sim.stats().requests.dlp ?? 0).toBe(0);
  });
});
