import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';

/** With the default interval, a caught-up SIEM stream is polled every 30 s and DLP every five minutes. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('poll intervals', () => {
  it('polls the SIEM stream every 30 seconds and the other types at the source interval', async () => {
    const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000);
    const sim = await startSimulator({ port: 0, seed: 5, siemPerHour: 600, dlpPerHour: 60, now: () => clock.now() });
    cleanups.push(() => sim.close());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-poll-'));
    const store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'k' });
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const config = makeSourceConfig({
      clientID: 'demo-client-id',
      clientSecret: 'demo-client-secret',
      dataCollection: ['siem', 'dlp'],
      startTime: '-10m',
    });
    expect(config.pollingIntervalSec).toBe(300);
    const source = await store.sources.create(collector.id, config);
    const runtime = createMimecastRuntime({ store, clock, logger: silentLogger, mimecastBaseUrl: sim.url, tickMs: 3_600_000 });
    cleanups.push(() => runtime.stop());
    const t0 = clock.now();
    await runtime.start();
    const polledAt = async () => {
      const stats = await store.checkpoints.stats(source.id);
      return { siem: stats.siem?.lastPollAt ?? 0, dlp: stats.dlp?.lastPollAt ?? 0 };
    };
    await until(async () => ((await polledAt()).dlp >= t0 && (await polledAt()).siem >= t0 ? true : undefined), 'first polls');
    sim.resetStats();

    // Time moves in 5-second steps until DLP polls a second time, a step only once the runtime's loop and both
    // data types' loops sleep again: a poll still running when time moves on would start its wait late.
    const loops = 3;
    const second = await until(
      async () => {
        if (clock.sleeping < loops) return undefined;
        const at = await polledAt();
        if (at.dlp > t0) return at;
        clock.advance(5_000);
        return undefined;
      },
      'the second DLP poll',
      2_000,
    );
    expect(second.dlp).toBeGreaterThanOrEqual(t0 + 300_000);
    const requests = sim.stats().requests;
    // A poll every 30 s up to 300 s: each a single call, the stream being caught up.
    expect(requests.siemStream).toBeGreaterThanOrEqual(9);
    expect(requests.dlp).toBeLessThanOrEqual(2);
  });
});
