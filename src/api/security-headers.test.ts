import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { buildServer } from './server.js';
import { basic } from './test-helpers.js';

let dir: string;
let store: Store;
let app: FastifyInstance;
let services: Services;
let auth: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-headers-'));
  const dist = path.join(dir, 'ui');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
  const clock = new ManualClock();
  store = await openStore({ data: path.join(dir, 'data'), clock, logger: silentLogger, secretKey: 'k' });
  services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30 } });
  app = await buildServer({
    store,
    clock,
    logger: silentLogger,
    services,
    config: { apiRateLimitPerSec: 1000 },
    ui: { distDir: dist },
  });
  const key = await store.accessKeys.create('headers');
  auth = basic(key.accessId, key.accessKey);
});

afterAll(async () => {
  await app?.close();
  await services?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '0000000000000001').replace(/\*$/, 'x');
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string) {
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['x-frame-options'], what).toBe('DENY');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(String(res.headers['content-security-policy']), what).toContain("frame-ancestors 'none'");
}

describe('security headers', () => {
  it('are on every route, with and without credentials, and API answers are never cached', async () => {
    const routes = app.routeTable.filter((route) => route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(25);
    for (const route of routes) {
      for (const headers of [{}, { authorization: auth }]) {
        const res = await app.inject({ method: route.method as 'GET', url: concrete(route.url), headers });
        const what = `${route.method} ${route.url} → ${res.statusCode}`;
        expectSecurityHeaders(res, what);
        if (route.url.startsWith('/api')) {
          expect(res.headers['cache-control'], what).toBe('no-store');
          expect(res.headers['content-security-policy'], what).toMatch(/^default-src 'none'/);
        }
      }
    }
  });

  it('are on refusals made before routing: bad targets, bad hosts, malformed escapes, long parameters', async () => {
    const probes: { url: string; method?: 'GET' | 'PUT'; headers?: Record<string, string>; status: number }[] = [
      { url: '/%61pi/v1/collectors', status: 400 },
      { url: '/api/v1/collectors', headers: { host: 'evil.example' }, status: 421 },
      { url: '/api/v1/collectors/%zz', status: 400 },
      { url: `/api/v1/collectors/${'1'.repeat(500)}`, method: 'PUT', status: 400 },
      { url: '/api/v1/nothing', status: 404 },
    ];
    for (const probe of probes) {
      const res = await app.inject({ method: probe.method ?? 'GET', url: probe.url, headers: { authorization: auth, ...probe.headers } });
      expect(res.statusCode, probe.url).toBe(probe.status);
      expectSecurityHeaders(res, probe.url);
      expect(res.headers['cache-control'], probe.url).toBe('no-store');
    }
  });

  it("gives UI pages the UI's policy and keeps the assets' own caching", async () => {
    const page = await app.inject({ method: 'GET', url: '/search' });
    expect(page.statusCode).toBe(200);
    expectSecurityHeaders(page, 'page');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['cache-control']).not.toBe('no-store');
    const asset = await app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expectSecurityHeaders(asset, 'asset');
    expect(String(asset.headers['cache-control'])).toContain('immutable');
  });
});
