import { afterEach, describe, expect, it } from 'vitest';
import { expectedEvents, heldMessagesAt, type RunningSimulator, type SimulatorOptions, startSimulator } from '../../simulator/index.js';
import { canon, drain, JumpClock, makeClient, T0 } from './test-helpers.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const VOLUME: SimulatorOptions = { seed: 9, dlpPerHour: 20, holdPerHour: 10, siemPerHour: 200 };

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(clock: JumpClock): Promise<RunningSimulator> {
  sim = await startSimulator({ ...VOLUME, host: '127.0.0.1', port: 0, now: () => clock.now() });
  return sim;
}

/** A page token the API no longer accepts (expired, or issued before a change on its side). */
const REFUSED = 'eyJrIjoiZXhwaXJlZCJ9.AAAAAAAAAAAAAAAAAAAAAA';

describe('a page token the API refuses costs a re-read, never a gap or a stuck cursor', () => {
  it('dlp: reads the window again from its start', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const from = T0 - 6 * HOUR;
    const cursor = {
      v: 1,
      dataType: 'dlp',
      from,
      seen: [],
      window: { to: T0 - 2 * HOUR, capped: false, token: REFUSED, max: null, maxSeen: [] },
    };
    const result = await drain(makeClient(s.url, clock, { pageSize: 20 }).pager('dlp'), cursor);
    expect(s.stats().statuses['400']).toBe(1);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(expectedEvents(VOLUME, 'dlp', from, T0 - MINUTE).map((e) => e.record)));
  });

  it('siem stream: reads the window again from its start', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const from = T0 - 2 * HOUR;
    const cursor = {
      v: 1,
      dataType: 'siem',
      phase: 'stream',
      from,
      seen: [],
      window: { to: T0 - HOUR, capped: true, token: REFUSED, max: null, maxSeen: [] },
    };
    const result = await drain(makeClient(s.url, clock, { pageSize: 100 }).pager('siem'), cursor);
    expect(s.stats().statuses['400']).toBe(1);
    const want = expectedEvents(VOLUME, 'siem', from, T0 - MINUTE, 'stream').map((e) => e.record);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(want));
  });

  it('siem batch: lists the type again from its start', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const cursor = {
      v: 1,
      dataType: 'siem',
      phase: 'batch',
      from: T0 - 25 * HOUR,
      until: T0 - 23 * HOUR,
      seen: [],
      typeIndex: 0,
      listToken: REFUSED,
      fileIndex: 3,
    };
    const page = await makeClient(s.url, clock, { pageSize: 100 }).pager('siem').next(cursor);
    expect(s.stats().statuses['400']).toBe(1);
    expect(page.events.length).toBeGreaterThan(0);
    expect(page.events.every((e) => e.logType === 'receipt')).toBe(true);
  });

  it('hold queue: scans again, emitting each held message once', async () => {
    const clock = new JumpClock(T0);
    const s = await start(clock);
    const since = T0 - 7 * 24 * HOUR;
    const cursor = {
      v: 1,
      dataType: 'holdMessageList',
      since,
      known: [],
      scan: { start: since, end: T0 - 2 * HOUR, token: REFUSED, found: [] },
    };
    const result = await drain(makeClient(s.url, clock, { pageSize: 10 }).pager('holdMessageList'), cursor);
    expect(s.stats().statuses['400']).toBe(1);
    const queue = heldMessagesAt(VOLUME, T0).filter((e) => e.time >= since && e.time < T0 - MINUTE);
    expect(canon(result.events.map((e) => e.data))).toEqual(canon(queue.map((e) => e.record)));
  });
});
