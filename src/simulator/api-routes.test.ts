import { afterEach, describe, expect, it } from 'vitest';
import { expectedEvents, heldMessagesAt } from './index.js';
import { apiTime, startTestSim, type TestSim } from './test-support.js';

const DLP = '/api/dlp/get-logs';
const AUDIT = '/api/audit/get-audit-events';
const HOLD = '/api/gateway/get-hold-message-list';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

interface Envelope {
  meta: { status: number; pagination: { pageSize: number; totalCount?: number; next?: string; previous?: string } };
  data: Record<string, unknown>[];
  fail: { key: unknown; errors: { code: string; message: string; retryable: boolean }[] }[];
}

async function call(path: string, body: unknown): Promise<Envelope> {
  const res = await t.post(path, body);
  expect(res.status).toBe(200);
  const env = (await res.json()) as Envelope;
  expect(env.fail).toEqual([]);
  expect(env.meta.status).toBe(200);
  return env;
}

/** Pages through an /api/* route, re-sending the same data item with each token. */
async function walk(path: string, item: Record<string, unknown>, pageSize: number, unwrap: (env: Envelope) => Record<string, unknown>[]) {
  const records: Record<string, unknown>[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const env = await call(path, { meta: { pagination: token ? { pageSize, pageToken: token } : { pageSize } }, data: [item] });
    records.push(...unwrap(env));
    token = env.meta.pagination.next;
    pages++;
  } while (token);
  return { records, pages };
}

const dlpLogs = (env: Envelope) => (env.data[0] as { dlpLogs: Record<string, unknown>[] }).dlpLogs;
const flat = (env: Envelope) => env.data;

async function failOf(path: string, body: unknown): Promise<{ status: number; env: Envelope }> {
  const res = await t.post(path, body);
  return { status: res.status, env: (await res.json()) as Envelope };
}

describe('POST /api/dlp/get-logs', () => {
  it('pages newest first by default and oldest first on request, exactly the expected records', async () => {
    t = await startTestSim({ dlpPerHour: 6 });
    const from = t.now() - 2 * DAY;
    const to = t.now() - HOUR;
    const expected = expectedEvents(t.options, 'dlp', from, to).map((e) => e.record);
    expect(expected.length).toBeGreaterThan(150);
    const newest = await walk(DLP, { from: apiTime(from), to: apiTime(to) }, 40, dlpLogs);
    expect(newest.records).toEqual([...expected].reverse());
    expect(newest.pages).toBe(Math.ceil(expected.length / 40));
    const oldest = await walk(DLP, { from: apiTime(from), to: apiTime(to), oldestFirst: true }, 500, dlpLogs);
    expect(oldest.records).toEqual(expected);
    const first = await call(DLP, { meta: { pagination: { pageSize: 1 } }, data: [{ from: apiTime(from), to: apiTime(to) }] });
    expect(first.meta.pagination.totalCount).toBe(expected.length);
  });

  it('filters by routes and actions', async () => {
    t = await startTestSim({ dlpPerHour: 6 });
    const from = t.now() - DAY;
    const item = { from: apiTime(from), to: apiTime(t.now()), routes: ['outbound'], actions: ['hold'], oldestFirst: true };
    const { records } = await walk(DLP, item, 500, dlpLogs);
    const expected = expectedEvents(t.options, 'dlp', from, t.now())
      .map((e) => e.record)
      .filter((r) => r.route === 'outbound' && r.action === 'hold');
    expect(expected.length).toBeGreaterThan(0);
    expect(records).toEqual(expected);
  });

  it('continues from a token sent without data, and refuses a token reused with another window', async () => {
    t = await startTestSim({ dlpPerHour: 6 });
    const item = { from: apiTime(t.now() - DAY), to: apiTime(t.now()) };
    const first = await call(DLP, { meta: { pagination: { pageSize: 10 } }, data: [item] });
    const next = first.meta.pagination.next as string;
    const tokenOnly = await call(DLP, { meta: { pagination: { pageSize: 10, pageToken: next } } });
    const withData = await call(DLP, { meta: { pagination: { pageSize: 10, pageToken: next } }, data: [item] });
    expect(dlpLogs(tokenOnly)).toEqual(dlpLogs(withData));
    expect(dlpLogs(withData)).not.toEqual(dlpLogs(first));
    const other = { ...item, from: apiTime(t.now() - 2 * DAY) };
    const { status, env } = await failOf(DLP, { meta: { pagination: { pageSize: 10, pageToken: next } }, data: [other] });
    expect(status).toBe(400);
    expect(env.meta.status).toBe(400);
    expect(env.data).toEqual([]);
    expect(env.fail[0]?.key).toEqual(other);
    expect(env.fail[0]?.errors[0]).toEqual({ code: 'err_invalid_page_token', message: expect.any(String), retryable: false });
  });
});

describe('POST /api/audit/get-audit-events', () => {
  it('returns every event of the window newest first, each with a unique id', async () => {
    t = await startTestSim({ auditPerHour: 5 });
    const from = t.now() - 3 * DAY;
    const item = { startDateTime: apiTime(from), endDateTime: apiTime(t.now()) };
    const { records } = await walk(AUDIT, item, 50, flat);
    const expected = expectedEvents(t.options, 'auditEvent', from, t.now()).map((e) => e.record);
    expect(records).toEqual([...expected].reverse());
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect(Object.keys(records[0] ?? {}).sort()).toEqual(['auditType', 'category', 'eventInfo', 'eventTime', 'id', 'user']);
  });

  it('filters by categories and query', async () => {
    t = await startTestSim({ auditPerHour: 5 });
    const from = t.now() - 2 * DAY;
    const item = { startDateTime: apiTime(from), endDateTime: apiTime(t.now()), categories: ['authentication_logs'], query: 'failed' };
    const { records } = await walk(AUDIT, item, 100, flat);
    const expected = expectedEvents(t.options, 'auditEvent', from, t.now())
      .map((e) => e.record)
      .filter((r) => r.category === 'authentication_logs' && String(r.eventInfo).toLowerCase().includes('failed'))
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(records).toEqual(expected);
  });

  it('requires both dates and refuses a start beyond 60 days', async () => {
    t = await startTestSim();
    const end = apiTime(t.now());
    for (const item of [{ endDateTime: end }, { startDateTime: end }, { startDateTime: apiTime(t.now() - 61 * DAY), endDateTime: end }]) {
      const { status, env } = await failOf(AUDIT, { data: [item] });
      expect(status).toBe(400);
      expect(env.fail[0]?.errors[0]?.code).toMatch(/^err_validation_/);
      expect(env.fail[0]?.key).toEqual(item);
    }
  });
});

describe('POST /api/gateway/get-hold-message-list', () => {
  it('lists the current queue newest first; it changes as time passes', async () => {
    t = await startTestSim({ holdPerHour: 4, faults: { tokenLifetimeSec: 86_400 } });
    const { records } = await walk(HOLD, { admin: true }, 25, flat);
    const queue = heldMessagesAt(t.options, t.now()).map((e) => e.record);
    expect(queue.length).toBeGreaterThan(20);
    expect(records).toEqual([...queue].reverse());
    expect(records[0]).toMatchObject({
      route: 'INBOUND',
      from: { emailAddress: expect.any(String) },
      to: { emailAddress: expect.any(String) },
    });

    t.advance(6 * HOUR);
    const later = await walk(HOLD, { admin: true }, 500, flat);
    const laterIds = new Set(later.records.map((r) => r.id));
    const earlierIds = new Set(records.map((r) => r.id));
    expect([...earlierIds].some((id) => !laterIds.has(id))).toBe(true);
    expect([...laterIds].some((id) => !earlierIds.has(id))).toBe(true);
    expect(later.records.map((r) => r.id)).toEqual(
      heldMessagesAt(t.options, t.now())
        .map((e) => e.key)
        .reverse(),
    );
  });

  it('searchBy narrows the queue to matching messages', async () => {
    t = await startTestSim({ holdPerHour: 4 });
    const queue = heldMessagesAt(t.options, t.now()).map((e) => e.record as { id: string; reasonCode: string });
    const code = queue[0]?.reasonCode ?? '';
    const { records } = await walk(HOLD, { admin: true, searchBy: { fieldName: 'reason_code', value: code } }, 500, flat);
    const expected = queue.filter((r) => r.reasonCode === code).map((r) => r.id);
    expect(expected.length).toBeLessThan(queue.length);
    expect(records.map((r) => r.id).sort()).toEqual(expected.sort());
  });

  it('without admin:true lists nothing (the API application has no mailbox)', async () => {
    t = await startTestSim();
    const env = await call(HOLD, { data: [{}] });
    expect(env.data).toEqual([]);
  });
});

describe('malformed /api/* requests', () => {
  it('answers 400 with the documented fail body', async () => {
    t = await startTestSim();
    const cases: [string, unknown, string][] = [
      [DLP, '{not json', 'err_request_malformed'],
      [DLP, [], 'err_request_malformed'],
      [DLP, { meta: { pagination: { pageSize: 10 } } }, 'err_validation_blank'],
      [DLP, { data: [{ from: 'last tuesday' }] }, 'err_validation_date_format'],
      [DLP, { data: [{ routes: ['sideways'] }] }, 'err_validation_invalid_value'],
      [DLP, { meta: { pagination: { pageSize: 5000 } }, data: [{}] }, 'err_validation_page_size'],
      [DLP, { meta: { pagination: { pageToken: 'forged' } }, data: [{}] }, 'err_invalid_page_token'],
      [AUDIT, { data: [{ startDateTime: '2026-11-20', endDateTime: apiTime(t.now()) }] }, 'err_validation_date_format'],
      [HOLD, { data: [{ admin: 'yes' }] }, 'err_validation_invalid_value'],
    ];
    for (const [path, body, code] of cases) {
      const { status, env } = await failOf(path, body);
      expect(status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(env.meta).toEqual({ status: 400 });
      expect(env.data).toEqual([]);
      expect(env.fail[0]?.errors[0]).toEqual({ code, message: expect.any(String), retryable: false });
    }
  });

  it('answers 405 for the wrong method and 404 for unknown paths', async () => {
    t = await startTestSim();
    const get = await t.get(DLP);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const missing = await t.post('/api/nothing/here', { data: [{}] });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { fail: unknown[] }).fail).toHaveLength(1);
  });
});
