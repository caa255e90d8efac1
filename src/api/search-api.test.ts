import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { toStoreMessage } from '../query/test-support.js';
import { basic, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi;
let otherKey: string;

beforeAll(async () => {
  api = await startTestApi({ clock: new ManualClock(DAY + 86_400_000), config: { searchLimits: { maxKeptJobsPerKey: 5 } } });
  await api.store.messages.append(MESSAGES.map(toStoreMessage));
  const other = await api.store.accessKeys.create('other');
  otherKey = basic(other.accessId, other.accessKey);
});
afterAll(() => api.close());

async function request(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, auth = api.auth) {
  const res = await api.app.inject({ method, url, payload: payload as object, headers: { authorization: auth } });
  return { status: res.statusCode, body: res.body ? res.json() : undefined };
}

async function finished(id: string) {
  for (let i = 0; i < 200; i++) {
    const { body } = await request('GET', `/api/v1/search/jobs/${id}`);
    if (body.state !== 'GATHERING RESULTS') return body;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the job did not finish');
}

describe('Search Job API', () => {
  it('runs the legacy seed query verbatim: create, poll, records, delete', async () => {
    const query =
      '_sourceCategory="mimecast_app" Delivered Dir | json "aCode","Delivered","UseTls" as a_code, delivered, use_tls nodrop | where delivered="true" | where use_tls="No" | count_distinct(a_code)';
    const created = await request('POST', '/api/v1/search/jobs', {
      query,
      from: '2026-11-20T00:00:00',
      to: '2026-11-21T00:00:00',
      timeZone: 'UTC',
      byReceiptTime: null,
      autoParsingMode: 'Manual',
    });
    expect(created.status).toBe(202);
    expect(created.body.link).toEqual({ rel: 'self', href: `/api/v1/search/jobs/${created.body.id}` });
    const status = await finished(created.body.id);
    expect(status).toMatchObject({ state: 'DONE GATHERING RESULTS', recordCount: 1, pendingErrors: [], pendingWarnings: [] });
    const records = await request('GET', `/api/v1/search/jobs/${created.body.id}/records?offset=0&limit=100`);
    expect(records.body).toEqual({
      fields: [{ name: '_count_distinct', fieldType: 'long', keyField: false }],
      records: [{ map: { _count_distinct: '2' } }],
    });
    expect((await request('DELETE', `/api/v1/search/jobs/${created.body.id}`)).status).toBe(200);
    expect((await request('GET', `/api/v1/search/jobs/${created.body.id}`)).status).toBe(404);
  });

  it('runs the keyword seed query with epoch ms bounds', async () => {
    const created = await request('POST', '/api/v1/search/jobs', {
      query: '_sourceCategory=x keyword | json "a" as a nodrop | where a="b" | count by a',
      from: DAY,
      to: DAY + 86_400_000,
    });
    await finished(created.body.id);
    const records = await request('GET', `/api/v1/search/jobs/${created.body.id}/records`);
    expect(records.body.records).toEqual([{ map: { a: 'b', _count: '2' } }]);
  });

  it('pages messages', async () => {
    const created = await request('POST', '/api/v1/search/jobs', {
      query: '_sourceName=dlp | json "policy"',
      from: DAY,
      to: DAY + 86_400_000,
    });
    const status = await finished(created.body.id);
    expect(status.messageCount).toBe(3);
    const page = await request('GET', `/api/v1/search/jobs/${created.body.id}/messages?offset=1&limit=1`);
    expect(page.body.messages).toHaveLength(1);
    expect(page.body.messages[0].map.policy).toBe('Content Inspection - Watermark');
    expect(page.body.fields.map((f: { name: string }) => f.name)).toContain('_raw');
  });

  it('answers 400 searchQueryError with the position for a query that does not parse', async () => {
    const res = await request('POST', '/api/v1/search/jobs', { query: '_sourceCategory=x | count by', from: DAY, to: DAY + 1000 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('searchQueryError');
    expect(res.body.message).toBe('line 1, column 29: unexpected end of query; expected a field to group by');
    expect(res.body.details).toEqual({ line: 1, column: 29, expected: 'a field to group by' });
    expect(res.body.id).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  });

  it('validates the body and finds no unknown job', async () => {
    const bad = await request('POST', '/api/v1/search/jobs', { from: DAY, to: DAY + 1000 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('query: is required');
    expect(bad.body.field).toBe('query');
    expect((await request('GET', '/api/v1/search/jobs/NOPE/records')).status).toBe(404);
  });

  it("answers 404 for another key's job, which stays its owner's", async () => {
    const created = await request('POST', '/api/v1/search/jobs', { query: '* | count', from: DAY, to: DAY + 86_400_000 });
    const job = `/api/v1/search/jobs/${created.body.id}`;
    await finished(created.body.id);
    for (const url of [job, `${job}/records`, `${job}/messages`]) {
      const res = await request('GET', url, undefined, otherKey);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('notfound');
    }
    expect((await request('DELETE', job, undefined, otherKey)).status).toBe(404);
    expect((await request('GET', `${job}/records`)).body.records).toEqual([{ map: { _count: '25' } }]);
    expect((await request('DELETE', job)).status).toBe(200);
  });

  it('refuses a job beyond the per-key cap with 429 and the Sumo error body; other keys still search', async () => {
    const fresh = await api.store.accessKeys.create('cap');
    const auth = basic(fresh.accessId, fresh.accessKey);
    const body = { query: '* | count', from: DAY, to: DAY + 86_400_000 };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await request('POST', '/api/v1/search/jobs', body, auth);
      expect(created.status).toBe(202);
      ids.push(created.body.id);
    }
    const refused = await request('POST', '/api/v1/search/jobs', body, auth);
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      status: 429,
      id: expect.stringMatching(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/),
      code: 'rate.limit.exceeded',
      message: 'search jobs: this access key holds 5 jobs, the most allowed is 5; delete the ones it has read',
    });
    expect((await request('POST', '/api/v1/search/jobs', body, otherKey)).status).toBe(202);
    await request('DELETE', `/api/v1/search/jobs/${ids[0]}`, undefined, auth);
    expect((await request('POST', '/api/v1/search/jobs', body, auth)).status).toBe(202);
  });

  it('answers 400 naming the parameter for paging numbers that are huge, negative or not whole', async () => {
    const created = await request('POST', '/api/v1/search/jobs', { query: '* | count', from: DAY, to: DAY + 86_400_000 });
    await finished(created.body.id);
    const job = `/api/v1/search/jobs/${created.body.id}`;
    const cases = [
      ['offset=-1', 'offset'],
      ['offset=1.5', 'offset'],
      ['offset=99999999999999999999999', 'offset'],
      ['offset=1e3', 'offset'],
      ['offset=1&offset=2', 'offset'],
      ['limit=10001', 'limit'],
      ['limit=abc', 'limit'],
      ['limit=9007199254740993', 'limit'],
    ];
    for (const [query, name] of cases) {
      for (const kind of ['messages', 'records']) {
        const res = await request('GET', `${job}/${kind}?${query}`);
        expect([query, res.status, res.body.message]).toEqual([query, 400, `${name}: must be an integer from 0 to 10000`]);
      }
    }
    expect((await request('GET', `${job}/records?offset=10000&limit=10000`)).body.records).toEqual([]);
    await request('DELETE', job);
  });
});
