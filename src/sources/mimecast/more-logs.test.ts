import { afterEach, describe, expect, it } from 'vitest';
import type { DataType } from '../../model/message.js';
import { expectedEvents, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { canon, type Drained, drain, JumpClock, keysOf, makeClient, T0 } from './test-helpers.js';

/** The TTP, held-release and archive-search logs against the simulator: the same guarantees as DLP's. */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const VOLUME: SimulatorOptions = {
  seed: 11,
  ttpUrlPerHour: 30,
  ttpAttachmentPerHour: 25,
  ttpImpersonationPerHour: 20,
  heldReleasePerHour: 20,
  archiveSearchPerHour: 15,
};

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, extra: SimulatorOptions = {}, simTime = (t: number) => t): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, ...extra, host: '127.0.0.1', port: 0, now: () => simTime(clock.now()) });
  return sim;
}

const records = (dataType: DataType, from: number, to: number) => canon(expectedEvents(VOLUME, dataType, from, to).map((e) => e.record));
const got = (result: Drained) => canon(result.events.map((e) => e.data));
/** Retries sleep and move the virtual clock: the expected set runs up to the final cursor's `from`, inclusive. */
const upTo = (result: Drained) => (result.cursor?.from as number) + 1;

describe.each([
  ['ttpUrlLogs', 'ttpUrl', 'hash'],
  ['ttpAttachmentLogs', 'ttpAttachment', 'hash'],
  ['ttpImpersonationLogs', 'ttpImpersonation', 'id'],
  ['heldReleaseLogs', 'heldRelease', 'id'],
  ['archiveSearchLogs', 'archiveSearch', 'hash'],
] as const)('%s pager against the simulator', (dataType, route, identity) => {
  it('pages through a multi-page set and returns every event exactly once, named by id or content hash', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const result = await drain(makeClient(s.url, clock, { startTime: '-2d', pageSize: 40 }).pager(dataType));
    const expected = records(dataType, T0 - 48 * HOUR, T0 - MINUTE);
    expect(expected.length).toBeGreaterThan(40 * 5);
    expect(result.calls).toBeGreaterThan(5);
    expect(got(result)).toEqual(expected);
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    for (const e of result.events) {
      expect(JSON.parse(e.raw)).toEqual(e.data);
      expect(e.dedupeKey.startsWith(identity === 'id' ? `${dataType}:id:${e.data.id}` : `${dataType}:`)).toBe(true);
      expect(e.time).not.toBeNull();
    }
    expect(s.stats().requests[route]).toBe(result.calls);
  });

  it('resumes from any saved cursor with exactly the rest, in a fresh client', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const full = await drain(makeClient(s.url, clock, { startTime: '-1d', pageSize: 30 }).pager(dataType));
    expect(full.calls).toBeGreaterThan(3);
    for (const i of [0, Math.floor(full.calls / 2), full.calls - 2]) {
      const before = s.stats().eventsServed[dataType] ?? 0;
      const rest = await drain(makeClient(s.url, clock, { startTime: '-1d', pageSize: 30 }).pager(dataType), full.cursors[i]);
      expect(keysOf(rest.events)).toEqual(keysOf(full.events).slice(full.delivered[i]));
      expect((s.stats().eventsServed[dataType] ?? 0) - before).toBe(full.events.length - full.delivered[i]);
    }
  });

  it('returns nothing on a poll with nothing new, then only the new events', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-6h', pageSize: 30 }).pager(dataType);
    const first = await drain(pager);
    const idle = await drain(pager, first.cursor);
    expect(idle.events).toEqual([]);
    clock.advance(3 * HOUR);
    const later = await drain(pager, idle.cursor);
    expect(later.events.length).toBeGreaterThan(0);
    expect(got(later)).toEqual(records(dataType, T0 - MINUTE, T0 + 3 * HOUR - MINUTE));
    const all = [...keysOf(first.events), ...keysOf(later.events)];
    expect(new Set(all).size).toBe(all.length);
  });

  it('delivers every event exactly once through 5xx, truncated bodies and 200 with fail[]', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { errorRate: 0.2, errorStatus: 502, truncateRate: 0.2, failRate: 0.2 } });
    const result = await drain(makeClient(s.url, clock, { startTime: '-12h', pageSize: 20 }).pager(dataType));
    const faults = s.stats().faults;
    expect([faults.errorRate, faults.truncateRate, faults.failRate].every((n) => (n ?? 0) > 0)).toBe(true);
    expect(got(result)).toEqual(records(dataType, T0 - 12 * HOUR, upTo(result)));
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
  });

  it('waits out 429s from two clients of one credential', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { rateLimitRequests: 2, rateLimitWindowMs: 10_000 } });
    const [a, b] = await Promise.all([
      drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager(dataType)),
      drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager(dataType)),
    ]);
    expect(s.stats().rateLimited).toBeGreaterThan(0);
    expect(a.errors.concat(b.errors).every((e) => e.code === 'mimecast.rateLimited')).toBe(true);
    // Both clients read the same window; the later one may reach further as its retries moved the clock.
    for (const result of [a, b]) expect(got(result)).toEqual(records(dataType, T0 - 6 * HOUR, upTo(result)));
  });

  it('gets a fresh token when the token expires mid-paging', async () => {
    const clock = new JumpClock(T0);
    // The simulator's clock runs five times as fast, so its tokens die before the client's refresh margin.
    const s = await start(clock, { faults: { tokenLifetimeSec: 120 } }, (t) => T0 + (t - T0) * 5);
    const result = await drain(makeClient(s.url, clock, { startTime: '-6h', pageSize: 20 }).pager(dataType), undefined, {
      between: () => clock.advance(30_000),
    });
    expect(result.errors).toEqual([]);
    expect(s.stats().statuses['401']).toBeGreaterThan(0);
    expect(s.stats().tokenRequests).toBeGreaterThan(1);
    expect(got(result)).toEqual(records(dataType, T0 - 6 * HOUR + 30_000, T0 + 30_000 - MINUTE));
  });

  it('reports a forbidden type as a non-retryable permission error', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { faults: { forbidden: [dataType] } });
    const error = await makeClient(s.url, clock, { startTime: '-1h' })
      .pager(dataType)
      .next(undefined)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toMatchObject({ code: 'mimecast.forbidden', retryable: false });
  });
});
