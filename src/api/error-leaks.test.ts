import { afterEach, describe, expect, it } from 'vitest';
import { makeSourceBody, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** What an answer must never show: file paths, framework codes, database error texts, stack traces. */
const INTERNALS = /\/work|\/tmp|\/home\/|node_modules|FST_|duckdb|postgres|Error:|\bat \S+ \(|\.ts:\d+/i;

type Probe = { name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string };

/** Requests that go wrong in the ways clients and probes usually make them go wrong. */
function failingRequests(auth: string, collectorId: string): Probe[] {
  const json = { authorization: auth, 'content-type': 'application/json' };
  return [
    { name: 'no credentials', method: 'GET', url: '/api/v1/collectors' },
    { name: 'malformed Basic', method: 'GET', url: '/api/v1/collectors', headers: { authorization: 'Basic !!!' } },
    { name: 'unknown route', method: 'GET', url: '/api/v1/nothing', headers: { authorization: auth } },
    { name: 'unknown method', method: 'PUT', url: '/api/v1/collectors', headers: json, payload: '{}' },
    { name: 'malformed escape', method: 'GET', url: '/api/v1/collectors/%zz', headers: { authorization: auth } },
    { name: 'malformed escape, no route', method: 'DELETE', url: '/api/v1/collectors/%zz', headers: { authorization: auth } },
    { name: 'over-long parameter', method: 'PUT', url: `/api/v1/collectors/${'9'.repeat(300)}`, headers: json, payload: '{}' },
    { name: 'non-canonical path', method: 'GET', url: '/%61pi/v1/collectors' },
    { name: 'foreign host', method: 'GET', url: '/api/v1/collectors', headers: { authorization: auth, host: 'rebind.example' } },
    { name: 'bad JSON', method: 'POST', url: '/api/v1/collectors', headers: json, payload: '{"collector":' },
    { name: 'JSON body not an object', method: 'POST', url: '/api/v1/collectors', headers: json, payload: '"x"' },
    {
      name: 'wrong content type',
      method: 'POST',
      url: '/api/v1/collectors',
      headers: { authorization: auth, 'content-type': 'text/xml' },
      payload: '<x/>',
    },
    { name: 'bad content length', method: 'POST', url: '/api/v1/collectors', headers: { ...json, 'content-length': 'abc' }, payload: '{}' },
    {
      name: 'body too large',
      method: 'POST',
      url: '/api/v1/collectors',
      headers: json,
      payload: JSON.stringify({ x: 'y'.repeat(1_100_000) }),
    },
    {
      name: 'prototype keys',
      method: 'POST',
      url: '/api/v1/collectors',
      headers: json,
      payload: '{"__proto__":{"x":1},"collector":{"name":"p"}}',
    },
    {
      name: 'PUT without If-Match',
      method: 'PUT',
      url: `/api/v1/collectors/${collectorId}`,
      headers: json,
      payload: '{"collector":{"name":"x"}}',
    },
    {
      name: 'stale If-Match',
      method: 'PUT',
      url: `/api/v1/collectors/${collectorId}`,
      headers: { ...json, 'if-match': '"999"' },
      payload: '{"collector":{"name":"x"}}',
    },
    {
      name: 'bad RE2 rule',
      method: 'POST',
      url: `/api/v1/collectors/${collectorId}/sources`,
      headers: json,
      payload: JSON.stringify(makeSourceBody({ filters: [{ filterType: 'Mask', name: 'm', regexp: '(?<=x)(a)', mask: '#' }] })),
    },
    { name: 'unknown source', method: 'GET', url: `/api/v1/collectors/${collectorId}/sources/42`, headers: { authorization: auth } },
    {
      name: 'bad query',
      method: 'POST',
      url: '/api/v1/search/jobs',
      headers: json,
      payload: '{"query":"| where (","from":"-1h","to":"now"}',
    },
    {
      name: 'bad time',
      method: 'POST',
      url: '/api/v1/search/jobs',
      headers: json,
      payload: '{"query":"*","from":"yesterday-ish","to":"now"}',
    },
    { name: 'unknown job', method: 'GET', url: '/api/v1/search/jobs/NOPE/records?offset=x', headers: { authorization: auth } },
    { name: 'bad field', method: 'POST', url: '/api/v1/fields', headers: json, payload: '{"fieldName":"1 bad"}' },
    { name: 'unknown folder', method: 'GET', url: '/api/v2/content/folders/NOPE', headers: { authorization: auth } },
    {
      name: 'bad sign-in',
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': 'application/json' },
      payload: '{"accessId":1}',
    },
  ];
}

function expectClean(name: string, status: number, body: string) {
  expect(status, name).toBeGreaterThanOrEqual(400);
  expect(body, name).not.toMatch(INTERNALS);
  const parsed = JSON.parse(body);
  // Sumo's four members, and the pointers to the mistake when there are any.
  const pointers = Object.keys(parsed).filter((key) => !['code', 'id', 'message', 'status'].includes(key));
  expect(Object.keys(parsed).length - pointers.length, name).toBe(4);
  expect(
    pointers.every((key) => key === 'field' || key === 'details'),
    name,
  ).toBe(true);
  if (parsed.status >= 500) expect(pointers, name).toEqual([]);
  expect(parsed.status, name).toBe(status);
}

describe('error bodies', () => {
  it('never show paths, framework codes or database texts, whatever the client got wrong', async () => {
    api = await startTestApi();
    const created = await api.app.inject({
      method: 'POST',
      url: '/api/v1/collectors',
      headers: { authorization: api.auth },
      payload: { collector: { name: 'C' } },
    });
    const probes = failingRequests(api.auth, created.json().collector.id);
    for (const probe of probes) {
      const res = await api.app.inject({ method: probe.method, url: probe.url, headers: probe.headers, payload: probe.payload });
      expectClean(probe.name, res.statusCode, res.body);
    }
    // A search that fails at run time reports it in the job, in the same words.
    const job = await api.app.inject({
      method: 'POST',
      url: '/api/v1/search/jobs',
      headers: { authorization: api.auth },
      payload: { query: '* | parse regex "(?<a>x)" | where toLong(a) > 1', from: '-1h', to: 'now' },
    });
    expect(job.statusCode).toBe(202);
    const status = await api.app.inject({
      method: 'GET',
      url: `/api/v1/search/jobs/${job.json().id}`,
      headers: { authorization: api.auth },
    });
    expect(status.body).not.toMatch(INTERNALS);
  });

  it('hide the database error when the store itself fails', async () => {
    api = await startTestApi();
    await api.store.close();
    for (const url of ['/api/v1/collectors', '/api/v1/fields']) {
      const res = await api.app.inject({ method: 'GET', url, headers: { authorization: api.auth } });
      expect(res.statusCode).toBe(500);
      expectClean(url, res.statusCode, res.body);
    }
  });
});
