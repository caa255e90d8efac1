import { afterEach, describe, expect, it } from 'vitest';
import type { DataType } from '../../model/message.js';
import { expectedEvents, heldMessagesAt, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { canon, drain, JumpClock, keysOf, makeClient, T0 } from './test-helpers.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const VOLUME: SimulatorOptions = { seed: 7, dlpPerHour: 30, auditPerHour: 20, holdPerHour: 12 };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, extra: SimulatorOptions = {}): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, ...extra, host: '127.0.0.1', port: 0, now: () => clock.now() });
  return sim;
}

const records = (dataType: DataType, from: number, to: number) => expectedEvents(VOLUME, dataType, from, to).map((e) => e.record);

describe.each([
  ['dlp', 50],
  ['auditEvent', 40],
] as const)('%s pager against the simulator', (dataType, pageSize) => {
  it('pages through a multi-page set and returns every event exactly once', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const result = await drain(makeClient(s.url, clock, { startTime: '-2d', pageSize }).pager(dataType));
    const expected = records(dataType, T0 - 48 * HOUR, T0 - MINUTE);
    expect(expected.length).toBeGreaterThan(pageSize * 5);
    expect(result.calls).toBeGreaterThan(5);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(expected));
    expect(new Set(keysOf(result.events)).size).toBe(result.events.length);
    for (const e of result.events) expect(JSON.parse(e.raw)).toEqual(e.data);
  });

  // Regression: a peer kept page tokens only in memory; after a restart it re-read days of data.
  it('resumes from any saved cursor with exactly the rest, in a fresh client', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const full = await drain(makeClient(s.url, clock, { startTime: '-1d', pageSize }).pager(dataType));
    expect(full.calls).toBeGreaterThan(3);
    for (const i of [0, Math.floor(full.calls / 2), full.calls - 2]) {
      const before = s.stats().eventsServed[dataType] ?? 0;
      const rest = await drain(makeClient(s.url, clock, { startTime: '-1d', pageSize }).pager(dataType), full.cursors[i]);
      expect(keysOf(rest.events)).toEqual(keysOf(full.events).slice(full.delivered[i]));
      // Nothing already delivered is fetched again (the saved page token is used, not the window start).
      expect((s.stats().eventsServed[dataType] ?? 0) - before).toBe(full.events.length - full.delivered[i]);
    }
  });

  // Regression: a peer's cursor did not advance when nothing was new, so every poll stored the same events again.
  it('returns nothing on a poll with nothing new, then only the new events', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-6h', pageSize }).pager(dataType);
    const first = await drain(pager);
    const idle = await drain(pager, first.cursor);
    expect(idle.events).toEqual([]);
    clock.advance(3 * HOUR);
    const later = await drain(pager, idle.cursor);
    expect(canon(later.events.map((e) => e.data))).toEqual(canon(records(dataType, T0 - MINUTE, T0 + 3 * HOUR - MINUTE)));
    expect(later.events.length).toBeGreaterThan(0);
    const all = [...keysOf(first.events), ...keysOf(later.events)];
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('hold queue pager', () => {
  /** The queue as the simulator lists it at `at` for messages received in [from, to). */
  const queue = (at: number, from: number, to: number) => heldMessagesAt(VOLUME, at).filter((e) => e.time >= from && e.time < to);

  it('emits each held message once, by id, across polls of a changing queue', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const pager = makeClient(s.url, clock, { startTime: '-7d', pageSize: 10 }).pager('holdMessageList');
    const first = await drain(pager);
    const expectedFirst = queue(T0, T0 - 7 * 24 * HOUR, T0 - MINUTE);
    expect(expectedFirst.length).toBeGreaterThan(30);
    expect(first.calls).toBeGreaterThan(3);
    expect(canon(first.events.map((e) => e.data))).toEqual(canon(expectedFirst.map((e) => e.record)));

    const again = await drain(pager, first.cursor);
    expect(again.events).toEqual([]);

    clock.advance(5 * HOUR);
    const later = await drain(pager, again.cursor);
    const firstIds = new Set(expectedFirst.map((e) => e.key));
    const newlyHeld = queue(T0 + 5 * HOUR, T0 - 7 * 24 * HOUR, T0 + 5 * HOUR - MINUTE).filter((e) => !firstIds.has(e.key));
    expect(newlyHeld.length).toBeGreaterThan(0);
    expect(canon(later.events.map((e) => e.data))).toEqual(canon(newlyHeld.map((e) => e.record)));
    expect(later.events.every((e) => e.dedupeKey === `holdMessageList:id:${e.data.id}`)).toBe(true);
    // Released messages leave the cursor, so it stays the size of the queue.
    expect((later.cursor?.known as string[] | undefined)?.length).toBe(
      queue(T0 + 5 * HOUR, T0 - 7 * 24 * HOUR, T0 + 5 * HOUR - MINUTE).length,
    );
  });

  it('keeps the request dates of a scan while the clock moves between its pages', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    // A start beyond the 30-day queue span is clamped relative to "now", which moves between pages.
    const result = await drain(makeClient(s.url, clock, { startTime: '-60d', pageSize: 10 }).pager('holdMessageList'), undefined, {
      between: () => clock.advance(10 * MINUTE),
    });
    expect(result.calls).toBeGreaterThan(3);
    const at = T0 + 10 * MINUTE;
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(queue(at, at - 30 * 24 * HOUR, at - MINUTE).map((e) => e.record)));
  });
});
