import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { startSimulator } from '../simulator/index.js';
import { makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { createTestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';

/**
 * Two runtimes, each with its own PostgreSQL store connection, stand for two `serve` processes; each runs
 * one of two sources of one Mimecast credential (the leases share them out). The simulator's quota is small
 * and short (RATE_LIMIT calls per RATE_WINDOW_MS, for the credential), so both backfills run into it many
 * times over: between them they ask for one token, and every call is taken from one budget row. The
 * budget's rules are tested in store/postgres/mimecast-credentials.test.ts. Not asserted: no 429 at all.
 * The shared budget served none in 7 of 8 runs here (each process pacing alone: some in most runs); the one
 * left comes when a window starts before any answer of it is in (the token answer's headers describe a
 * window the simulator has not opened yet), and the client waits it out.
 */
const RATE_LIMIT = 5;
const RATE_WINDOW_MS = 500;
const baseUrl = testDatabaseUrl();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('two serve processes with sources on one credential', () => {
  it('log in once between them and pace themselves by one rate budget', { timeout: 60_000 }, async () => {
    const sim = await startSimulator({
      port: 0,
      seed: 3,
      siemPerHour: 9000,
      dlpPerHour: 3000,
      auditPerHour: 3000,
      ttpUrlPerHour: 3000,
      faults: { rateLimitRequests: RATE_LIMIT, rateLimitWindowMs: RATE_WINDOW_MS },
    });
    cleanups.push(() => sim.close());
    const db = await createTestDatabase(baseUrl);
    cleanups.push(() => db.drop());
    const open = async () => {
      const store = await openPostgresStore({ url: db.url, secretKey: 'k', clock: systemClock, logger: silentLogger });
      cleanups.push(() => store.close());
      return store;
    };
    const stores = [await open(), await open()];
    const collector = await stores[0].collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const credential = { clientID: 'demo-client-id', clientSecret: 'demo-client-secret', startTime: '-60m', pollingIntervalSec: 1 };
    const sources = await Promise.all([
      stores[0].sources.create(collector.id, makeSourceConfig({ ...credential, name: 'A', dataCollection: ['siem', 'auditEvent'] })),
      stores[0].sources.create(collector.id, makeSourceConfig({ ...credential, name: 'B', dataCollection: ['dlp', 'ttpUrlLogs'] })),
    ]);
    const runtimes = stores.map((store) =>
      createMimecastRuntime({ store, clock: systemClock, logger: silentLogger, mimecastBaseUrl: sim.url, tickMs: 200 }),
    );
    // Both are alive before either claims, so each takes its share (one source) at its first tick.
    await Promise.all(runtimes.map((r, i) => stores[i].leases.heartbeat(r.holder, 'h')));
    for (const runtime of runtimes) cleanups.push(() => runtime.stop());
    const started = Date.now();
    await Promise.all(runtimes.map((r) => r.start()));

    const caughtUp = (store: Store) =>
      Promise.all(sources.map(async (s) => Object.values(await store.checkpoints.stats(s.id)).some((t) => t?.lastPollAt)));
    await until(async () => ((await caughtUp(stores[1])).every(Boolean) ? true : undefined), 'both backfills to catch up', 900);
    const holders = await stores[0].query('SELECT DISTINCT holder FROM leases ORDER BY holder', []);
    expect(holders.map((h) => h.holder)).toEqual(runtimes.map((r) => r.holder).sort());
    const { requests, tokenRequests } = sim.stats();
    // The quota was the limit: the backfills made many windows' worth of calls, all paced by one budget row.
    expect(Object.values(requests).reduce((a, b) => a + b, 0)).toBeGreaterThan(4 * RATE_LIMIT);
    expect(tokenRequests).toBe(1);
    const budgets = await stores[0].query('SELECT budget_until FROM mimecast_rate_budgets', []);
    expect(budgets).toHaveLength(1);
    expect(Number(budgets[0].budget_until)).toBeGreaterThan(started);
  });
});
