import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { hostNameOf } from './request-guard.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** One request written byte for byte on a socket: no client library normalises its target or headers. */
async function rawRequest(port: number, target: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const head = [`GET ${target} HTTP/1.1`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
  const text = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(head.join('\r\n')));
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('end', () => resolve(received));
    socket.on('error', reject);
  });
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
  return { status, body: text.slice(text.indexOf('\r\n\r\n') + 4) };
}

/** A concrete URL for a route pattern: every `:param` and wildcard filled with a plausible value. */
function concrete(url: string): string {
  return url.replace(/:[A-Za-z]+/g, '0000000000000001').replace(/\*$/, 'x');
}

describe('default-deny authentication on the matched route', () => {
  it('refuses every non-public route without credentials, and exactly the declared ones are public', async () => {
    api = await startTestApi();
    const routes = api.app.routeTable.filter((route) => route.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(25);
    const publicRoutes = routes.filter((route) => route.public).map((route) => `${route.method} ${route.url}`);
    // The Event Push receiver is public to the key check: it authenticates by the source's push token (receiver-api.test.ts).
    expect(publicRoutes.sort()).toEqual(
      [
        'DELETE /api/session',
        'GET /*',
        'GET /api/health',
        'POST /api/session',
        'POST /receiver/v1/mimecast',
        'POST /receiver/v1/mimecast/:token',
      ].sort(),
    );
    for (const route of routes.filter((r) => !r.public)) {
      const res = await api.app.inject({ method: route.method as 'GET', url: concrete(route.url) });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('refuses percent-encoded, dotted, doubled and absolute-form paths that name an API route', async () => {
    api = await startTestApi();
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (api.app.server.address() as net.AddressInfo).port;
    const probes = [
      '/%61pi/v1/collectors',
      '/ap%69/v1/collectors',
      '/api/v1/%63ollectors',
      '/api/v1/collectors%2F',
      '/api/./v1/collectors',
      '/x/../api/v1/collectors',
      '/api/v1/collectors/..',
      '//api/v1/collectors',
      '/api//v1/collectors',
      '/api\\v1\\collectors',
      'http://x/api/v1/collectors',
      'http://127.0.0.1/api/v1/collectors',
    ];
    for (const target of probes) {
      for (const credentials of [{}, { Authorization: api.auth }] as Record<string, string>[]) {
        const res = await rawRequest(port, target, { Host: '127.0.0.1', ...credentials });
        expect(res.status, target).toBe(400);
        expect(JSON.parse(res.body)).toMatchObject({ status: 400, code: 'request.target.invalid' });
      }
    }
    const canonical = await rawRequest(port, '/api/v1/collectors', { Host: '127.0.0.1' });
    expect(canonical.status).toBe(401);
    // A body-less POST (what a cross-site no-cors form sends) through the old bypass is refused as well.
    const post = await api.app.inject({ method: 'POST', url: '/%61pi/v1/collectors' });
    expect(post.statusCode).toBe(400);
  });

  it('answers an unknown /api path 401 without credentials and 404 with them', async () => {
    api = await startTestApi();
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      expect((await api.app.inject({ method, url: '/api/v1/nothing-here' })).statusCode).toBe(401);
      const found = await api.app.inject({ method, url: '/api/v1/nothing-here', headers: { authorization: api.auth } });
      expect(found.statusCode).toBe(404);
    }
  });

  it('refuses a Host header it was not configured for (DNS rebinding), with or without a key', async () => {
    api = await startTestApi({ config: { host: '0.0.0.0', allowedHosts: ['c2c.example.org'] } });
    for (const host of ['evil.example', 'evil.example:8080', '0.0.0.0', '127.0.0.1.evil.example', 'a b', 'x@localhost']) {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { host, authorization: api.auth } });
      expect(res.statusCode, host).toBe(421);
      expect(res.json()).toMatchObject({ code: 'host.not.allowed' });
    }
    for (const host of ['localhost:8080', '127.0.0.1', '[::1]:8080', 'C2C.example.org', 'c2c.example.org.:443']) {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { host, authorization: api.auth } });
      expect(res.statusCode, host).toBe(200);
    }
    // The UI's own files are refused on a foreign Host too: a rebinding page gets nothing.
    expect((await api.app.inject({ method: 'GET', url: '/', headers: { host: 'evil.example' } })).statusCode).toBe(421);
  });

  it('allows the address the server is bound to when it names one host', async () => {
    api = await startTestApi({ config: { host: '10.1.2.3' } });
    const res = await api.app.inject({ method: 'GET', url: '/api/health', headers: { host: '10.1.2.3:8080' } });
    expect(res.statusCode).toBe(200);
  });

  it('reads host names out of Host headers', () => {
    expect(hostNameOf('Example.org:80')).toBe('example.org');
    expect(hostNameOf('[::1]:9')).toBe('::1');
    expect(hostNameOf('user@host')).toBeUndefined();
    expect(hostNameOf('host:port')).toBeUndefined();
  });
});
