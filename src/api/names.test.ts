import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody, startTestApi, type TestApi } from './test-helpers.js';

let t: TestApi;
let collectorId: string;
let folderId: string;
let appUuid: string;

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: t.auth },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: response.statusCode, body: response.json() };
}

beforeAll(async () => {
  t = await startTestApi();
  collectorId = (await call('POST', '/api/v1/collectors', { collector: { name: 'Base' } })).body.collector.id;
  folderId = (await call('GET', '/api/v2/content/folders/personal')).body.id;
  appUuid = (await call('GET', '/api/v1/apps')).body.apps[0].uuid;
});
afterAll(async () => t?.close());

/** NUL, an ANSI colour escape, DEL, C1 controls (NEL, CSI), bidi override/isolate/marks, a line separator. */
const HOSTILE = [
  'a\u0000b',
  '\u001b[31mred',
  'x\u007f',
  'x\u0085',
  'x\u009b2J',
  'evil\u202etxt.exe',
  '\u2066x\u2069',
  'x\u200f',
  'x\u061c',
  'x\u2028y',
];

let count = 0;
/** A fresh collector or source name, so that accepted requests do not collide with each other. */
const fresh = () => `N${++count}`;

/** Every place the API takes a name: a request for a given name, and the field the 400 must name. */
const NAMED: { what: string; field: string; request: (name: string) => [string, unknown] }[] = [
  { what: 'collector name', field: 'name', request: (name) => ['/api/v1/collectors', { collector: { name } }] },
  {
    what: 'collector category',
    field: 'category',
    request: (category) => ['/api/v1/collectors', { collector: { name: fresh(), category } }],
  },
  {
    what: 'collector field name',
    field: 'fields',
    request: (key) => ['/api/v1/collectors', { collector: { name: fresh(), fields: { [key]: 'v' } } }],
  },
  { what: 'source name', field: 'config.name', request: (name) => [`/api/v1/collectors/${collectorId}/sources`, makeSourceBody({ name })] },
  {
    what: 'source category',
    field: 'config.category',
    request: (category) => [`/api/v1/collectors/${collectorId}/sources`, makeSourceBody({ name: fresh(), category })],
  },
  {
    what: 'source field name',
    field: 'config.fields',
    request: (key) => [`/api/v1/collectors/${collectorId}/sources`, makeSourceBody({ name: fresh(), fields: { [key]: 'v' } })],
  },
  {
    what: 'processing rule name',
    field: 'config.filters[0].name',
    request: (name) => [
      `/api/v1/collectors/${collectorId}/sources`,
      makeSourceBody({ name: fresh(), filters: [{ filterType: 'Include', name, regexp: '.*' }] }),
    ],
  },
  { what: 'folder name', field: 'name', request: (name) => ['/api/v2/content/folders', { name, parentId: folderId }] },
  {
    what: 'installed app name',
    field: 'name',
    request: (name) => [
      `/api/v1/apps/${appUuid}/install`,
      { name, destinationFolderId: folderId, dataSourceValues: { logsrc: '_sourceCategory=Mimecast' } },
    ],
  },
];

describe('names', () => {
  it('refuse control and bidirectional formatting characters with a 400 naming the field', async () => {
    for (const { what, field, request } of NAMED) {
      for (const name of HOSTILE) {
        const [url, body] = request(name);
        const res = await call('POST', url, body);
        const label = `${what} ${JSON.stringify(name)}`;
        expect(res.status, label).toBe(400);
        expect(res.body.code, label).toBe('createValidationError');
        expect(res.body.message, label).toMatch(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}: .*control characters`));
        // The refused text is not echoed back.
        expect(res.body.message, label).not.toContain(name);
      }
    }
    expect((await t.store.collectors.list()).map((c) => c.name)).toEqual(['Base']);
    expect(await t.store.sources.list(collectorId)).toHaveLength(0);
  });

  it('accept any other text, accents, scripts and emoji included', async () => {
    const name = 'Équipe 東京 — SOC 🚀';
    for (const { what, request } of NAMED) {
      const [url, body] = request(`${name} ${what}`.slice(0, 32));
      expect((await call('POST', url, body)).status, what).toBe(200);
    }
  });

  it('check a field name key for length too (TypeBox alone ignores record keys)', async () => {
    const empty = await call('POST', '/api/v1/collectors', { collector: { name: 'K', fields: { '': 'v' } } });
    expect(empty).toMatchObject({ status: 400, body: { message: 'fields: names must not be empty' } });
    const long = await call('POST', '/api/v1/collectors', { collector: { name: 'K', fields: { ['f'.repeat(129)]: 'v' } } });
    expect(long).toMatchObject({ status: 400, body: { message: 'fields: names must be at most 128 characters' } });
  });
});
