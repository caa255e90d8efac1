import { afterEach, describe, expect, it } from 'vitest';
import { expectedEvents, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { canon, drain, JumpClock, makeClient, T0 } from './test-helpers.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock, volume: SimulatorOptions): Promise<RunningSimulator> {
  sim = await startSimulator({ ...volume, host: '127.0.0.1', port: 0, now: () => clock.now() });
  return sim;
}

const processingIds = (records: Record<string, unknown>[]) => records.map((r) => String(r.processingId));

describe('SIEM pager against the simulator', () => {
  const VOLUME: SimulatorOptions = { seed: 3, siemPerHour: 600 };

  it('pages through the stream and returns every event exactly once, as received', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const result = await drain(makeClient(s.url, clock, { startTime: '-3h', pageSize: 100 }).pager('siem'));
    const expected = expectedEvents(VOLUME, 'siem', T0 - 3 * HOUR, T0 - MINUTE, 'stream');
    expect(expected.length).toBeGreaterThan(1000);
    expect(result.calls).toBeGreaterThan(10);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(expected.map((e) => e.record)));
    expect(new Set(result.events.map((e) => e.dedupeKey)).size).toBe(result.events.length);
    for (const e of result.events) {
      expect(JSON.parse(e.raw)).toEqual(e.data);
      expect(e.logType).toBe(e.data.eventType);
      expect(e.time).toBe(e.data.timestamp);
    }
  });

  it('resumes from any saved stream cursor with exactly the rest', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const full = await drain(makeClient(s.url, clock, { startTime: '-2h', pageSize: 300 }).pager('siem'));
    for (const i of [0, Math.floor(full.calls / 2), full.calls - 2]) {
      const rest = await drain(makeClient(s.url, clock, { startTime: '-2h', pageSize: 300 }).pager('siem'), full.cursors[i]);
      expect(rest.events.map((e) => e.dedupeKey)).toEqual(full.events.slice(full.delivered[i]).map((e) => e.dedupeKey));
    }
  });
});

describe('SIEM batch/stream hand-over', () => {
  const VOLUME: SimulatorOptions = { seed: 11, siemPerHour: 24, batchUrlTtlSec: 900 };
  const boundary = T0 - 23 * HOUR;

  it('reads older data from batch files and hands over to the stream at one timestamp, no gap, no overlap', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const result = await drain(makeClient(s.url, clock, { startTime: '-26h', pageSize: 500 }).pager('siem'));
    const batchPart = expectedEvents(VOLUME, 'siem', T0 - 26 * HOUR, boundary, 'batch');
    const streamPart = expectedEvents(VOLUME, 'siem', boundary, T0 - MINUTE, 'stream');
    expect(batchPart.length).toBeGreaterThan(40);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon([...batchPart, ...streamPart].map((e) => e.record)));
    const ids = processingIds(result.events.map((e) => e.data));
    expect(new Set(ids).size).toBe(ids.length);
    // Batch events keep their batch spelling (type, _offset), stream events theirs (eventType): kept as received.
    for (const e of result.events) {
      if ((e.time as number) < boundary) expect(e.data._offset).toBeTypeOf('number');
      else expect(e.data.eventType).toBeTypeOf('string');
    }
    expect(s.stats().requests.batchFile).toBeGreaterThan(0);
  });

  it('sets aside batch files damaged for good or with a broken line, keeps the rest of those files, and hands over to the stream', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, { ...VOLUME, faults: { truncatedBatchFiles: true, brokenBatchLines: true } });
    const pager = makeClient(s.url, clock, { startTime: '-26h', pageSize: 500 }).pager('siem');
    const setAside: { url: string; reason: string }[] = [];
    const events: Record<string, unknown>[] = [];
    let cursor: Parameters<typeof pager.next>[0];
    for (let more = true; more; ) {
      const page = await pager.next(cursor);
      setAside.push(...(page.setAside ?? []));
      events.push(...page.events.map((e) => e.data));
      cursor = page.cursor;
      more = page.more;
    }
    expect(setAside.some((f) => /damaged or cut short/.test(f.reason))).toBe(true);
    expect(setAside.some((f) => f.reason === '1 lines are not JSON objects')).toBe(true);
    for (const f of setAside) expect(f.url).not.toContain('X-Amz-Signature');
    expect(cursor?.phase).toBe('stream');
    // Retries of the damaged files sleep and move the clock on: the stream reads up to then.
    const all = new Set(
      canon(
        [
          ...expectedEvents(VOLUME, 'siem', T0 - 26 * HOUR, boundary, 'batch'),
          ...expectedEvents(VOLUME, 'siem', boundary, clock.now(), 'stream'),
        ].map((e) => e.record),
      ),
    );
    const got = canon(events);
    expect(got.length).toBeGreaterThan(all.size / 2);
    expect(got.every((e) => all.has(e))).toBe(true);
  });

  it('resumes from a saved batch cursor with exactly the rest', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const full = await drain(makeClient(s.url, clock, { startTime: '-25h', pageSize: 500 }).pager('siem'));
    const batchCalls = full.cursors.filter((c) => c.phase === 'batch').length;
    for (const i of [Math.floor(batchCalls / 2)]) {
      expect(i).toBeGreaterThan(0);
      expect(full.cursors[i].phase).toBe('batch');
      const rest = await drain(makeClient(s.url, clock, { startTime: '-25h', pageSize: 500 }).pager('siem'), full.cursors[i]);
      expect(rest.events.map((e) => e.dedupeKey)).toEqual(full.events.slice(full.delivered[i]).map((e) => e.dedupeKey));
    }
  });

  // Regression: a peer's cursor jumped to "now" after an outage and silently skipped what it had missed.
  it('hands a stream cursor that fell out of the 24 hours back to batch instead of skipping ahead', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const pager = makeClient(s.url, clock, { startTime: '-1h', pageSize: 500 }).pager('siem');
    const first = await drain(pager);
    expect(first.cursor?.phase).toBe('stream');
    clock.advance(30 * HOUR);
    const later = await drain(pager, first.cursor);
    expect(later.cursors.some((c) => c.phase === 'batch')).toBe(true);
    const all = [...first.events, ...later.events].map((e) => e.data);
    const ids = processingIds(all);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = expectedEvents(VOLUME, 'siem', T0 - HOUR, T0 + 30 * HOUR - MINUTE, 'stream');
    expect([...ids].sort()).toEqual(processingIds(expected.map((e) => e.record)).sort());
  });

  it('moves a batch cursor that aged out of the 7 days up to the oldest data kept, instead of failing', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock, VOLUME);
    const pager = makeClient(s.url, clock, { pageSize: 500 }).pager('siem');
    const old = {
      v: 1,
      dataType: 'siem',
      phase: 'batch',
      from: T0 - 8 * 24 * HOUR,
      until: T0 - 6 * 24 * HOUR,
      seen: [],
      typeIndex: 9,
      fileIndex: 0,
    };
    const page = await pager.next(old);
    expect(page.cursor.from as number).toBeGreaterThanOrEqual(T0 - 7 * 24 * HOUR);
    expect(page.events.every((e) => (e.time as number) >= T0 - 7 * 24 * HOUR)).toBe(true);
    expect(page.events.length).toBeGreaterThan(0);
  });
});
