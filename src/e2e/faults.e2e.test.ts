import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { api, type Child, createAccessKey, killAll, startServeProcess, startSimulatorProcess, tempDir, waitFor } from './processes.js';
import { countStored, EXACT_TYPES, expectedInRange } from './stored.js';

/**
 * The fault matrix: while the simulator answers with 5xx bursts, 429s, truncated bodies and 2-second tokens,
 * the server is killed with SIGKILL at pseudo-random moments, 20 times, and restarted on the same data.
 * Once the faults stop, every event in the window must be stored exactly once.
 */
const SEED = 23;
const RATE = 60;
const ROUNDS = 20;
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'e2e-secret-key' };
const FAULTS = {
  errorRate: 0.1,
  errorStatus: 503,
  truncateRate: 0.08,
  tokenLifetimeSec: 2,
  rateLimitRequests: 15,
  rateLimitWindowMs: 1000,
};

let sim: Child;
let data: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  sim = await startSimulatorProcess(['--seed', String(SEED), '--rate', String(RATE)]);
  data = await tempDir('mc2c-e2e-faults-');
});

afterAll(async () => {
  await killAll();
  await data?.remove();
});

async function setFaults(faults: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${sim.url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
}

/** Deterministic kill moments (a small LCG), so a failing round can be replayed. */
function delays(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return 50 + (state % 750);
  });
}

type SourceJson = { state: { state: string }; collection: Record<string, { messages: number; lastPollAt: string | null }> };

describe('fault matrix', () => {
  it(`survives ${ROUNDS} kill -9 rounds under 5xx, 429, truncation and token expiry with exact counts`, { timeout: 240_000 }, async () => {
    const env = { ...ENV, MIMECAST_BASE_URL: sim.url };
    const auth = await createAccessKey(data.dir, ENV);
    const from = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
    await setFaults(FAULTS);

    let sid = '';
    let cid = '';
    for (const [round, wait] of delays(ROUNDS, SEED).entries()) {
      const serve = await startServeProcess(data.dir, env);
      if (round === 0) {
        cid = (await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', { collector: { name: 'Faults' } }))
          .body.collector.id;
        const body = makeSourceBody({ region: undefined, startTime: new Date(from).toISOString(), pollingIntervalSec: 1 });
        const created = await api<{ source: { id: string } }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
        expect(created.status).toBe(200);
        sid = created.body.source.id;
      }
      await new Promise((r) => setTimeout(r, wait));
      serve.process.kill('SIGKILL');
      expect((await serve.exited).signal).toBe('SIGKILL');
    }

    await setFaults({ errorRate: 0, truncateRate: 0, tokenLifetimeSec: 1799, rateLimitRequests: 1_000_000 });
    const serve = await startServeProcess(data.dir, env);
    const finalStart = Date.now();
    const url = `/api/v1/collectors/${cid}/sources/${sid}`;
    await waitFor(
      'the source to catch up after the faults',
      async () => {
        const s = (await api<{ source: SourceJson }>(serve.url, auth, 'GET', url)).body.source;
        const polled = Object.values(s.collection).every((c) => c.lastPollAt !== null && Date.parse(c.lastPollAt) >= finalStart);
        return s.state.state === 'Collecting' && polled ? s : undefined;
      },
      60_000,
    );
    const cutoff = Date.now() - 3 * 60_000;
    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);

    const stored = await countStored(data.dir, sid, from, cutoff);
    const expected = expectedInRange(SEED, RATE, from, cutoff);
    for (const type of EXACT_TYPES) expect(stored.inRange[type] ?? 0, type).toBe(expected[type]);
    expect(stored.total).toBe(stored.distinctKeys);
  });
});
