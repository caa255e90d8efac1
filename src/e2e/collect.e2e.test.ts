import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { api, type Child, createAccessKey, killAll, startServeProcess, startSimulatorProcess, tempDir, waitFor } from './processes.js';
import { countStored, EXACT_TYPES, expectedInRange } from './stored.js';

/**
 * The whole product as a user runs it: the simulator and `serve` as real processes, the seed source JSON
 * posted over HTTP, and the stored messages counted against the simulator's own event function.
 */
const SEED = 11;
const RATE = 30;
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'e2e-secret-key' };

let sim: Child;
let dataDir: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  sim = await startSimulatorProcess(['--seed', String(SEED), '--rate', String(RATE)]);
  dataDir = await tempDir('mc2c-e2e-collect-');
});

afterAll(async () => {
  await killAll();
  await dataDir?.remove();
});

type SourceJson = {
  id: string;
  state: { state: string; error?: { type: string; retriesUntil: string | null } };
  collection: Record<string, { messages: number; lastPollAt: string | null }>;
};

describe('end to end', () => {
  it('collects the seed source into the store, every simulator event once', async () => {
    const auth = await createAccessKey(dataDir.dir, ENV);
    const serve = await startServeProcess(dataDir.dir, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const from = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
    const collector = await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', {
      collector: { collectorType: 'Hosted', name: 'E2E' },
    });
    expect(collector.status).toBe(200);
    const cid = collector.body.collector.id;
    const body = makeSourceBody({ region: undefined, startTime: new Date(from).toISOString(), pollingIntervalSec: 1 });
    const created = await api<{ source: SourceJson }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
    expect(created.status).toBe(200);
    const sid = created.body.source.id;

    // Caught up: Collecting, and every data type has finished at least one full poll after its backfill.
    const source = await waitFor('the source to catch up', async () => {
      const res = await api<{ source: SourceJson }>(serve.url, auth, 'GET', `/api/v1/collectors/${cid}/sources/${sid}`);
      const s = res.body.source;
      const polled = Object.values(s.collection).every((c) => c.lastPollAt !== null);
      return s.state.state === 'Collecting' && polled ? s : undefined;
    });
    expect(source.collection.siem.messages).toBeGreaterThan(0);
    const cutoff = Date.now() - 3 * 60_000;

    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);

    const stored = await countStored(dataDir.dir, sid, from, cutoff);
    const expected = expectedInRange(SEED, RATE, from, cutoff);
    expect(expected.siem).toBeGreaterThan(1000);
    for (const type of EXACT_TYPES) expect(stored.inRange[type] ?? 0, type).toBe(expected[type]);
    expect(stored.total).toBe(stored.distinctKeys);
  });
});
