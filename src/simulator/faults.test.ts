import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultList } from './faults.js';
import { DEFAULT_FAULTS, expectedEvents } from './index.js';
import { startTestSim, T0, type TestSim } from './test-support.js';

const STREAM = '/siem/v1/events/cg';
const DLP = '/api/dlp/get-logs';
/** A small window keeps each DLP call cheap (the default window is 60 days). */
const RECENT = { data: [{ from: '2026-11-20T11:00:00+0000' }] };
let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

const admin = (path: string, body?: unknown) =>
  fetch(`${t.sim.url}/__admin/${path}`, body === undefined ? { method: 'POST' } : { method: 'POST', body: JSON.stringify(body) });

describe('rate limit', () => {
  it('serves 429 with reset headers once the budget of the window is spent, and recovers after it', async () => {
    t = await startTestSim({ faults: { rateLimitRequests: 3, rateLimitWindowMs: 10_000 } });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.post(DLP, RECENT);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('x-ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['2', '1', '0']);
    t.advance(4_000);
    const limited = await t.get(STREAM);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-reset')).toBe('6000');
    expect(limited.headers.get('retry-after')).toBe('6');
    expect(((await limited.json()) as { fail: { code: string }[] }).fail[0]?.code).toBe('TooManyRequests');
    t.advance(6_000);
    expect((await t.get(STREAM)).status).toBe(200);
    const stats = t.sim.stats();
    expect(stats.rateLimited).toBe(1);
    expect(stats.tokenRequests).toBe(1);
  });
});

describe('server errors, fail[] and truncation', () => {
  it('errorRate 0.5 fails every second data request, with each family’s error body', async () => {
    t = await startTestSim({ faults: { errorRate: 0.5, errorStatus: 503 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.get(STREAM)).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
    await t.post(DLP, RECENT);
    const apiError = await t.post(DLP, { data: [{ routes: ['inbound'] }] });
    expect(apiError.status).toBe(503);
    const body = (await apiError.json()) as { fail: { key: unknown; errors: { retryable: boolean }[] }[] };
    expect(body.fail[0]?.key).toEqual({ routes: ['inbound'] });
    expect(body.fail[0]?.errors[0]?.retryable).toBe(true);
    t.sim.setFaults({ errorRate: 0 });
    const sieme = await t.get(STREAM);
    expect(sieme.status).toBe(200);
    expect(t.sim.stats().faults.errorRate).toBe(3);
  });

  it('errorRate 1 fails everything: SIEM gets {"error":{…}}', async () => {
    t = await startTestSim({ faults: { errorRate: 1 } });
    const res = await t.get(STREAM);
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'InternalServerError', message: expect.any(String) } });
  });

  it('failRate answers 200 with a non-empty fail[]', async () => {
    t = await startTestSim({ faults: { failRate: 1 } });
    const api = await t.post(DLP, RECENT);
    expect(api.status).toBe(200);
    const env = (await api.json()) as { meta: { status: number }; data: unknown[]; fail: { errors: { code: string }[] }[] };
    expect(env.meta.status).toBe(200);
    expect(env.data).toEqual([]);
    expect(env.fail[0]?.errors[0]?.code).toBe('err_service_unavailable');
    const siem = await t.get(STREAM);
    expect(siem.status).toBe(200);
    expect(((await siem.json()) as { fail: unknown[] }).fail).toHaveLength(1);
  });

  it('truncateRate cuts the body mid-JSON but keeps status 200', async () => {
    t = await startTestSim({ faults: { truncateRate: 1 } });
    const res = await t.get(STREAM, { pageSize: '20' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"value":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
    expect(t.sim.stats().faults.truncateRate).toBe(1);
    expect(t.sim.stats().eventsServed.siem ?? 0).toBe(0);
  });

  it('delayMs still answers correctly and is counted', async () => {
    t = await startTestSim({ faults: { delayMs: 20 } });
    expect((await t.get(STREAM)).status).toBe(200);
    expect(t.sim.stats().faults.delayMs).toBe(2);
  });

  it('forbidden answers 403 app_forbidden for the listed data types only', async () => {
    t = await startTestSim({ faults: { forbidden: ['dlp'] } });
    const res = await t.post(DLP, RECENT);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ fail: [{ code: 'app_forbidden', message: 'Forbidden to perform the requested operation' }] });
    expect((await t.get(STREAM)).status).toBe(200);
  });
});

describe('admin routes', () => {
  it('POST /__admin/faults merges and returns the effective config; bad input is a 400', async () => {
    t = await startTestSim();
    const res = await admin('faults', { errorRate: 1, forbidden: ['siem'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...DEFAULT_FAULTS, errorRate: 1, forbidden: ['siem'] });
    expect((await t.get(STREAM)).status).toBe(403);
    expect((await (await fetch(`${t.sim.url}/__admin/faults`)).json()) as object).toMatchObject({ errorRate: 1 });
    await admin('faults', { errorRate: 0, forbidden: [] });
    expect((await t.get(STREAM)).status).toBe(200);
    for (const bad of [{ errorRate: 2 }, { nonsense: true }, { forbidden: ['mail'] }, [1]]) {
      const r = await admin('faults', bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/faults/);
    }
    expect(t.sim.faults().errorRate).toBe(0);
  });

  it('GET /__admin/stats counts per route and POST /__admin/reset-stats zeroes them', async () => {
    t = await startTestSim();
    await t.get(STREAM, { pageSize: '7' });
    await t.post(DLP, RECENT);
    const stats = (await (await fetch(`${t.sim.url}/__admin/stats`)).json()) as {
      requests: Record<string, number>;
      tokenRequests: number;
      eventsServed: Record<string, number>;
      statuses: Record<string, number>;
    };
    expect(stats.requests).toMatchObject({ token: 1, siemStream: 1, dlp: 1 });
    expect(stats.tokenRequests).toBe(1);
    expect(stats.eventsServed.siem).toBe(7);
    expect(stats.statuses['200']).toBe(3);
    await admin('reset-stats');
    const after = t.sim.stats();
    expect(after.requests).toEqual({});
    expect(after.tokenRequests).toBe(0);
    expect(after.eventsServed).toEqual({});
  });
});

describe('POST /__admin/pregenerate', () => {
  it('generates the SIEM minutes of a window ahead of serving them, which then serves the same events', async () => {
    t = await startTestSim({ siemPerHour: 3000 });
    const from = Math.floor((T0 - 10 * 60_000) / 60_000) * 60_000;
    const to = from + 5 * 60_000;
    const res = await admin(`pregenerate?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const expected = expectedEvents(t.options, 'siem', from, to);
    expect(expected.length).toBeGreaterThan(0);
    expect(await res.json()).toEqual({ events: expected.length, cached: true });
    const iso = (ms: number) => new Date(ms).toISOString();
    const page = await t.get(STREAM, { dateRangeStartsAt: iso(from), dateRangeEndsAt: iso(to), pageSize: '1000' });
    const served = ((await page.json()) as { value: Record<string, unknown>[] }).value;
    expect(served).toEqual(expected.map((e) => e.record));
  });

  it('refuses a missing, reversed or too long window', async () => {
    t = await startTestSim();
    for (const query of ['', `from=${T0}`, `from=${T0}&to=${T0 - 1}`, `from=${T0}&to=${T0 + 26 * 3_600_000}`, 'from=x&to=y']) {
      const res = await admin(`pregenerate?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/from|to/);
    }
  });
});

describe('CLI fault list', () => {
  it('parses name=value pairs with typed values and + lists', () => {
    expect(parseFaultList('errorRate=0.25,wrongCredentials,expiredBatchUrls=false,forbidden=dlp+siem,delayMs=5')).toEqual({
      errorRate: 0.25,
      wrongCredentials: true,
      expiredBatchUrls: false,
      forbidden: ['dlp', 'siem'],
      delayMs: 5,
    });
    expect(() => parseFaultList('errorRate=lots')).toThrow(/--faults\.errorRate/);
  });
});
