import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildServer } from './server.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let services: Services;
let key: { accessId: string; accessKey: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-ui-'));
  const dist = path.join(dir, 'ui');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'app-123.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the web');
  const clock = new ManualClock();
  store = await openStore({ data: path.join(dir, 'data'), clock, logger: silentLogger, secretKey: 'k' });
  services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30 } });
  app = await buildServer({
    store,
    clock,
    logger: silentLogger,
    services,
    config: { apiRateLimitPerSec: 1000 },
    ui: { distDir: dist, demo: true },
  });
  key = await store.accessKeys.create('ui-test');
});

afterAll(async () => {
  await app?.close();
  await services?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('UI sessions', () => {
  it('signs in with an access id and key into an HttpOnly, SameSite=Strict cookie, and out again', async () => {
    const bad = await app.inject({ method: 'POST', url: '/api/session', payload: { accessId: key.accessId, accessKey: 'wrong' } });
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();

    const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { accessId: key.accessId, accessKey: key.accessKey } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json()).toEqual({ accessId: key.accessId, name: 'ui-test', demo: true });
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/^mc2c_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const session = cookie.split(';')[0];

    const me = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session } });
    expect(me.json()).toMatchObject({ accessId: key.accessId });
    expect((await app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { cookie: session } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/session' })).statusCode).toBe(401);

    const signOut = await app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: session } });
    expect(signOut.statusCode).toBe(204);
    expect(String(signOut.headers['set-cookie'])).toMatch(/mc2c_session=;.*Max-Age=0/i);
  });

  it('checks the sign-in body', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/session', payload: { accessId: key.accessId } });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toBe('accessKey: is required');
  });
});

describe('processing rule test', () => {
  const auth = () => `Basic ${Buffer.from(`${key.accessId}:${key.accessKey}`).toString('base64')}`;
  const test = (rule: Record<string, unknown>, sample: string) =>
    app.inject({ method: 'POST', url: '/api/ui/processing-rules/test', headers: { authorization: auth() }, payload: { rule, sample } });
  const sample = '{"recipients":"bob@example.com","subject":"hi"}';

  it('applies a rule to a sample event with the pipeline', async () => {
    const mask = await test({ name: 'm', filterType: 'Mask', regexp: '"recipients":"([^"]+)"', mask: '###' }, sample);
    expect(mask.json()).toEqual({ kept: true, matched: true, output: '{"recipients":"###","subject":"hi"}' });
    const include = await test({ name: 'i', filterType: 'Include', regexp: '.*subject.*' }, sample);
    expect(include.json()).toMatchObject({ kept: true, matched: true });
    const exclude = await test({ name: 'e', filterType: 'Exclude', regexp: '.*bob@.*' }, sample);
    expect(exclude.json()).toMatchObject({ kept: false, matched: true });
  });

  it('names the rule field that is wrong', async () => {
    const response = await test({ name: 'h', filterType: 'Hash', regexp: 'no group' }, sample);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(/^rule\.regexp: .*capture group/);
  });
});

describe('the UI files', () => {
  it('serves index.html at / and for any page path, assets as files, nothing outside', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(200);
    expect(root.body).toContain('<div id="root">');
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await app.inject({ method: 'GET', url: '/collection/x' })).body).toContain('<div id="root">');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-123.js' });
    expect(asset.body).toBe('console.log(1)');
    expect(String(asset.headers['cache-control'])).toContain('immutable');
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      expect((await app.inject({ method: 'GET', url })).body, url).not.toContain('not for the web');
    }
    const api = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(api.statusCode).toBe(401);
  });
});
