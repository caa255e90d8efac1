import { afterEach, describe, expect, it } from 'vitest';
import { expectedEvents } from './index.js';
import { startTestSim, type TestSim } from './test-support.js';

const PATH = '/siem/v1/events/cg';
const HOUR = 3_600_000;
let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

interface StreamPage {
  value: Record<string, unknown>[];
  '@nextPage': string;
  isCaughtUp: boolean;
  pageSize: number;
}

async function page(params: Record<string, string>): Promise<StreamPage> {
  const res = await t.get(PATH, params);
  expect(res.status).toBe(200);
  return (await res.json()) as StreamPage;
}

/** Follows @nextPage until isCaughtUp; returns every event and the last token. */
async function walk(first: Record<string, string>): Promise<{ events: Record<string, unknown>[]; token: string; pages: number }> {
  let p = await page(first);
  const events = [...p.value];
  let pages = 1;
  while (!p.isCaughtUp) {
    p = await page({ nextPage: p['@nextPage'] });
    events.push(...p.value);
    pages++;
  }
  return { events, token: p['@nextPage'], pages };
}

const iso = (ms: number) => new Date(ms).toISOString();

async function errorOf(params: Record<string, string>): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
  const res = await t.get(PATH, params);
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
}

describe('GET /siem/v1/events/cg', () => {
  it('walking every page returns exactly the expected events, in stream shape', async () => {
    t = await startTestSim({ siemPerHour: 600 });
    const from = t.now() - 2 * HOUR;
    const { events, pages } = await walk({ dateRangeStartsAt: iso(from), pageSize: '50' });
    const expected = expectedEvents(t.options, 'siem', from, t.now() + 1);
    expect(expected.length).toBeGreaterThan(500);
    expect(pages).toBeGreaterThan(10);
    expect(events.map((e) => e.processingId)).toEqual(expected.map((e) => e.key));
    expect(events[0]).toEqual(expected[0]?.record);
    expect(events[0]).toHaveProperty('eventType');
    expect(events[0]).toHaveProperty('subType');
    expect(events[0]).not.toHaveProperty('_offset');
  });

  it('filters by types and honours dateRangeEndsAt', async () => {
    t = await startTestSim();
    const from = t.now() - 6 * HOUR;
    const to = t.now() - 2 * HOUR;
    const { events } = await walk({ types: 'delivery,journal', dateRangeStartsAt: iso(from), dateRangeEndsAt: iso(to), pageSize: '100' });
    const expected = expectedEvents(t.options, 'siem', from, to).filter((e) => e.logType === 'delivery' || e.logType === 'journal');
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.processingId)).toEqual(expected.map((e) => e.key));
  });

  it('is deterministic by seed', async () => {
    t = await startTestSim({ seed: 11 });
    const params = { dateRangeStartsAt: iso(t.now() - HOUR), pageSize: '20' };
    const a = await page(params);
    await t.sim.close();
    t = await startTestSim({ seed: 11 });
    const b = await page(params);
    expect(b.value).toEqual(a.value);
    expect(b['@nextPage']).toBe(a['@nextPage']);
    await t.sim.close();
    t = await startTestSim({ seed: 12 });
    const c = await page(params);
    expect(c.value).not.toEqual(a.value);
  });

  it('live: a caught-up cursor picks up exactly the events that arrive as time passes', async () => {
    t = await startTestSim({ siemPerHour: 1200 });
    const from = t.now() - 10 * 60_000;
    const first = await walk({ dateRangeStartsAt: iso(from), pageSize: '100' });
    const before = t.now();
    t.advance(7 * 60_000 + 1234);
    let p = await page({ nextPage: first.token });
    const fresh = [...p.value];
    while (!p.isCaughtUp) {
      p = await page({ nextPage: p['@nextPage'] });
      fresh.push(...p.value);
    }
    const expected = expectedEvents(t.options, 'siem', before + 1, t.now() + 1);
    expect(expected.length).toBeGreaterThan(0);
    expect(fresh.map((e) => e.processingId)).toEqual(expected.map((e) => e.key));
  });

  it('answers 400 with the error body outside the 24-hour window and for stale cursors', async () => {
    t = await startTestSim();
    const old = await errorOf({ dateRangeStartsAt: iso(t.now() - 25 * HOUR) });
    expect(old.status).toBe(400);
    expect(old.body).toEqual({ error: { code: 'Request Validation Failed', message: expect.stringMatching(/24 hours/) } });
    const p = await page({ dateRangeStartsAt: iso(t.now() - HOUR), pageSize: '5' });
    t.advance(25 * HOUR);
    const stale = await t.get(PATH, { nextPage: p['@nextPage'] }, await t.token());
    expect(stale.status).toBe(400);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('Request Validation Failed');
  });

  it('answers 400 for malformed parameters', async () => {
    t = await startTestSim();
    const cases: Record<string, string>[] = [
      { dateRangeStartsAt: '2026-11-20' },
      { dateRangeStartsAt: 'yesterday' },
      { dateRangeStartsAt: '2026-02-30T00:00:00.000Z' },
      { pageSize: '0' },
      { pageSize: 'ten' },
      { pageSize: '100000' },
      { types: 'receipt,bogus' },
      { nextPage: 'not-a-token' },
      { dateRangeStartsAt: iso(t.now() - HOUR), dateRangeEndsAt: iso(t.now() - 2 * HOUR) },
    ];
    for (const params of cases) {
      const { status, body } = await errorOf(params);
      expect(status, JSON.stringify(params)).toBe(400);
      expect(body.error.code).toBe('Request Validation Failed');
    }
    expect((await fetch(`${t.sim.url}${PATH}`, { method: 'POST' })).status).toBe(405);
  });

  it('binds a page token to its request: another window or type set is refused', async () => {
    t = await startTestSim();
    const start = iso(t.now() - HOUR);
    const p = await page({ dateRangeStartsAt: start, types: 'receipt', pageSize: '5' });
    expect((await t.get(PATH, { nextPage: p['@nextPage'], dateRangeStartsAt: start, types: 'receipt' })).status).toBe(200);
    expect((await errorOf({ nextPage: p['@nextPage'], dateRangeStartsAt: iso(t.now() - 2 * HOUR) })).status).toBe(400);
    expect((await errorOf({ nextPage: p['@nextPage'], types: 'process' })).status).toBe(400);
    const forged = `${p['@nextPage'].slice(0, -3)}abc`;
    expect((await errorOf({ nextPage: forged })).status).toBe(400);
  });
});
