import { afterEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../core/clock.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function post(a: TestApi, url: string, payload: unknown) {
  return a.app.inject({ method: 'POST', url, headers: { authorization: a.auth }, payload: payload as object });
}

describe('collectors', () => {
  it('shows the serve processes that run it, each alive or not by its last heartbeat', async () => {
    api = await startTestApi();
    await post(api, '/api/v1/collectors', { collector: { collectorType: 'Hosted', name: 'C', category: 'c' } });
    const seenAt = api.clock.now();
    await api.store.leases.heartbeat('worker-a', 'host-a');
    (api.clock as ManualClock).advance(20_000);
    await api.store.leases.heartbeat('worker-b', 'host-b');
    const read = async () =>
      (await api!.app.inject({ method: 'GET', url: '/api/v1/collectors', headers: { authorization: api!.auth } })).json().collectors[0];

    expect(await read()).toMatchObject({
      alive: true,
      lastSeenAlive: new Date(seenAt + 20_000).toISOString(),
      processes: [
        { name: 'worker-a', hostname: 'host-a', alive: true, lastSeenAlive: new Date(seenAt).toISOString() },
        { name: 'worker-b', hostname: 'host-b', alive: true },
      ],
    });
    (api.clock as ManualClock).advance(15_000);
    const later = await read();
    expect(later.processes.map((p: { alive: boolean }) => p.alive)).toEqual([false, true]);
    expect(later.alive).toBe(true);
    (api.clock as ManualClock).advance(60_000);
    expect((await read()).alive).toBe(false);
  });

  it('creates, reads, updates with If-Match and deletes a collector', async () => {
    api = await startTestApi();
    const created = await post(api, '/api/v1/collectors', {
      collector: { collectorType: 'Hosted', name: 'C1', description: 'd', category: 'c' },
    });
    expect(created.statusCode).toBe(200);
    const collector = created.json().collector;
    expect(collector).toMatchObject({
      name: 'C1',
      collectorType: 'Hosted',
      alive: false,
      lastSeenAlive: null,
      processes: [],
      links: [{ rel: 'sources', href: `/v1/collectors/${collector.id}/sources` }],
    });

    const got = await api.app.inject({ method: 'GET', url: `/api/v1/collectors/${collector.id}`, headers: { authorization: api.auth } });
    const tag = got.headers.etag as string;
    expect(tag).toBeTruthy();
    const body = { collector: { ...got.json().collector, name: 'C1 renamed' } };

    const noMatch = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/collectors/${collector.id}`,
      headers: { authorization: api.auth },
      payload: body,
    });
    expect(noMatch.statusCode).toBe(403);
    expect(noMatch.json().code).toBe('forbidden');
    const wrong = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/collectors/${collector.id}`,
      headers: { authorization: api.auth, 'if-match': '"999"' },
      payload: body,
    });
    expect(wrong.statusCode).toBe(412);
    expect(wrong.json().code).toBe('precondition.failed');
    const ok = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/collectors/${collector.id}`,
      headers: { authorization: api.auth, 'if-match': tag },
      payload: body,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().collector.name).toBe('C1 renamed');
    const stale = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/collectors/${collector.id}`,
      headers: { authorization: api.auth, 'if-match': tag },
      payload: body,
    });
    expect(stale.statusCode).toBe(412);

    const del = await api.app.inject({ method: 'DELETE', url: `/api/v1/collectors/${collector.id}`, headers: { authorization: api.auth } });
    expect(del.statusCode).toBe(200);
    const gone = await api.app.inject({ method: 'GET', url: `/api/v1/collectors/${collector.id}`, headers: { authorization: api.auth } });
    expect(gone.statusCode).toBe(404);
  });

  it('refuses duplicate names, long names and descriptions, unknown fields, and stores nothing', async () => {
    api = await startTestApi();
    expect((await post(api, '/api/v1/collectors', { collector: { name: 'A' } })).statusCode).toBe(200);
    const cases: [unknown, string, string][] = [
      [{ collector: { name: 'A' } }, 'DuplicateResourceName', 'A resource with the same name already exists.'],
      [{ collector: { name: 'x'.repeat(129) } }, 'CollectorNameTooLong', 'name: must be at most 128 characters'],
      [
        { collector: { name: 'B', description: 'x'.repeat(1025) } },
        'CollectorDescriptionTooLong',
        'description: must be at most 1024 characters',
      ],
      [{ collector: { name: 'B', colour: 'red' } }, 'createValidationError', 'colour: unknown field'],
      [{ collector: { description: 'no name' } }, 'createValidationError', 'name: is required'],
      [{ collector: { name: 'B', collectorType: 'Installed' } }, 'createValidationError', 'collectorType: must be Hosted'],
    ];
    for (const [payload, code, message] of cases) {
      const res = await post(api, '/api/v1/collectors', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code, message });
    }
    expect(await api.store.collectors.list()).toHaveLength(1);
  });

  it('pages the list', async () => {
    api = await startTestApi();
    for (const name of ['a', 'b', 'c']) await post(api, '/api/v1/collectors', { collector: { name } });
    const res = await api.app.inject({ method: 'GET', url: '/api/v1/collectors?limit=2&offset=1', headers: { authorization: api.auth } });
    expect(res.json().collectors).toHaveLength(2);
    const bad = await api.app.inject({ method: 'GET', url: '/api/v1/collectors?limit=0', headers: { authorization: api.auth } });
    expect(bad.json()).toMatchObject({ status: 400, message: 'limit: must be an integer from 1 to 1000' });
  });
});
