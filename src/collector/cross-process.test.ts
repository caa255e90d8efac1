import { afterEach, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.js';
import { basic } from '../api/test-helpers.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { createServices } from '../services/index.js';
import { startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { createTestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createMimecastRuntime } from './mimecast-runtime.js';

/**
 * Two runtimes on one PostgreSQL database stand for two `serve` processes. A restart asked for through the
 * API of the process without the lease is only a new generation; the lease holder sees it at its next
 * tick and acts on it. The state stays the holder's to write.
 */
const baseUrl = testDatabaseUrl();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('a restart across processes', () => {
  it('is seen by the lease holder through generation > observedGeneration at its next tick', async () => {
    const sim = await startSimulator({ port: 0, seed: 7, siemPerHour: 600 });
    cleanups.push(() => sim.close());
    const db = await createTestDatabase(baseUrl);
    cleanups.push(() => db.drop());
    const open = async () => {
      const store = await openPostgresStore({ url: db.url, secretKey: 'k', clock: systemClock, logger: silentLogger });
      cleanups.push(() => store.close());
      return store;
    };
    const serveProcess = async () => {
      const store = await open();
      const runtime = createMimecastRuntime({ store, clock: systemClock, logger: silentLogger, mimecastBaseUrl: sim.url, tickMs: 200 });
      cleanups.push(() => runtime.stop());
      return { store, runtime };
    };

    const holder = await serveProcess();
    await holder.runtime.start();
    const other = await serveProcess();
    const services = createServices({
      store: other.store,
      clock: systemClock,
      logger: silentLogger,
      runtime: other.runtime,
      config: { minPollSec: 30 },
    });
    const app = await buildServer({
      store: other.store,
      clock: systemClock,
      logger: silentLogger,
      services,
      config: { apiRateLimitPerSec: 1000 },
    });
    cleanups.push(async () => {
      await app.close();
      await services.close();
    });
    const { accessId, accessKey } = await other.store.accessKeys.create('test');
    const auth = basic(accessId, accessKey);
    const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
      app.inject({ method, url, headers: { authorization: auth }, ...(payload ? { payload } : {}) });

    const cid = (await call('POST', '/api/v1/collectors', { collector: { name: 'C' } })).json().collector.id as string;
    // Created through the holder's store and claimed by it before B starts, so the lease is A's.
    const created = await holder.store.sources.create(
      cid,
      makeSourceConfig({
        clientID: 'demo-client-id',
        clientSecret: 'demo-client-secret',
        dataCollection: ['siem'],
        startTime: '-1h',
      }),
    );
    await holder.runtime.sourceChanged(created.id);
    const url = `/api/v1/collectors/${cid}/sources/${created.id}`;
    const collecting = (generation: number) =>
      until(async () => {
        const source = (await call('GET', url)).json().source;
        return source.state.state === 'Collecting' && source.observedGeneration === generation ? source : undefined;
      }, `Collecting at generation ${generation}`);
    await collecting(1);
    await other.runtime.start();

    const restarted = await call('POST', `${url}/action/restart`);
    expect(restarted.statusCode).toBe(200);
    expect(restarted.json().source.generation).toBe(2);
    expect(await collecting(2)).toMatchObject({ generation: 2, observedGeneration: 2 });
    const holders = await holder.store.query('SELECT DISTINCT holder FROM batches WHERE source_id = $1', [created.id]);
    expect(holders.map((r) => r.holder)).toEqual([holder.runtime.holder]);
  });
});
