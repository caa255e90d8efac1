import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { SESSION_COOKIE } from './session.js';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS } from './sign-in-throttle.js';
import { basic, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function keyOf(test: TestApi) {
  const { accessId, accessKey } = await test.store.accessKeys.create('person');
  return { accessId, accessKey };
}

function signIn(test: TestApi, accessId: string, accessKey: string, remoteAddress = '203.0.113.1') {
  return test.app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { accessId, accessKey } });
}

describe('sign-out', () => {
  it('invalidates the session server-side: the same cookie replayed afterwards is refused', async () => {
    api = await startTestApi();
    const key = await keyOf(api);
    const cookie = String((await signIn(api, key.accessId, key.accessKey)).headers['set-cookie']).split(';')[0];
    const other = String((await signIn(api, key.accessId, key.accessKey)).headers['set-cookie']).split(';')[0];
    const me = () => api?.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
    expect((await me())?.statusCode).toBe(200);

    const out = await api.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect((await me())?.statusCode).toBe(401);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { cookie } })).statusCode).toBe(401);
    // Only the session signed out: another sign-in of the same key goes on working.
    expect((await api.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: other } })).statusCode).toBe(200);
  });

  it('ignores a missing, forged or expired cookie and still clears it', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    const key = await keyOf(api);
    const token = api.app.sessions.createSession(key.accessId);
    clock.advance(api.app.sessions.ttlMs + 1);
    for (const headers of [{}, { cookie: `${SESSION_COOKIE}=garbage` }, { cookie: `${SESSION_COOKIE}=${token}` }]) {
      const out = await api.app.inject({ method: 'DELETE', url: '/api/session', headers });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/mc2c_session=;.*Max-Age=0/i);
    }
  });
});

describe('sign-in throttling', () => {
  it('answers 429 with the Sumo body and Retry-After after 5 failures from one address, until the minute ends', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    const key = await keyOf(api);
    // Each guess names another access id, so only the address's count reaches the limit.
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await signIn(api, `suUnknown${i}`, 'wrong')).statusCode).toBe(401);
    }
    clock.advance(15_000);
    // Locked even for a right key: the address has spent its guesses.
    const locked = await signIn(api, key.accessId, key.accessKey);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('45');
    const body = locked.json();
    expect(Object.keys(body).sort()).toEqual(['code', 'details', 'id', 'message', 'status']);
    expect(body).toMatchObject({ status: 429, code: 'rate.limit.exceeded', details: { retryAfterSec: 45 } });
    expect(body.message).toMatch(/from this address/);
    // Another address is not locked.
    expect((await signIn(api, key.accessId, key.accessKey, '198.51.100.7')).statusCode).toBe(200);

    clock.advance(SIGN_IN_WINDOW_MS - 15_000);
    expect((await signIn(api, key.accessId, key.accessKey)).statusCode).toBe(200);
  });

  it('locks an access id guessed from many addresses, but not for an address that signed in as it before', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    const key = await keyOf(api);
    expect((await signIn(api, key.accessId, key.accessKey, '192.0.2.10')).statusCode).toBe(200);
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) {
      expect((await signIn(api, key.accessId, 'guess', `198.51.100.${i}`)).statusCode).toBe(401);
    }
    const fresh = await signIn(api, key.accessId, key.accessKey, '198.51.100.200');
    expect(fresh.statusCode).toBe(429);
    expect(fresh.json().message).toMatch(/for this access id/);
    expect(Number(fresh.headers['retry-after'])).toBe(60);
    // The owner's known address is not locked out by someone who only knows the access id.
    expect((await signIn(api, key.accessId, key.accessKey, '192.0.2.10')).statusCode).toBe(200);
    // Refused attempts do not extend the lock: it ends with its window.
    clock.advance(SIGN_IN_WINDOW_MS / 2);
    expect((await signIn(api, key.accessId, 'guess', '198.51.100.201')).statusCode).toBe(429);
    clock.advance(SIGN_IN_WINDOW_MS / 2);
    expect((await signIn(api, key.accessId, key.accessKey, '198.51.100.200')).statusCode).toBe(200);
  });

  it('throttles failed HTTP Basic checks the same way, so the API is no way around the sign-in limit', async () => {
    api = await startTestApi();
    const key = await keyOf(api);
    const get = (authorization: string) =>
      api?.app.inject({ method: 'GET', url: '/api/v1/collectors', remoteAddress: '203.0.113.9', headers: { authorization } });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES; i++) expect((await get(basic(key.accessId, `wrong-${i}`)))?.statusCode).toBe(401);
    const locked = await get(basic(key.accessId, key.accessKey));
    expect(locked?.statusCode).toBe(429);
    expect(locked?.headers['retry-after']).toBe('60');
    // A key that never failed, used from another address, is unaffected.
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: api.auth } })).statusCode).toBe(200);
  });
});
