/**
 * Freshness: the time from an event appearing at the simulator to its being searchable, with the default
 * settings (a source at the default 300-second interval, so its SIEM stream is polled every 60 s once caught
 * up, windows ending WINDOW_LAG_MS before now). The simulator and the collector share one manual clock,
 * moved in one-second steps once every loop is asleep again, so 15 minutes of collection take seconds and the
 * figure does not depend on the machine's load: an event's freshness is its receipt time (the simulated time
 * of the poll that fetched it) less its own time. The real time each step took (fetch, build and store of
 * the poll) is printed beside it, to be added to the figure.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMimecastRuntime } from '../src/collector/mimecast-runtime.js';
import { SIEM_POLL_INTERVAL_SEC } from '../src/collector/poll-interval.js';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { SOURCE_DEFAULTS } from '../src/model/source-config.js';
import { startSimulator } from '../src/simulator/index.js';
import { WINDOW_LAG_MS } from '../src/sources/mimecast/time.js';
import { openStore } from '../src/store/open-store.js';

const SIMULATED_MINUTES = 15;
const SIEM_PER_HOUR = 60_000;

/** The collector is idle when every loop sleeps. */
async function settled(clock: ManualClock, loops: number): Promise<void> {
  while (clock.sleeping < loops) await new Promise((r) => setImmediate(r));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

export async function run(log: (line: string) => void): Promise<void> {
  const clock = new ManualClock(Math.floor(Date.now() / 60_000) * 60_000);
  const sim = await startSimulator({ port: 0, seed: 8, siemPerHour: SIEM_PER_HOUR, now: () => clock.now() });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bench-fresh-'));
  const store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'bench' });
  try {
    const collector = await store.collectors.create({ name: 'Bench', description: '', category: '', fields: {} });
    const source = await store.sources.create(collector.id, {
      name: 'Mimecast',
      description: '',
      category: 'Mimecast',
      fields: {},
      clientID: 'demo-client-id',
      clientSecret: 'demo-client-secret',
      dataCollection: ['siem'],
      filters: [],
      hashAlgorithm: 'MD5',
      region: 'global',
      startTime: '-5m',
      pollingIntervalSec: SOURCE_DEFAULTS.pollingIntervalSec,
    });
    const runtime = createMimecastRuntime({ store, clock, logger: silentLogger, mimecastBaseUrl: sim.url });
    await runtime.start();
    // The runtime's tick loop and the SIEM loop.
    const loops = 2;
    while (!(await store.checkpoints.stats(source.id)).siem?.lastPollAt) await settled(clock, loops);
    const start = clock.now();
    let slowestStepMs = 0;
    for (let s = 0; s < SIMULATED_MINUTES * 60; s++) {
      clock.advance(1000);
      const began = performance.now();
      await settled(clock, loops);
      slowestStepMs = Math.max(slowestStepMs, performance.now() - began);
    }
    await runtime.stop();
    // Events that appeared after the first catch-up and had a full poll cycle to arrive.
    const rows = await store.query(
      'SELECT (receipttime - messagetime)::BIGINT AS ms FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ? ORDER BY ms',
      [source.id, start, clock.now() - WINDOW_LAG_MS - SIEM_POLL_INTERVAL_SEC * 1000],
    );
    const ms = rows.map((r) => Number(r.ms));
    const mean = ms.reduce((a, b) => a + b, 0) / Math.max(1, ms.length);
    const sec = (v: number) => `${(v / 1000).toFixed(0)} s`;
    log(
      `defaults: source interval ${SOURCE_DEFAULTS.pollingIntervalSec} s, SIEM stream polled every ${Math.min(SOURCE_DEFAULTS.pollingIntervalSec, SIEM_POLL_INTERVAL_SEC)} s, windows end ${WINDOW_LAG_MS / 1000} s before now; ${SIMULATED_MINUTES} simulated minutes, ${ms.length} events`,
    );
    log(
      `freshness (event time → searchable, simulated clock): mean ${sec(mean)}, p50 ${sec(percentile(ms, 50))}, p95 ${sec(percentile(ms, 95))}, max ${sec(ms.at(-1) ?? Number.NaN)} (goal < 90 s)`,
    );
    log(`plus the real time of a poll (fetch, build, store), slowest one-second step: ${slowestStepMs.toFixed(0)} ms`);
  } finally {
    await store.close();
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}
