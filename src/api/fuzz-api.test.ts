import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../simulator/random.js';
import { makeSourceBody, startTestApi, type TestApi } from './test-helpers.js';

/**
 * Seeded fuzz of the request bodies that reach validation, rules and the query parser: valid bodies with
 * random edits (values swapped for hostile ones, members dropped or added, nesting deepened). Whatever the
 * body, the answer is a 2xx or a 4xx with an error code, never a 5xx, and the server keeps answering.
 */

const HOSTILE: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  2 ** 53 + 1,
  '',
  ' ',
  '\u0000',
  'a\u202eb',
  '\u001b[31mred',
  'é💥',
  'x'.repeat(5000),
  '('.repeat(10_000),
  'not '.repeat(10_000),
  '"',
  '\\',
  '{{v}}',
  '(.)',
  '(x*)',
  '.*',
  '[',
  '*',
  '-1',
  '1e20',
  [],
  {},
  [[[]]],
  { a: { b: { c: {} } } },
  ['siem', 'siem'],
];

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels deep. */
function deep(depth: number, object: boolean): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = object ? { a: v } : [v];
  return v;
}

function hostile(rng: Rng): unknown {
  if (rng.chance(0.05)) return deep(rng.between(50, 3000), rng.chance(0.5));
  if (rng.chance(0.1)) return rng.pick(['(', 'not ', 'a or ', '!', 'abs(', '-']).repeat(rng.between(10, 20_000));
  return rng.pick(HOSTILE);
}

/** A copy of `value` with one to four random edits. */
function mutate(value: unknown, rng: Rng): unknown {
  let out = structuredClone(value);
  const edits = rng.between(1, 4);
  for (let i = 0; i < edits; i++) out = edit(out, rng, 0);
  return out;
}

function edit(value: unknown, rng: Rng, depth: number): unknown {
  if (value === null || typeof value !== 'object' || rng.chance(0.15 + depth * 0.1)) return hostile(rng);
  if (Array.isArray(value)) {
    if (value.length === 0 || rng.chance(0.2)) return [...value, hostile(rng)];
    const i = rng.int(value.length);
    if (rng.chance(0.2)) return value.filter((_, k) => k !== i);
    return value.map((v, k) => (k === i ? edit(v, rng, depth + 1) : v));
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 0 || rng.chance(0.1))
    return { ...record, [rng.pick(['extra', '__proto__', 'constructor', 'x'.repeat(300)])]: hostile(rng) };
  const key = rng.pick(keys);
  if (rng.chance(0.15)) {
    const { [key]: _dropped, ...rest } = record;
    return rest;
  }
  return { ...record, [key]: edit(record[key], rng, depth + 1) };
}

let api: TestApi;
let collectorId: string;
let sourceId: string;
let folderId: string;
let appUuid: string;

async function send(method: 'POST' | 'PUT', url: string, payload: unknown): Promise<{ status: number; body: string }> {
  const res = await api.app.inject({
    method,
    url,
    headers: { authorization: api.auth, 'content-type': 'application/json', 'if-match': '*' },
    payload: JSON.stringify(payload) ?? 'null',
  });
  return { status: res.statusCode, body: res.body };
}

/** Runs `count` seeded cases; returns how many were accepted, after checking no answer was a 5xx. */
async function fuzz(seed: number, count: number, request: (rng: Rng, i: number) => Promise<{ status: number; body: string }>) {
  const rng = new Rng(seed);
  const failures: string[] = [];
  let accepted = 0;
  for (let i = 0; i < count; i++) {
    const { status, body } = await request(rng, i);
    if (status >= 500) failures.push(`case ${i}: ${status} ${body.slice(0, 200)}`);
    else if (status < 300) accepted++;
    else expect(JSON.parse(body)).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }
  expect(failures).toEqual([]);
  expect((await api.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  return accepted;
}

beforeAll(async () => {
  api = await startTestApi({ config: { apiRateLimitPerSec: 1_000_000 } });
  const collector = await send('POST', '/api/v1/collectors', { collector: { collectorType: 'Hosted', name: 'Fuzz' } });
  collectorId = JSON.parse(collector.body).collector.id;
  const source = await send('POST', `/api/v1/collectors/${collectorId}/sources`, makeSourceBody({ name: 'base' }));
  sourceId = JSON.parse(source.body).source.id;
  const personal = await api.app.inject({ url: '/api/v2/content/folders/personal', headers: { authorization: api.auth } });
  folderId = personal.json().id;
  const apps = await api.app.inject({ url: '/api/v1/apps', headers: { authorization: api.auth } });
  appUuid = apps.json().apps[0].uuid;
});
afterAll(() => api.close());

// Generous timeouts: an app install writes a whole app's dashboards, and CI shares two cores.
describe('API fuzz: thousands of seeded bodies, 0 × 5xx', { timeout: 120_000 }, () => {
  it('source bodies (POST and PUT)', async () => {
    const accepted = await fuzz(90101, 1200, (rng, i) => {
      const body = mutate(makeSourceBody({ name: `fuzz-${i}` }), rng);
      return i % 2 === 0
        ? send('POST', `/api/v1/collectors/${collectorId}/sources`, body)
        : send('PUT', `/api/v1/collectors/${collectorId}/sources/${sourceId}`, body);
    });
    expect(accepted).toBeGreaterThan(10);
  });

  it('rule-test bodies', async () => {
    const rule = { name: 'r', filterType: 'Mask', regexp: '"senderIp":"([^"]+)"', mask: '#####' };
    const sample = JSON.stringify({ senderIp: '10.0.0.1', subject: 'Quarterly report', recipients: 'bob@corp.example' });
    const accepted = await fuzz(90102, 3000, (rng) => {
      const base = { rule: { ...rule, filterType: rng.pick(['Include', 'Exclude', 'Mask', 'Hash']) }, sample, hashAlgorithm: 'MD5' };
      return send('POST', '/api/ui/processing-rules/test', mutate(base, rng));
    });
    expect(accepted).toBeGreaterThan(100);
  });

  it('library folder and app install bodies (data sources are scope expressions)', async () => {
    const accepted = await fuzz(90103, 1200, (rng, i) => {
      if (i % 8 !== 0) return send('POST', '/api/v2/content/folders', mutate({ name: `f${i}`, description: 'd', parentId: folderId }, rng));
      const logsrc = rng.chance(0.5) ? '_sourceCategory=Mimecast' : String(hostile(rng));
      const body = { name: `a${i}`, description: 'd', destinationFolderId: folderId, dataSourceValues: { logsrc } };
      return send('POST', `/api/v1/apps/${appUuid}/install`, rng.chance(0.7) ? mutate(body, rng) : body);
    });
    expect(accepted).toBeGreaterThan(10);
  });

  it('search job bodies and paging (queries, ranges, time zones)', async () => {
    const queries = ['* | count', '_sourceCategory=Mimecast | json "senderIp" as ip | count by ip', 'error | limit 5'];
    const accepted = await fuzz(90104, 1200, async (rng) => {
      const body = { query: rng.pick(queries), from: '-1h', to: 'now', timeZone: 'UTC', byReceiptTime: false };
      const created = await send('POST', '/api/v1/search/jobs', mutate(body, rng));
      if (created.status !== 202) return created;
      const { id } = JSON.parse(created.body);
      const page = `?offset=${String(hostile(rng))}&limit=${rng.pick(['10', '-1', '1e9', 'x', ''])}`;
      const read = await api.app.inject({ url: `/api/v1/search/jobs/${id}/messages${page}`, headers: { authorization: api.auth } });
      await api.app.inject({ method: 'DELETE', url: `/api/v1/search/jobs/${id}`, headers: { authorization: api.auth } });
      return read.statusCode >= 500 ? { status: read.statusCode, body: read.body } : created;
    });
    expect(accepted).toBeGreaterThan(50);
  });
});
