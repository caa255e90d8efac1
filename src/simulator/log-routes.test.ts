import { afterEach, describe, expect, it } from 'vitest';
import { expectedEvents } from './index.js';
import { apiTime, startTestSim, type TestSim } from './test-support.js';

/** The TTP, held-release and archive-search log routes over real HTTP. */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const VOLUME = { ttpUrlPerHour: 8, ttpAttachmentPerHour: 8, ttpImpersonationPerHour: 8, heldReleasePerHour: 8, archiveSearchPerHour: 8 };

let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

interface Envelope {
  meta: { status: number; pagination: { pageSize: number; totalCount?: number; next?: string } };
  data: Record<string, unknown>[];
  fail: { key: unknown; errors: { code: string; message: string; retryable: boolean }[] }[];
}

async function post(path: string, body: unknown): Promise<{ status: number; env: Envelope }> {
  const res = await t.post(path, body);
  return { status: res.status, env: (await res.json()) as Envelope };
}

const ROUTES = [
  ['/api/ttp/url/get-logs', 'ttpUrlLogs', 'clickLogs', 'from', 'to', true],
  ['/api/ttp/attachment/get-logs', 'ttpAttachmentLogs', 'attachmentLogs', 'from', 'to', true],
  ['/api/ttp/impersonation/get-logs', 'ttpImpersonationLogs', 'impersonationLogs', 'from', 'to', true],
  ['/api/gateway/get-held-release-logs', 'heldReleaseLogs', 'heldReleaseLogs', 'start', 'end', false],
  ['/api/archive/get-archive-search-logs', 'archiveSearchLogs', 'logs', 'start', 'end', false],
] as const;

describe.each(ROUTES)('POST %s', (path, dataType, wrapper, fromField, toField, oldestFirst) => {
  const records = (env: Envelope) => (env.data[0] as Record<string, Record<string, unknown>[]>)[wrapper] ?? [];

  async function walk(item: Record<string, unknown>, pageSize: number) {
    const out: Record<string, unknown>[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { status, env } = await post(path, {
        meta: { pagination: token ? { pageSize, pageToken: token } : { pageSize } },
        data: [item],
      });
      expect([status, env.fail]).toEqual([200, []]);
      out.push(...records(env));
      token = env.meta.pagination.next;
      pages++;
    } while (token);
    return { records: out, pages };
  }

  it(`pages the window newest first${oldestFirst ? ', oldest first on request' : ''}: exactly the expected records`, async () => {
    t = await startTestSim(VOLUME);
    const from = t.now() - 2 * DAY;
    const to = t.now() - HOUR;
    const expected = expectedEvents(t.options, dataType, from, to).map((e) => e.record);
    expect(expected.length).toBeGreaterThan(200);
    const newest = await walk({ [fromField]: apiTime(from), [toField]: apiTime(to) }, 50);
    expect(newest.records).toEqual([...expected].reverse());
    expect(newest.pages).toBe(Math.ceil(expected.length / 50));
    if (oldestFirst) {
      const oldest = await walk({ [fromField]: apiTime(from), [toField]: apiTime(to), oldestFirst: true }, 500);
      expect(oldest.records).toEqual(expected);
    }
    expect(t.sim.stats().eventsServed[dataType]).toBe(expected.length * (oldestFirst ? 2 : 1));
  });

  it('refuses bad dates, a reversed window and a token reused with another window', async () => {
    t = await startTestSim(VOLUME);
    const item = { [fromField]: apiTime(t.now() - DAY), [toField]: apiTime(t.now()) };
    const bad = await post(path, { data: [{ ...item, [fromField]: 'yesterday' }] });
    expect([bad.status, bad.env.fail[0]?.errors[0]?.code]).toEqual([400, 'err_validation_date_format']);
    const reversed = await post(path, { data: [{ [fromField]: item[toField], [toField]: item[fromField] }] });
    expect([reversed.status, reversed.env.fail[0]?.errors[0]?.code]).toEqual([400, 'err_validation_date_range']);
    const first = await post(path, { meta: { pagination: { pageSize: 5 } }, data: [item] });
    const next = first.env.meta.pagination.next as string;
    expect(next).toEqual(expect.any(String));
    const other = { ...item, [fromField]: apiTime(t.now() - 2 * DAY) };
    const reused = await post(path, { meta: { pagination: { pageSize: 5, pageToken: next } }, data: [other] });
    expect([reused.status, reused.env.fail[0]?.errors[0]?.code, reused.env.data]).toEqual([400, 'err_invalid_page_token', []]);
  });
});

describe('log route filters', () => {
  it('the TTP URL log filters by scanResult and the impersonation log counts its results', async () => {
    t = await startTestSim(VOLUME);
    const from = t.now() - DAY;
    const item = { from: apiTime(from), to: apiTime(t.now()), scanResult: 'malicious', oldestFirst: true };
    const { status, env } = await post('/api/ttp/url/get-logs', { meta: { pagination: { pageSize: 500 } }, data: [item] });
    const expected = expectedEvents(t.options, 'ttpUrlLogs', from, t.now())
      .map((e) => e.record)
      .filter((r) => r.scanResult === 'malicious');
    expect(expected.length).toBeGreaterThan(0);
    expect([status, env.data[0]?.clickLogs]).toEqual([200, expected]);
    const bad = await post('/api/ttp/url/get-logs', { data: [{ ...item, scanResult: 'dirty' }] });
    expect([bad.status, bad.env.fail[0]?.errors[0]?.code]).toEqual([400, 'err_validation_invalid_value']);
    const imp = await post('/api/ttp/impersonation/get-logs', { meta: { pagination: { pageSize: 7 } }, data: [{ from: apiTime(from) }] });
    expect(imp.env.data[0]?.resultCount).toBe(7);
  });
});
