import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../core/test-until.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let t: TestApi;
let folder: string;
beforeAll(async () => {
  t = await startTestApi();
  folder = (await call('GET', '/api/v2/content/folders/personal')).body.id;
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: Record<string, unknown>) {
  const response = await t.app.inject({ method, url, headers: { authorization: t.auth }, payload });
  return { status: response.statusCode, body: response.body === '' ? null : response.json() };
}

function upload(id: string, csv: string, merge: boolean) {
  const boundary = 'mc2cBoundary';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/lookupTables/${id}/upload?merge=${merge}`,
    headers: { authorization: t.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}

const definition = () => ({
  name: 'Owners',
  description: 'who owns which address',
  fields: [
    { fieldName: 'ip', fieldType: 'string' },
    { fieldName: 'owner', fieldType: 'string' },
    { fieldName: 'risk', fieldType: 'int' },
  ],
  primaryKeys: ['ip'],
  ttl: 0,
  sizeLimitAction: 'DeleteOldData',
  parentFolderId: folder,
});

describe('Lookup Tables API', () => {
  it('creates a table, uploads CSV as a job, merges, edits and deletes rows, truncates and deletes it', async () => {
    const created = await call('POST', '/api/v1/lookupTables', definition());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Owners', primaryKeys: ['ip'], sizeLimitAction: 'DeleteOldData', parentFolderId: folder });
    expect(created.body.contentPath).toMatch(/^\/Library\/Users\/[^/]+\/Owners$/);
    const id = created.body.id as string;
    expect((await call('POST', '/api/v1/lookupTables', definition())).body.code).toBe('DuplicateResourceName');
    // A library item: listed in its folder.
    expect((await call('GET', `/api/v2/content/folders/${folder}`)).body.children).toContainEqual({
      id,
      name: 'Owners',
      itemType: 'Lookups',
      description: 'who owns which address',
    });

    const first = await upload(id, 'ip,owner,risk\n10.0.0.1,ann,3\n10.0.0.2,"bob, jr",\n', false);
    expect(first.statusCode).toBe(200);
    const job = await call('GET', `/api/v1/lookupTables/jobs/${first.json().id}/status`);
    expect(job.body).toMatchObject({ status: 'Success', contentId: id, requestType: 'UploadLookupTable' });
    expect((await upload(id, 'owner,ip,risk\ncy,10.0.0.3,1\nann2,10.0.0.1,4\n', true)).statusCode).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body).toEqual({
      total: 3,
      rows: [
        { ip: '10.0.0.1', owner: 'ann2', risk: '4' },
        { ip: '10.0.0.2', owner: 'bob, jr', risk: '' },
        { ip: '10.0.0.3', owner: 'cy', risk: '1' },
      ],
    });

    const row = [
      { columnName: 'ip', columnValue: '10.0.0.9' },
      { columnName: 'owner', columnValue: 'dee' },
      { columnName: 'risk', columnValue: '9' },
    ];
    expect((await call('PUT', `/api/v1/lookupTables/${id}/row`, { row })).status).toBe(204);
    expect(
      (await call('POST', `/api/v1/lookupTables/${id}/deleteTableRow`, { row: [{ columnName: 'ip', columnValue: '10.0.0.2' }] })).status,
    ).toBe(204);
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body.total).toBe(3);
    expect((await call('PUT', `/api/v1/lookupTables/${id}`, { ttl: 60, description: 'changed' })).body).toMatchObject({
      ttl: 60,
      description: 'changed',
    });

    expect((await call('POST', `/api/v1/lookupTables/${id}/truncate`)).status).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body).toEqual({ total: 0, rows: [] });
    expect((await call('DELETE', `/api/v1/lookupTables/${id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/lookupTables/${id}`)).status).toBe(404);
    expect((await call('GET', `/api/v2/content/folders/${folder}`)).body.children.map((c: { id: string }) => c.id)).not.toContain(id);
  });

  it('refuses bad definitions and bad CSV naming the field, or the row and column, and stores nothing of it', async () => {
    const badKey = await call('POST', '/api/v1/lookupTables', { ...definition(), name: 'x', primaryKeys: ['nope'] });
    expect(badKey).toMatchObject({ status: 400, body: { message: 'primaryKeys[0]: is not one of the fields' } });
    const badType = await call('POST', '/api/v1/lookupTables', {
      ...definition(),
      name: 'y',
      fields: [{ fieldName: 'a', fieldType: 'text' }],
    });
    expect(badType.status).toBe(400);
    expect(badType.body.message).toMatch(/^fields\[0\]\.fieldType: /);
    const id = (await call('POST', '/api/v1/lookupTables', { ...definition(), name: 'Checked' })).body.id as string;
    const bad = await upload(id, 'ip,owner,risk\n10.0.0.1,ann,3\n10.0.0.2,bob,high\n', false);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('file: row 3, column 3: risk is not a whole number (int)');
    expect((await upload(id, 'ip,name,risk\n', false)).json().message).toBe("file: row 1, column 2: 'name' is not a field of the table");
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body.total).toBe(0);
    expect((await call('GET', '/api/v1/lookupTables/jobs/NOPE/status')).status).toBe(404);
  });
});

describe('save to a lookup table', () => {
  it('replaces the rows with the results, merges them with append, and refuses a table or field that is not there', async () => {
    const id = (
      await call('POST', '/api/v1/lookupTables', {
        ...definition(),
        name: 'Saved',
        fields: [
          { fieldName: 'cat', fieldType: 'string' },
          { fieldName: 'n', fieldType: 'long' },
        ],
        primaryKeys: ['cat'],
      })
    ).body.id as string;
    const path = (await call('GET', `/api/v1/lookupTables/${id}`)).body.contentPath as string;
    const now = Date.now();
    await t.store.messages.append(
      ['a', 'b', 'b'].map((c, n) => ({
        raw: `{"c":"${c}"}`,
        messageTime: now - 60_000,
        receiptTime: now,
        dedupeKey: `save-${n}`,
        sourceId: 'save',
        source: 'save',
        sourceCategory: 'savecat',
        collector: 'c',
        sourceName: 's',
        sourceHost: '',
        index: 'main',
        fields: {},
      })),
    );
    const run = (query: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/ui/panels/run',
        headers: { authorization: t.auth },
        payload: { query, from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString() },
      });
    const saved = await run(`_sourceCategory=savecat | json "c" as cat | count as n by cat | save path://"${path}"`);
    expect(saved.statusCode).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body.rows).toEqual([
      { cat: 'a', n: '1' },
      { cat: 'b', n: '2' },
    ]);
    expect(
      (await run(`_sourceCategory=savecat | json "c" as cat | where cat = "a" | 5 as n | save append path://"${path}"`)).statusCode,
    ).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body.rows).toEqual([
      { cat: 'a', n: '5' },
      { cat: 'b', n: '2' },
    ]);
    const noField = await run(`_sourceCategory=savecat | json "c" as cat | count by cat | save path://"${path}"`);
    expect(noField.statusCode).toBe(400);
    expect(noField.json().message).toMatch(/^line 1, column \d+: the results have no field n for the lookup table/);
    expect((await run('* | count as n | save path://"/Library/none"')).json().message).toMatch(
      /there is no lookup table at \/Library\/none/,
    );
    expect((await call('GET', `/api/v1/lookupTables/${id}/rows`)).body.rows).toHaveLength(2);
  });

  it('reads a table with cat and lookup *, and a subquery, through the Search Job API', async () => {
    const id = (await call('POST', '/api/v1/lookupTables', { ...definition(), name: 'Catted' })).body.id as string;
    expect((await upload(id, 'ip,owner,risk\n10.0.0.1,ann,3\n10.0.0.2,bob,1\n', false)).statusCode).toBe(200);
    const path = (await call('GET', `/api/v1/lookupTables/${id}`)).body.contentPath as string;
    const now = Date.now();
    await t.store.messages.append(
      ['10.0.0.1', '10.0.0.2', '10.0.0.2'].map((ip, n) => ({
        raw: `{"ip":"${ip}"}`,
        messageTime: now - 60_000,
        receiptTime: now,
        dedupeKey: `cat-${n}`,
        sourceId: 'cat',
        source: 'cat',
        sourceCategory: 'catcat',
        collector: 'c',
        sourceName: 's',
        sourceHost: '',
        index: 'main',
        fields: {},
      })),
    );
    const records = async (query: string) => {
      const range = { from: new Date(now - 3_600_000).toISOString(), to: new Date(now + 60_000).toISOString(), timeZone: 'UTC' };
      const job = (await call('POST', '/api/v1/search/jobs', { query, ...range })).body.id as string;
      const state = await until(async () => {
        const status = await call('GET', `/api/v1/search/jobs/${job}`);
        return status.body.state === 'GATHERING RESULTS' ? undefined : status.body;
      }, 'the search job');
      expect(state.pendingErrors).toEqual([]);
      return (await call('GET', `/api/v1/search/jobs/${job}/records?offset=0&limit=100`)).body;
    };
    const catted = await records(`cat path://"${path}" | where risk > 1`);
    expect(catted.fields.map((f: { name: string }) => f.name)).toEqual(['ip', 'owner', 'risk']);
    expect(catted.records).toEqual([{ map: { ip: '10.0.0.1', owner: 'ann', risk: '3' } }]);
    const looked = await records(`_sourceCategory=catcat | json "ip" | lookup * from path://"${path}" on ip | count by owner`);
    expect(looked.records).toEqual([{ map: { owner: 'bob', _count: '2' } }, { map: { owner: 'ann', _count: '1' } }]);
    const sub = await records(
      `_sourceCategory=catcat [subquery: _sourceCategory=catcat | json "ip" | count by ip | topk(1, _count) | compose ip keywords] | count`,
    );
    expect(sub.records).toEqual([{ map: { _count: '2' } }]);
  });
});
