import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import type { SourceRecord } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import { type RunningSimulator, type SimulatorOptions, startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';
import type { CollectorRuntime } from './runtime.js';

export interface SimulatorCollection {
  sim: RunningSimulator;
  store: Store;
  source: SourceRecord;
  /** Where the runtime keeps set-aside batch files. */
  setAsideDir: string;
  /** Made, not started: a test notes the time first, then starts it. */
  runtime: CollectorRuntime;
  /** Stops the runtime, closes the store and the simulator, removes the data directory. */
  cleanup(): Promise<void>;
}

/** Test support: a collector and one source with the simulator's credential, polling every second. */
export async function createSimulatorSource(store: Store, config: Partial<SourceConfig>): Promise<SourceRecord> {
  const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
  return store.sources.create(
    collector.id,
    makeSourceConfig({
      clientID: 'demo-client-id',
      clientSecret: 'demo-client-secret',
      region: 'global',
      pollingIntervalSec: 1,
      ...config,
    }),
  );
}

/**
 * Test support: the simulator, a DuckDB store in a new temporary directory, one source with the simulator's
 * credential polling every second, and a runtime (short ticks and retries) that will collect it.
 */
export async function simulatorCollection(options: {
  simulator: SimulatorOptions;
  source: Partial<SourceConfig>;
}): Promise<SimulatorCollection> {
  const sim = await startSimulator({ port: 0, ...options.simulator });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-sim-collection-'));
  const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
  const source = await createSimulatorSource(store, options.source);
  const setAsideDir = path.join(dir, 'set-aside');
  const runtime = createMimecastRuntime({
    store,
    clock: systemClock,
    logger: silentLogger,
    mimecastBaseUrl: sim.url,
    tickMs: 200,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    setAsideDir,
  });
  return {
    sim,
    store,
    source,
    setAsideDir,
    runtime,
    async cleanup() {
      await runtime.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
      await sim.close();
    },
  };
}
