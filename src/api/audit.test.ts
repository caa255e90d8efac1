import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../core/logger.js';
import { basic, makeSourceBody, startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

/** A logger that keeps the audit lines it is given. */
function auditLines(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger: Logger = {
    debug: () => {},
    info: (msg, fields) => {
      if (msg === 'audit') lines.push(fields ?? {});
    },
    warn: () => {},
    error: () => {},
    child: () => logger,
  };
  return { logger, lines };
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function call(method: Method, url: string, payload?: unknown, authorization = api!.auth) {
  const res = await api!.app.inject({ method, url, headers: { authorization }, payload: payload as Record<string, unknown> });
  return { status: res.statusCode, body: res.body === '' ? undefined : res.json() };
}

/** The stored audit messages, once `count` of them are there (they are written after the response). */
async function storedAudit(count: number): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 500; i++) {
    const rows = await api!.store.query("SELECT raw FROM messages WHERE idx = 'sumologic_audit'", []);
    if (rows.length >= count) return rows.map((r) => JSON.parse(String(r.raw)) as Record<string, unknown>);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`fewer than ${count} audit messages were stored`);
}

describe('audit log', () => {
  it('writes one line per state-changing request, succeeded or refused, with who, what, which resource and the status', async () => {
    const { logger, lines } = auditLines();
    api = await startTestApi({ logger });
    const [me] = await api.store.accessKeys.list();
    const collector = await call('POST', '/api/v1/collectors', { collector: { collectorType: 'Hosted', name: 'c1' } });
    const cid = collector.body.collector.id;
    await call('GET', '/api/v1/collectors');
    await call('GET', `/api/v1/collectors/${cid}`);
    await call('PUT', `/api/v1/collectors/${cid}`, { collector: { name: 'c2' } });
    const source = await call('POST', `/api/v1/collectors/${cid}/sources`, makeSourceBody());
    const key = await call('POST', '/api/v1/accessKeys', { label: 'second' });
    await call('DELETE', `/api/v1/collectors/${cid}`, undefined, basic(me.accessId, 'wrong'));
    await call('DELETE', `/api/v1/collectors/${cid}`);

    expect(lines).toEqual([
      { accessId: me.accessId, method: 'POST', route: '/api/v1/collectors', resourceId: cid, status: 200, via: 'API' },
      { accessId: me.accessId, method: 'PUT', route: '/api/v1/collectors/:id', resourceId: cid, status: 403, via: 'API' },
      {
        accessId: me.accessId,
        method: 'POST',
        route: '/api/v1/collectors/:cid/sources',
        resourceId: source.body.source.id,
        status: 200,
        via: 'API',
      },
      { accessId: me.accessId, method: 'POST', route: '/api/v1/accessKeys', resourceId: key.body.id, status: 200, via: 'API' },
      { accessId: null, method: 'DELETE', route: '/api/v1/collectors/:id', resourceId: cid, status: 401, via: 'API' },
      { accessId: me.accessId, method: 'DELETE', route: '/api/v1/collectors/:id', resourceId: cid, status: 200, via: 'API' },
    ]);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('demo-client-secret');
    expect(text).not.toContain(key.body.key);
  });

  it('stores each authenticated entry as a message that _index=sumologic_audit finds, without bodies or secrets', async () => {
    api = await startTestApi();
    const [me] = await api.store.accessKeys.list();
    const collector = await call('POST', '/api/v1/collectors', { collector: { collectorType: 'Hosted', name: 'c1' } });
    await call('POST', `/api/v1/collectors/${collector.body.collector.id}/sources`, makeSourceBody());
    const key = await call('POST', '/api/v1/accessKeys', { label: 'second' });
    await call('POST', '/api/v1/collectors', { collector: { name: 'x' } }, basic('nobody', 'nothing'));
    const stored = await storedAudit(3);
    // All at one ManualClock instant, so in no defined order.
    expect(stored.map((m) => [m.accessId, m.method, m.route, m.status]).sort()).toEqual([
      [me.accessId, 'POST', '/api/v1/accessKeys', 200],
      [me.accessId, 'POST', '/api/v1/collectors', 200],
      [me.accessId, 'POST', '/api/v1/collectors/:cid/sources', 200],
    ]);
    const everything = JSON.stringify(await api.store.query("SELECT * FROM messages WHERE idx = 'sumologic_audit'", []));
    expect(everything).not.toContain('demo-client-secret');
    expect(everything).not.toContain(key.body.key);

    const now = api.clock.now();
    const job = await call('POST', '/api/v1/search/jobs', {
      query: '_index=sumologic_audit | json "route", "status" as route, status | count by route, status | sort by route',
      from: now - 3_600_000,
      to: now + 3_600_000,
    });
    expect(job.status).toBe(202);
    let state = '';
    for (let i = 0; i < 200 && state !== 'DONE GATHERING RESULTS'; i++) {
      state = (await call('GET', `/api/v1/search/jobs/${job.body.id}`)).body.state;
      if (state !== 'DONE GATHERING RESULTS') await new Promise((r) => setTimeout(r, 10));
    }
    const records = await call('GET', `/api/v1/search/jobs/${job.body.id}/records?offset=0&limit=100`);
    const counts = records.body.records.map((r: { map: Record<string, string> }) => [r.map.route, r.map.status, r.map._count]);
    // The search job's own POST is state-changing too, so it may already be among them.
    expect(counts).toEqual(
      expect.arrayContaining([
        ['/api/v1/accessKeys', '200', '1'],
        ['/api/v1/collectors', '200', '1'],
        ['/api/v1/collectors/:cid/sources', '200', '1'],
      ]),
    );
    expect(counts.some(([, status]: string[]) => status === '401')).toBe(false);
  });
});
