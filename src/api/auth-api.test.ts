import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { SESSION_COOKIE } from './session.js';
import { basic, startTestApi, type TestApi } from './test-helpers.js';

const ERROR_ID = /^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/;

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

describe('authentication, content types and errors', () => {
  it('serves liveness without credentials', async () => {
    api = await startTestApi();
    const res = await api.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('refuses no key, a wrong key, a malformed header and a revoked key with the Sumo error body', async () => {
    api = await startTestApi();
    const { accessId, accessKey } = await api.store.accessKeys.create('second');
    for (const authorization of [undefined, basic(accessId, 'wrong'), basic('nobody', accessKey), 'Bearer abc', 'Basic !!!']) {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: authorization ? { authorization } : {} });
      expect(res.statusCode).toBe(401);
      const body = res.json();
      expect(body).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(body.id).toMatch(ERROR_ID);
      expect(Object.keys(body).sort()).toEqual(['code', 'id', 'message', 'status']);
    }
    const ok = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: basic(accessId, accessKey) } });
    expect(ok.statusCode).toBe(200);
    await api.store.accessKeys.update(accessId, { disabled: true });
    (api.clock as ManualClock).advance(60_000);
    const revoked = await api.app.inject({
      method: 'GET',
      url: '/api/v1/collectors',
      headers: { authorization: basic(accessId, accessKey) },
    });
    expect(revoked.statusCode).toBe(401);
  });

  it('accepts a session cookie from the session service and refuses a forged one', async () => {
    api = await startTestApi();
    const [key] = await api.store.accessKeys.list();
    const token = api.app.sessions.createSession(key.accessId);
    const ok = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { cookie: `${SESSION_COOKIE}=${token}` } });
    expect(ok.statusCode).toBe(200);
    const forged = `${token.split('.')[0]}.AAAA`;
    const bad = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { cookie: `${SESSION_COOKIE}=${forged}` } });
    expect(bad.statusCode).toBe(401);
  });

  it('answers 415 for a body that is not JSON and 400 for JSON that does not parse', async () => {
    api = await startTestApi();
    const wrongType = await api.app.inject({
      method: 'POST',
      url: '/api/v1/collectors',
      headers: { authorization: api.auth, 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ status: 415, code: 'contenttype.invalid' });
    const badJson = await api.app.inject({
      method: 'POST',
      url: '/api/v1/collectors',
      headers: { authorization: api.auth, 'content-type': 'application/json' },
      payload: '{"collector":',
    });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ status: 400, code: 'createValidationError', message: 'body: is not valid JSON' });
    expect(await api.store.collectors.list()).toHaveLength(0);
  });

  it('accepts a GET whatever content type it names, and 404s unknown routes with the error body', async () => {
    api = await startTestApi();
    const get = await api.app.inject({
      method: 'GET',
      url: '/api/v1/collectors',
      headers: { authorization: api.auth, 'content-type': 'text/plain' },
    });
    expect(get.statusCode).toBe(200);
    const missing = await api.app.inject({ method: 'GET', url: '/api/v1/nothing', headers: { authorization: api.auth } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, code: 'notfound' });
  });

  it('limits requests per key per second', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock, config: { apiRateLimitPerSec: 3 } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: api.auth } })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    clock.advance(1000);
    const after = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: api.auth } });
    expect(after.statusCode).toBe(200);
  });
});
