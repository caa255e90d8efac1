import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { expectedEvents, startSimulator } from '../simulator/index.js';
import { openPostgresStore } from '../store/postgres/index.js';
import { createTestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createMimecastRuntime } from './mimecast-runtime.js';
import { createSimulatorSource } from './test-sim-runtime.js';

/**
 * A store outage that outlasts the retry budget (a disk full for hours) without root: PostgreSQL itself
 * refuses the writes, through a trigger that raises SQLSTATE 53100 (disk_full) as a full disk would, on the
 * table the failing step writes. The retry budget is shortened to a fraction of a second (and the slow
 * outage retry with it), so the test passes the budget in real time; the stopped-type probe keeps its
 * 15-minute default, so only the outage retry can bring collection back within the test.
 */
const baseUrl = testDatabaseUrl();
const SIEM_PER_HOUR = 3000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

describe('a store outage longer than the retry budget', () => {
  it.each([
    // The source's own step: its move to Started fails, as every try to collect does (its Error is written).
    { table: 'sources', when: `WHEN ((NEW.state::jsonb)->>'state' = 'Started')`, who: 'the source itself' },
    { table: 'checkpoints', when: '', who: 'a data type (its batches cannot commit)' },
  ])('$who keeps retrying slowly and resumes without a restart once writes succeed', { timeout: 30_000 }, async ({ table, when }) => {
    const sim = await startSimulator({ port: 0, seed: 11, siemPerHour: SIEM_PER_HOUR });
    cleanups.push(() => sim.close());
    const db = await createTestDatabase(baseUrl);
    cleanups.push(() => db.drop());
    const store = await openPostgresStore({ url: db.url, secretKey: 'k', clock: systemClock, logger: silentLogger });
    cleanups.push(() => store.close());
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    cleanups.push(() => admin.end());

    const from = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
    const source = await createSimulatorSource(store, { dataCollection: ['siem'], startTime: new Date(from).toISOString(), filters: [] });
    await admin.query(`CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$`);
    await admin.query(`CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION disk_full()`);

    const budgetMs = 300;
    const runtime = createMimecastRuntime({
      store,
      clock: systemClock,
      logger: silentLogger,
      mimecastBaseUrl: sim.url,
      tickMs: 200,
      retry: { baseDelayMs: 20, maxDelayMs: 50, budgetMs, outageRetryMs: 100 },
    });
    cleanups.push(() => runtime.stop());
    await runtime.start();
    // The first failure starts the streak (its health event lands: that table still takes writes); the
    // outage then lasts several budgets, so without the outage retry the source or type would have stopped.
    const firstFailure = await until(async () => {
      const [event] = await store.health.list({ unresolvedOnly: true, resourceIds: [source.id], limit: 1, offset: 0 });
      return event === undefined ? undefined : Date.now();
    }, 'the first failure');
    await until(async () => (Date.now() > firstFailure + 4 * budgetMs ? true : undefined), 'the budget to pass');
    expect((await store.checkpoints.stats(source.id)).siem?.lastPollAt ?? null).toBeNull();

    await admin.query(`DROP TRIGGER disk_full ON ${table}`);
    const freed = Date.now();
    await until(async () => {
      const [s, stats] = await Promise.all([store.sources.get(source.id), store.checkpoints.stats(source.id)]);
      return s?.state.state === 'Collecting' && (stats.siem?.lastPollAt ?? 0) >= freed ? true : undefined;
    }, 'collection to resume');
    const cutoff = Date.now() - 3 * 60_000;
    const [row] = await store.query(
      'SELECT count(*)::INTEGER AS n FROM messages WHERE source_id = $1 AND messagetime >= $2 AND messagetime < $3',
      [source.id, from, cutoff],
    );
    expect(row.n).toBe(expectedEvents({ seed: 11, siemPerHour: SIEM_PER_HOUR }, 'siem', from, cutoff).length);
  });
});
