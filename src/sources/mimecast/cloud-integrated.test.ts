import { afterEach, describe, expect, it } from 'vitest';
import { BATCH_INTERVAL_MS, ciEventsInRange, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { CI_TYPES } from './cloud-integrated.js';
import { type Drained, drain, JumpClock, keysOf, makeClient, T0 } from './test-helpers.js';

/** Cloud Integrated logs against the simulator's `/siem/v1/batch/events/ci` and its batch files. */
const HOUR = 3_600_000;
const VOLUME: SimulatorOptions = { seed: 21, ciPerHour: 40 };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, extra: SimulatorOptions = {}, simTime = (t: number) => t): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, ...extra, host: '127.0.0.1', port: 0, now: () => simTime(clock.now()) });
  return sim;
}

/** What a collection from `from` holds once the batch files up to `now` are listed: whole intervals only. */
function expected(from: number, now: number): string[] {
  const end = Math.floor(now / BATCH_INTERVAL_MS) * BATCH_INTERVAL_MS;
  return ciEventsInRange(VOLUME.seed ?? 0, VOLUME.ciPerHour ?? 0, from, end)
    .map((e) => e.line)
    .sort();
}
const got = (result: Drained) => result.events.map((e) => e.raw).sort();

describe('cloudIntegrated pager against the simulator', () => {
  it('lists each type and reads every file exactly once, with the identity of the line without _offset/_partition', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const result = await drain(makeClient(s.url, clock, { startTime: '-1d', pageSize: 100 }).pager('cloudIntegrated'));
    const want = expected(T0 - 24 * HOUR, T0);
    expect(want.length).toBeGreaterThan(500);
    expect(got(result)).toEqual(want);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    expect(new Set(result.events.map((e) => e.logType))).toEqual(new Set(CI_TYPES));
    const [e] = result.events;
    const { _offset, _partition, ...rest } = e.data;
    expect(_offset).toBeTypeOf('number');
    expect(e.dedupeKey.startsWith('cloudIntegrated:h:')).toBe(true);
    expect(e.time).toBe(rest.timestamp);
    expect(s.stats().requests.ciBatch).toBeGreaterThan(CI_TYPES.length);
  });

  it('resumes from any saved cursor with exactly the rest, in a fresh client', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const full = await drain(makeClient(s.url, clock, { startTime: '-8h', pageSize: 30 }).pager('cloudIntegrated'));
    expect(full.calls).toBeGreaterThan(4);
    for (const i of [0, Math.floor(full.calls / 3), Math.floor((2 * full.calls) / 3), full.calls - 2]) {
      const rest = await drain(makeClient(s.url, clock, { startTime: '-8h', pageSize: 30 }).pager('cloudIntegrated'), full.cursors[i]);
      expect(keysOf(rest.events)).toEqual(keysOf(full.events).slice(full.delivered[i]));
    }
  });

  it('keeps each type’s token when caught up: a later poll reads only the new files', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-6h', pageSize: 50 }).pager('cloudIntegrated');
    const first = await drain(pager);
    const idle = await drain(pager, first.cursor);
    expect(idle.events).toEqual([]);
    clock.advance(2 * HOUR);
    const later = await drain(pager, idle.cursor);
    expect(later.events.length).toBeGreaterThan(0);
    expect([...got(first), ...got(later)].sort()).toEqual(expected(T0 - 6 * HOUR, T0 + 2 * HOUR));
  });

  it('delivers every event exactly once through 5xx, truncated answers and files, and 200 with fail[]', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { errorRate: 0.2, errorStatus: 503, truncateRate: 0.2, failRate: 0.2 } });
    const result = await drain(makeClient(s.url, clock, { startTime: '-12h', pageSize: 20 }).pager('cloudIntegrated'));
    const faults = s.stats().faults;
    expect([faults.errorRate, faults.truncateRate, faults.failRate].every((n) => (n ?? 0) > 0)).toBe(true);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    // Retries sleep and move the clock: everything up to T0 arrived, and nothing but the simulator's events.
    const received = new Set(got(result));
    expect(expected(T0 - 12 * HOUR, T0).every((l) => received.has(l))).toBe(true);
    const possible = new Set(expected(T0 - 12 * HOUR, clock.now()));
    expect([...received].every((l) => possible.has(l))).toBe(true);
  });

  it('waits out 429s from two clients of one credential', async () => {
    const clock = new JumpClock(T0);
    // One request per window, and answers that take 20 ms: both clients' first requests (neither has seen the
    // budget yet) are then in the same window, whatever the order the shared clock's sleeps come in later.
    const s = await start(clock, { faults: { rateLimitRequests: 1, rateLimitWindowMs: 10_000, delayMs: 20 } });
    const [a, b] = await Promise.all(
      [0, 1].map(() => drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager('cloudIntegrated'))),
    );
    expect(s.stats().rateLimited).toBeGreaterThan(0);
    for (const result of [a, b]) {
      expect(result.errors.every((e) => e.code === 'mimecast.rateLimited')).toBe(true);
      const received = new Set(got(result));
      expect(expected(T0 - 6 * HOUR, T0).every((l) => received.has(l))).toBe(true);
      expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    }
  });

  it('gets a fresh token when the token expires mid-paging', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { tokenLifetimeSec: 120 } }, (t) => T0 + (t - T0) * 5);
    const result = await drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager('cloudIntegrated'), undefined, {
      between: () => clock.advance(30_000),
    });
    expect(result.errors).toEqual([]);
    expect(s.stats().statuses['401']).toBeGreaterThan(0);
    expect(s.stats().tokenRequests).toBeGreaterThan(1);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    expect(result.events.length).toBeGreaterThan(100);
  });

  it('sets aside a file damaged for good, and one with a broken line, and moves on', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { truncatedBatchFiles: true, brokenBatchLines: true } });
    const pager = makeClient(s.url, clock, { startTime: '-3h', pageSize: 500 }).pager('cloudIntegrated');
    const setAside: { url: string; reason: string; bytes?: Uint8Array }[] = [];
    let cursor: Parameters<typeof pager.next>[0];
    const events: string[] = [];
    for (let more = true; more; ) {
      const page = await pager.next(cursor);
      setAside.push(...(page.setAside ?? []));
      events.push(...page.events.map((e) => e.raw));
      cursor = page.cursor;
      more = page.more;
    }
    expect(s.stats().faults.truncatedBatchFiles).toBeGreaterThan(0);
    expect(s.stats().faults.brokenBatchLines).toBeGreaterThan(0);
    expect(setAside.some((f) => /damaged or cut short/.test(f.reason))).toBe(true);
    expect(setAside.some((f) => /1 lines are not JSON objects/.test(f.reason))).toBe(true);
    for (const f of setAside) expect(f.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__files\/[a-z0-9]+\/ci\/[a-z]+\/\d+\.json\.gz$/);
    // Each comes with its bytes for an operator: the cut-short gzip as sent, the text with its broken line.
    for (const f of setAside) expect(f.bytes?.byteLength).toBeGreaterThan(0);
    const damaged = setAside.find((f) => /damaged or cut short/.test(f.reason));
    expect([...(damaged?.bytes ?? new Uint8Array()).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    const broken = setAside.find((f) => /not JSON objects/.test(f.reason));
    const lines = Buffer.from(broken?.bytes ?? new Uint8Array())
      .toString('utf8')
      .trim()
      .split('\n');
    expect(lines.at(-1)).toBe('{"cut short');
    // Only the simulator's events arrived: the broken line is left out, the rest of its file kept.
    const whole = new Set(expected(T0 - 3 * HOUR, T0));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((l) => whole.has(l))).toBe(true);
  });

  it('reports a forbidden type as a non-retryable permission error', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { forbidden: ['cloudIntegrated'] } });
    const error = await makeClient(s.url, clock, { startTime: '-1h' })
      .pager('cloudIntegrated')
      .next(undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'mimecast.forbidden', retryable: false });
  });
});
