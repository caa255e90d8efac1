import { afterEach, describe, expect, it } from 'vitest';
import { startTestSim, type TestSim } from './test-support.js';

let t: TestSim;
afterEach(async () => {
  await t.sim.close();
});

function tokenRequest(t: TestSim, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${t.sim.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
}

const GOOD = { client_id: 'id-1', client_secret: 'secret-1', grant_type: 'client_credentials' };

describe('POST /oauth/token', () => {
  it('issues a bearer token for the configured client', async () => {
    t = await startTestSim({ clientId: 'id-1', clientSecret: 'secret-1' });
    const res = await tokenRequest(t, GOOD);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 1799, scope: '' });
    expect(res.headers.get('x-ratelimit-limit')).not.toBeNull();
  });

  it('rejects wrong credentials with 401 and the fail[] body', async () => {
    t = await startTestSim({ clientId: 'id-1', clientSecret: 'secret-1' });
    const res = await tokenRequest(t, { ...GOOD, client_secret: 'nope' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ fail: [{ code: 'InvalidClientIdentifier', message: 'Client credentials are invalid' }] });
  });

  it('accepts HTTP Basic client authentication', async () => {
    t = await startTestSim({ clientId: 'id-1', clientSecret: 'secret-1' });
    const res = await tokenRequest(
      t,
      { grant_type: 'client_credentials' },
      { authorization: `Basic ${Buffer.from('id-1:secret-1').toString('base64')}` },
    );
    expect(res.status).toBe(200);
  });

  it('refuses a missing grant type, a JSON body and GET', async () => {
    t = await startTestSim();
    const noGrant = await tokenRequest(t, { client_id: 'demo-client-id', client_secret: 'demo-client-secret' });
    expect(noGrant.status).toBe(400);
    expect(((await noGrant.json()) as { fail: { code: string }[] }).fail[0]?.code).toBe('unsupported_grant_type');
    const json = await fetch(`${t.sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'demo-client-id', client_secret: 'demo-client-secret', grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(400);
    const get = await fetch(`${t.sim.url}/oauth/token`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('wrongCredentials fault rejects even the right client, until switched off', async () => {
    t = await startTestSim({ faults: { wrongCredentials: true } });
    const creds = { client_id: 'demo-client-id', client_secret: 'demo-client-secret', grant_type: 'client_credentials' };
    expect((await tokenRequest(t, creds)).status).toBe(401);
    t.sim.setFaults({ wrongCredentials: false });
    expect((await tokenRequest(t, creds)).status).toBe(200);
    expect(t.sim.stats().faults.wrongCredentials).toBe(1);
  });
});

describe('bearer tokens on data routes', () => {
  const path = '/api/dlp/get-logs';
  const body = { data: [{ from: '2026-11-20T11:00:00+0000' }] };

  it('answers 401 fail[] without, with an unknown and with an expired token', async () => {
    t = await startTestSim({ faults: { tokenLifetimeSec: 60 } });
    const missing = await t.post(path, body, null);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { fail: { code: string }[] }).fail[0]?.code).toBe('unauthorized');
    expect((await t.post(path, body, 'not-a-token')).status).toBe(401);

    const res = await fetch(`${t.sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'client_id=demo-client-id&client_secret=demo-client-secret&grant_type=client_credentials',
    });
    const token = (await res.json()) as { access_token: string; expires_in: number };
    expect(token.expires_in).toBe(60);
    expect((await t.post(path, body, token.access_token)).status).toBe(200);
    t.advance(59_000);
    expect((await t.post(path, body, token.access_token)).status).toBe(200);
    t.advance(1_000);
    const expired = await t.post(path, body, token.access_token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { fail: { message: string }[] }).fail[0]?.message).toMatch(/expired/);
  });

  it('revoking tokens through the admin route forces a new token', async () => {
    t = await startTestSim();
    const token = await t.token();
    expect((await t.post(path, body, token)).status).toBe(200);
    expect((await fetch(`${t.sim.url}/__admin/revoke-tokens`, { method: 'POST' })).status).toBe(200);
    expect((await t.post(path, body, token)).status).toBe(401);
  });
});
