import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const BAD = ['1e20', '99999999999999999999', '-1', '1.5', 'abc', '0x10', ' 5', '', 'Infinity', 'NaN', '1e3'];
const routes: { method: 'GET' | 'POST'; path: string; params: string[]; payload?: unknown }[] = [
  { method: 'GET', path: '/api/v1/collectors', params: ['limit', 'offset'] },
  { method: 'GET', path: '/api/v1/healthEvents', params: ['limit', 'token'] },
  {
    method: 'POST',
    path: '/api/v1/healthEvents/resources',
    params: ['limit', 'token'],
    payload: { data: [{ id: 'x', type: 'Collector' }] },
  },
];

describe('paging numbers: anything but a whole number in range is a 400 naming the parameter, never a 500', () => {
  for (const route of routes) {
    for (const param of route.params) {
      it(`${route.method} ${route.path} ?${param}=…`, async () => {
        for (const value of [...BAD, param === 'limit' ? '0' : '9007199254740993', param === 'limit' ? '1001' : '1e300']) {
          const res = await api.app.inject({
            method: route.method,
            url: `${route.path}?${param}=${encodeURIComponent(value)}`,
            headers: { authorization: api.auth },
            payload: route.payload as never,
          });
          // An empty value is the default (an empty token is the first page, as Sumo Logic clients send it).
          if (value === '') {
            expect(res.statusCode).toBe(200);
            continue;
          }
          expect({ value, status: res.statusCode }).toEqual({ value, status: 400 });
          expect(res.json()).toMatchObject({ code: 'createValidationError' });
          expect(res.json().message).toMatch(new RegExp(`^${param}: `));
        }
      });

      it(`${route.method} ${route.path} ?${param} given twice`, async () => {
        const res = await api.app.inject({
          method: route.method,
          url: `${route.path}?${param}=1&${param}=2`,
          headers: { authorization: api.auth },
          payload: route.payload as never,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toMatch(new RegExp(`^${param}: `));
      });
    }
  }

  it('the largest offsets and tokens are valid and answer an empty page', async () => {
    const offset = await api.app.inject({ url: '/api/v1/collectors?offset=1000000000&limit=1000', headers: { authorization: api.auth } });
    expect(offset.statusCode).toBe(200);
    expect(offset.json()).toEqual({ collectors: [] });
    const token = await api.app.inject({ url: '/api/v1/healthEvents?token=1000000000&limit=1', headers: { authorization: api.auth } });
    expect(token.json()).toEqual({ data: [], next: null });
  });
});
