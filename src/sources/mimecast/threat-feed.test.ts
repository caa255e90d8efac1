import { afterEach, describe, expect, it } from 'vitest';
import { FEED_TYPES, feedIndicators, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { type Drained, drain, JumpClock, keysOf, makeClient, T0 } from './test-helpers.js';

/** The threat-intel feed against the simulator: STIX bundles, the next-page header, "no result" as an empty end. */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const VOLUME: SimulatorOptions = { seed: 31, threatPerHour: 30 };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, extra: SimulatorOptions = {}, simTime = (t: number) => t): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, ...extra, host: '127.0.0.1', port: 0, now: () => simTime(clock.now()) });
  return sim;
}

/** Every STIX object both feeds hold in [from, to), as served. */
const expected = (from: number, to: number) =>
  FEED_TYPES.flatMap((f) => feedIndicators(VOLUME.seed ?? 0, VOLUME.threatPerHour ?? 0, f, from, to).map((x) => x.text)).sort();
const got = (result: Drained) => result.events.map((e) => e.raw).sort();
const end = (t: number) => Math.floor((t - MINUTE) / 1000) * 1000;

describe('threatIntelFeed pager against the simulator', () => {
  it('pages both feeds through the next-token header and returns every object once, with its indicator', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-2d' }).pager('threatIntelFeed');
    const indicators: string[] = [];
    const result = await drain({
      next: async (cursor, signal) => {
        const page = await pager.next(cursor, signal);
        for (const i of page.indicators ?? []) indicators.push(`${i.type}|${i.indicator}`);
        return page;
      },
    });
    const want = expected(T0 - 48 * HOUR, end(T0));
    expect(want.length).toBeGreaterThan(2000);
    expect(got(result)).toEqual(want);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    expect(indicators.length).toBe(result.events.length);
    expect(indicators.some((i) => i.startsWith("file:hashes.'SHA-256'|"))).toBe(true);
    for (const e of result.events) expect(e.dedupeKey).toBe(`threatIntelFeed:id:${e.data.id}|${e.data.modified}`);
    expect(s.stats().requests.threatFeed).toBeGreaterThan(2000 / 50);
  });

  it('resumes from any saved cursor with exactly the rest, in a fresh client', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const full = await drain(makeClient(s.url, clock, { startTime: '-10h' }).pager('threatIntelFeed'));
    expect(full.calls).toBeGreaterThan(6);
    for (const i of [0, Math.floor(full.calls / 3), Math.floor((2 * full.calls) / 3), full.calls - 2]) {
      const rest = await drain(makeClient(s.url, clock, { startTime: '-10h' }).pager('threatIntelFeed'), full.cursors[i]);
      expect(keysOf(rest.events)).toEqual(keysOf(full.events).slice(full.delivered[i]));
    }
  });

  it('takes an empty feed (err_threat_intel_feed_no_result_found) as nothing new, then reads only the new objects', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-3h' }).pager('threatIntelFeed');
    const first = await drain(pager);
    clock.advance(2 * MINUTE);
    const quiet = await drain(pager, first.cursor);
    expect(quiet.errors).toEqual([]);
    clock.advance(2 * HOUR);
    const later = await drain(pager, quiet.cursor);
    expect(later.events.length).toBeGreaterThan(0);
    expect([...got(first), ...got(quiet), ...got(later)].sort()).toEqual(expected(T0 - 3 * HOUR, end(T0 + 2 * HOUR + 2 * MINUTE)));
    expect(s.stats().statuses['200']).toBeGreaterThan(0);
  });

  it('delivers every object exactly once through 5xx, truncated bodies and 200 with fail[]', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, {
      faults: { errorRate: 0.2, errorStatus: 502, truncateRate: 0.2, failRate: 0.2 },
    });
    const result = await drain(makeClient(s.url, clock, { startTime: '-12h' }).pager('threatIntelFeed'));
    const faults = s.stats().faults;
    expect([faults.errorRate, faults.truncateRate, faults.failRate].every((n) => (n ?? 0) > 0)).toBe(true);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    const received = new Set(got(result));
    expect(expected(T0 - 12 * HOUR, end(T0)).every((x) => received.has(x))).toBe(true);
    const possible = new Set(expected(T0 - 12 * HOUR, clock.now()));
    expect([...received].every((x) => possible.has(x))).toBe(true);
  });

  it('waits out 429s from two clients of one credential', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { rateLimitRequests: 2, rateLimitWindowMs: 10_000 } });
    const results = await Promise.all([0, 1].map(() => drain(makeClient(s.url, clock, { startTime: '-6h' }).pager('threatIntelFeed'))));
    expect(s.stats().rateLimited).toBeGreaterThan(0);
    for (const result of results) {
      expect(result.errors.every((e) => e.code === 'mimecast.rateLimited')).toBe(true);
      const received = new Set(got(result));
      expect(expected(T0 - 6 * HOUR, end(T0)).every((x) => received.has(x))).toBe(true);
      expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    }
  });

  it('gets a fresh token when the token expires mid-paging', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { tokenLifetimeSec: 120 } }, (t) => T0 + (t - T0) * 5);
    const result = await drain(makeClient(s.url, clock, { startTime: '-6h' }).pager('threatIntelFeed'), undefined, {
      between: () => clock.advance(30_000),
    });
    expect(result.errors).toEqual([]);
    expect(s.stats().statuses['401']).toBeGreaterThan(0);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    expect(result.events.length).toBeGreaterThan(100);
  });

  it('reports a forbidden feed as a non-retryable permission error', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { forbidden: ['threatIntelFeed'] } });
    const error = await makeClient(s.url, clock, { startTime: '-1h' })
      .pager('threatIntelFeed')
      .next(undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'mimecast.forbidden', retryable: false });
  });
});
