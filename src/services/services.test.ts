import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody, startTestApi, type TestApi } from '../api/test-helpers.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { toStoreMessage } from '../query/test-support.js';
import { openStore } from '../store/open-store.js';
import { createServices } from './index.js';

const day = { from: '2026-11-20T00:00:00', to: '2026-11-21T00:00:00', timeZone: 'UTC' };

describe('one search service behind the Search Job API and the panels', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ clock: new ManualClock(DAY + 86_400_000), config: { searchLimits: { maxRows: 2 } } });
    await api.store.messages.append(MESSAGES.map(toStoreMessage));
  });
  afterAll(() => api.close());

  it('applies the configured limits to a job and to a panel run alike', async () => {
    const headers = { authorization: api.auth };
    const created = await api.app.inject({ method: 'POST', url: '/api/v1/search/jobs', headers, payload: { query: '*', ...day } });
    expect(created.statusCode).toBe(202);
    const { id } = created.json();
    // The job lives in the services' search service: the one the routes were given, not a copy of their own.
    const [key] = await api.store.accessKeys.list();
    await api.services.search.wait(id);
    expect(api.services.search.status(id, key.accessId).state).toBe('DONE GATHERING RESULTS');
    const messages = await api.app.inject({ url: `/api/v1/search/jobs/${id}/messages?limit=100`, headers });
    expect(messages.json().messages).toHaveLength(2);

    const panel = await api.app.inject({ method: 'POST', url: '/api/ui/panels/run', headers, payload: { query: '*', ...day } });
    expect(panel.statusCode).toBe(200);
    expect(panel.json().rows).toHaveLength(2);
  });

  it('cancels the jobs it holds when the services close', async () => {
    const other = await startTestApi({ clock: new ManualClock(DAY + 86_400_000) });
    try {
      const created = await other.app.inject({
        method: 'POST',
        url: '/api/v1/search/jobs',
        headers: { authorization: other.auth },
        payload: { query: '*', ...day },
      });
      const { id } = created.json();
      await other.services.close();
      const status = await other.app.inject({ url: `/api/v1/search/jobs/${id}`, headers: { authorization: other.auth } });
      expect(status.statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });
});

describe('createServices without a server (the CLI path)', () => {
  it('creates a collector and a source, lists them and runs a search, then closes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-services-'));
    const clock = new ManualClock(DAY + 86_400_000);
    const store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'test-secret-key' });
    const services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30 } });
    try {
      const collector = await services.collectors.create({ collector: { collectorType: 'Hosted', name: 'CLI' } });
      const source = await services.sources.create(collector.id, makeSourceBody());
      expect((await services.sources.list(collector.id)).map((s) => s.id)).toEqual([source.id]);
      await expect(services.sources.create(collector.id, makeSourceBody({ pollingIntervalSec: 10 }))).rejects.toMatchObject({
        code: 'createValidationError',
        message: 'config.pollingIntervalSec: must be at least 30',
      });

      await store.messages.append(MESSAGES.map(toStoreMessage));
      const result = await services.search.run({ query: '_sourceCategory=mimecast | count', ...day });
      expect(result.rows).toEqual([{ _count: 13 }]);
    } finally {
      await services.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
