import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { buildServer } from './server.js';
import { SESSION_COOKIE } from './session.js';
import { basic, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function call(auth: string, method: Method, url: string, payload?: unknown) {
  const res = await api!.app.inject({ method, url, headers: { authorization: auth }, payload: payload as Record<string, unknown> });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('access keys API', () => {
  it("creates a key in Sumo's shape, shows its secret once, and the new pair authenticates", async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    const [me] = await api.store.accessKeys.list();
    // Keys are listed by creation time, then id: a later time makes the order certain.
    clock.advance(1000);
    const created = await call(api.auth, 'POST', '/api/v1/accessKeys', { label: 'ci', corsHeaders: ['https://a.example'] });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^su[A-Za-z0-9]{12}$/),
      label: 'ci',
      key: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
      corsHeaders: ['https://a.example'],
      disabled: false,
      createdAt: expect.stringMatching(ISO),
      createdBy: me.accessId,
      modifiedAt: expect.stringMatching(ISO),
    });
    const newAuth = basic(created.body.id, created.body.key);
    expect((await call(newAuth, 'GET', '/api/v1/collectors')).status).toBe(200);

    const listed = await call(newAuth, 'GET', '/api/v1/accessKeys');
    expect(listed.status).toBe(200);
    expect(listed.body.next).toBeNull();
    expect(listed.body.data.map((k: { id: string }) => k.id)).toEqual([me.accessId, created.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect(listed.body.data[1]).toMatchObject({ label: 'ci', disabled: false, lastUsed: expect.stringMatching(ISO) });
    expect(listed.body.data[1]).not.toHaveProperty('key');
  });

  it('pages the list with limit and the next token', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    for (const label of ['b', 'c', 'd']) {
      clock.advance(1000);
      await api.store.accessKeys.create(label);
    }
    const first = await call(api.auth, 'GET', '/api/v1/accessKeys?limit=3');
    expect(first.body.data).toHaveLength(3);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await call(api.auth, 'GET', `/api/v1/accessKeys?limit=3&token=${first.body.next}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ label: 'd' })], next: null });
    for (const bad of ['limit=0', 'limit=1001', 'limit=x', 'token=-1', 'token=abc', 'token=1e3']) {
      const res = await call(api.auth, 'GET', `/api/v1/accessKeys?${bad}`);
      expect([bad, res.status, res.body.code]).toEqual([bad, 400, 'createValidationError']);
    }
  });

  it('refuses bad bodies naming the field and the rule, and stores nothing', async () => {
    api = await startTestApi();
    const cases: [unknown, string][] = [
      [{}, 'label: is required'],
      [{ label: '' }, 'label: must not be empty'],
      [{ label: '   ' }, 'label: must not be blank'],
      [{ label: 'x'.repeat(129) }, 'label: must be at most 128 characters'],
      [{ label: 'a', key: 'chosen' }, 'key: unknown field'],
      [{ label: 'a', corsHeaders: 'https://a.example' }, 'corsHeaders: must be an array'],
      [{ label: 'a', corsHeaders: ['a b'] }, 'corsHeaders[0]: must be a domain or origin without spaces'],
      [{ label: 'a', corsHeaders: ['x', 'x'] }, 'corsHeaders: must not repeat a value'],
    ];
    for (const [payload, message] of cases) {
      const res = await call(api.auth, 'POST', '/api/v1/accessKeys', payload);
      expect([res.status, res.body.message]).toEqual([400, message]);
    }
    const [me] = await api.store.accessKeys.list();
    const put = await call(api.auth, 'PUT', `/api/v1/accessKeys/${me.accessId}`, { corsHeaders: [] });
    expect([put.status, put.body.message]).toEqual([400, 'disabled: is required']);
    expect(await api.store.accessKeys.list()).toHaveLength(1);
  });

  it('disables, enables and deletes a key; the change applies at once in this process', async () => {
    api = await startTestApi();
    const other = await api.store.accessKeys.create('other');
    const otherAuth = basic(other.accessId, other.accessKey);
    const cookie = `${SESSION_COOKIE}=${api.app.sessions.createSession(other.accessId)}`;
    const viaCookie = async () => (await api!.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { cookie } })).statusCode;
    expect((await call(otherAuth, 'GET', '/api/v1/collectors')).status).toBe(200);
    expect(await viaCookie()).toBe(200);

    const disabled = await call(api.auth, 'PUT', `/api/v1/accessKeys/${other.accessId}`, { disabled: true, corsHeaders: ['x.example'] });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: other.accessId, label: 'other', disabled: true, corsHeaders: ['x.example'] });
    expect(disabled.body).not.toHaveProperty('key');
    expect((await call(otherAuth, 'GET', '/api/v1/collectors')).status).toBe(401);
    expect(await viaCookie()).toBe(401);

    const enabled = await call(api.auth, 'PUT', `/api/v1/accessKeys/${other.accessId}`, { disabled: false });
    expect(enabled.body).toMatchObject({ disabled: false, corsHeaders: ['x.example'] });
    expect((await call(otherAuth, 'GET', '/api/v1/collectors')).status).toBe(200);

    const deleted = await call(api.auth, 'DELETE', `/api/v1/accessKeys/${other.accessId}`);
    expect([deleted.status, deleted.body]).toEqual([204, undefined]);
    expect((await call(otherAuth, 'GET', '/api/v1/collectors')).status).toBe(401);
    expect(await viaCookie()).toBe(401);
    expect((await call(api.auth, 'DELETE', `/api/v1/accessKeys/${other.accessId}`)).status).toBe(404);
    expect((await call(api.auth, 'PUT', `/api/v1/accessKeys/${other.accessId}`, { disabled: true })).status).toBe(404);
  });

  it('stops a key another process disabled within the 10-second cache period', async () => {
    const clock = new ManualClock();
    api = await startTestApi({ clock });
    const other = await api.store.accessKeys.create('other');
    const otherAuth = basic(other.accessId, other.accessKey);
    // A second server on the same store stands for another process: it never hears of the change.
    const second = await buildServer({
      store: api.store,
      clock,
      logger: silentLogger,
      services: api.services,
      config: { apiRateLimitPerSec: 1000 },
    });
    try {
      const viaSecond = async () =>
        (await second.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: otherAuth } })).statusCode;
      expect(await viaSecond()).toBe(200);
      expect((await call(api.auth, 'PUT', `/api/v1/accessKeys/${other.accessId}`, { disabled: true })).status).toBe(200);
      clock.advance(10_000);
      expect(await viaSecond()).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('refuses to disable or delete the last enabled key (409), so the API cannot lock everyone out', async () => {
    api = await startTestApi();
    const [me] = await api.store.accessKeys.list();
    for (const [method, payload] of [
      ['PUT', { disabled: true }],
      ['DELETE', undefined],
    ] as const) {
      const res = await call(api.auth, method, `/api/v1/accessKeys/${me.accessId}`, payload);
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'accessKey.lastEnabled', message: expect.stringContaining(me.accessId) });
    }
    expect((await call(api.auth, 'GET', '/api/v1/collectors')).status).toBe(200);
    const spare = await call(api.auth, 'POST', '/api/v1/accessKeys', { label: 'spare' });
    expect((await call(api.auth, 'DELETE', `/api/v1/accessKeys/${me.accessId}`)).status).toBe(204);
    expect((await call(api.auth, 'GET', '/api/v1/collectors')).status).toBe(401);
    expect((await call(basic(spare.body.id, spare.body.key), 'GET', '/api/v1/accessKeys')).body.data).toHaveLength(1);
  });

  it('needs credentials for every access key route', async () => {
    api = await startTestApi();
    const [me] = await api.store.accessKeys.list();
    for (const [method, url] of [
      ['GET', '/api/v1/accessKeys'],
      ['POST', '/api/v1/accessKeys'],
      ['PUT', `/api/v1/accessKeys/${me.accessId}`],
      ['DELETE', `/api/v1/accessKeys/${me.accessId}`],
    ] as const) {
      const res = await api.app.inject({ method, url, payload: method === 'GET' ? undefined : { label: 'x', disabled: true } });
      expect([method, url, res.statusCode]).toEqual([method, url, 401]);
    }
    expect(await api.store.accessKeys.list()).toHaveLength(1);
  });
});
