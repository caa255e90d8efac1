import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { expectedEvents, startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';

/**
 * Collection with the fetch worker (what `serve` runs): pages fetched, parsed and built in a worker thread
 * and stored by the main thread reach the store exactly once, with the same typed columns, across a
 * restart of the runtime; an error crosses the thread with its code, so a forbidden type stops only itself.
 */
const SIM = { seed: 9, siemPerHour: 3000, dlpPerHour: 30 };

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('collecting through the fetch worker', () => {
  it('stores every event once across a restart, and a forbidden type fails alone with its code', async () => {
    const sim = await startSimulator({ port: 0, ...SIM, faults: { forbidden: ['dlp'] } });
    cleanups.push(() => sim.close());
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-worker-'));
    const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
    cleanups.push(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const from = Math.floor((Date.now() - 3 * 3_600_000) / 1000) * 1000;
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const source = await store.sources.create(
      collector.id,
      makeSourceConfig({
        clientID: 'demo-client-id',
        clientSecret: 'demo-client-secret',
        dataCollection: ['siem', 'dlp'],
        startTime: new Date(from).toISOString(),
        pollingIntervalSec: 1,
      }),
    );
    const run = async () => {
      const runtime = createMimecastRuntime({
        store,
        clock: systemClock,
        logger: silentLogger,
        mimecastBaseUrl: sim.url,
        tickMs: 200,
        retry: { baseDelayMs: 20, maxDelayMs: 100 },
        fetchWorker: true,
      });
      const began = Date.now();
      await runtime.start();
      const state = await until(async () => {
        const polled = ((await store.checkpoints.stats(source.id)).siem?.lastPollAt ?? 0) >= began;
        const s = await store.sources.get(source.id);
        return polled && s?.state.dataTypes?.dlp?.state === 'Error' ? s.state : undefined;
      }, 'catch-up');
      await runtime.stop();
      return state;
    };
    const count = async (cutoff: number) => {
      const [row] = await store.query(
        'SELECT count(*)::INTEGER AS n, count(DISTINCT dedupe_key)::INTEGER AS keys FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ?',
        [source.id, from, cutoff],
      );
      return { n: Number(row.n), keys: Number(row.keys) };
    };

    const first = await run();
    expect(first.state).toBe('Collecting');
    expect(first.dataTypes?.dlp?.error).toMatchObject({ type: 'ThirdPartyConfig', code: '403' });
    // Events of the last minutes may still be on their way; everything older is in exactly once.
    const cutoff = Date.now() - 3 * 60_000;
    const want = expectedEvents(SIM, 'siem', from, cutoff).length;
    expect(want).toBeGreaterThan(2000);
    expect(await count(cutoff)).toEqual({ n: want, keys: want });

    await run();
    expect(await count(cutoff)).toEqual({ n: want, keys: want });
    // The typed columns come from the fields that crossed the thread: the same as the stored text gives.
    const [differ] = await store.query(
      `SELECT count(*)::INTEGER AS n FROM messages WHERE source_id = ?
         AND (x_eventtype IS DISTINCT FROM json_extract_string(raw, '$.eventType') OR x_subject IS DISTINCT FROM json_extract_string(raw, '$.subject'))`,
      [source.id],
    );
    expect(Number(differ.n)).toBe(0);
  });
});
