import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';

/** Sources of one credential in one runtime, in this thread or the fetch worker, share its token (and limiter). */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('sources sharing a credential', () => {
  it.each([false, true])('ask Mimecast for one token between them (fetch worker: %s)', async (fetchWorker) => {
    const sim = await startSimulator({ port: 0, seed: 2, siemPerHour: 600, dlpPerHour: 60 });
    cleanups.push(() => sim.close());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-shared-'));
    const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const credential = { clientID: 'demo-client-id', clientSecret: 'demo-client-secret', startTime: '-30m' };
    const sources = await Promise.all([
      store.sources.create(collector.id, makeSourceConfig({ ...credential, name: 'A', dataCollection: ['siem'] })),
      store.sources.create(collector.id, makeSourceConfig({ ...credential, name: 'B', dataCollection: ['dlp'] })),
    ]);
    const runtime = createMimecastRuntime({
      store,
      clock: systemClock,
      logger: silentLogger,
      mimecastBaseUrl: sim.url,
      tickMs: 200,
      fetchWorker,
    });
    cleanups.push(() => runtime.stop());
    await runtime.start();
    await until(async () => {
      const polled = await Promise.all(
        sources.map(async (s) => Object.values(await store.checkpoints.stats(s.id)).some((t) => t?.lastPollAt)),
      );
      return polled.every(Boolean) ? true : undefined;
    }, 'both sources polled');
    expect(sim.stats().requests.siemStream).toBeGreaterThan(0);
    expect(sim.stats().requests.dlp).toBeGreaterThan(0);
    expect(sim.stats().tokenRequests).toBe(1);
  });
});
