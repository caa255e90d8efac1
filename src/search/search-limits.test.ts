import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { toStoreMessage } from '../query/test-support.js';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.js';
import { connectPostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../store/secrets.js';
import type { Store } from '../store/store.js';
import { createSearchService, type SearchLimits, type SearchService } from './search-service.js';

/**
 * The searches that took the server down (finding 2 and 3), on real stores with generated messages:
 * budgets lowered through the limits where the real ones would need a day of data.
 */

const DAY = Date.UTC(2026, 10, 20);
const day = { from: DAY, to: DAY + 86_400_000 };
const ALICE = 'ALICEKEY';
const BOB = 'BOBKEY';
/** `parse regex "(?<c>.)" multi` re-reads the whole message for every match: on long messages it runs for minutes. */
const SLOW = '_sourceName=long | parse regex "(?<c>.)" multi | count by c';

/** `count` SIEM-like messages spread over the day, from `ips` sender addresses, plus 40 long ones. */
function generated(count: number, ips: number) {
  const short = Array.from({ length: count }, (_, i) => ({
    raw: { senderIp: `10.0.0.${i % ips}`, text: `message ${i} of a generated day` },
    time: DAY + Math.floor((i * 86_400_000) / count),
  }));
  const long = Array.from({ length: 40 }, (_, i) => ({ raw: `${'ab'.repeat(2000)}${i}`, time: DAY + i * 1000, sourceName: 'long' }));
  return [...short, ...long].map(toStoreMessage);
}

const clock = new ManualClock(DAY + 86_400_000);
let dir: string;
let store: Store;
const services: SearchService[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-limits-'));
  store = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger });
  await store.messages.append(generated(2_000, 10));
});

afterAll(async () => {
  for (const s of services) await s.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function service(limits: Partial<SearchLimits> = {}, on: Store = store): SearchService {
  const s = createSearchService({ store: on, clock, logger: silentLogger, limits });
  services.push(s);
  return s;
}

async function finished(s: SearchService, query: string, owner = ALICE) {
  const { id } = s.create({ query, ...day }, owner);
  await s.wait(id);
  return { id, status: s.status(id, owner) };
}

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('search budgets: checked before the rows are built', () => {
  it('fillmissing refuses groups × slices over its budget (a day of 1 m slices × every sender IP)', async () => {
    const { status } = await finished(
      service({ maxStageValues: 10_000 }),
      '* | json "senderIp" as ip | timeslice 1m | count by _timeslice, ip | fillmissing timeslice(1m)',
    );
    expect(status.state).toBe('DONE GATHERING RESULTS');
    expect(status.pendingErrors).toEqual([
      'fillmissing: would build at least 43200 values (1440 time slices × 10 groups × 3 fields), more than the limit of 10000; use a longer timeslice, a shorter time range or fewer groups',
    ]);
    expect(status.recordCount).toBe(0);
  });

  it('keeps at most 10 000 records after fillmissing, and says so (it returned 14 400)', async () => {
    const s = service();
    const { id, status } = await finished(
      s,
      '* | json "senderIp" as ip | timeslice 1m | count by _timeslice, ip | fillmissing timeslice(1m)',
    );
    expect(status.pendingErrors).toEqual([]);
    expect(status.recordCount).toBe(10_000);
    expect(status.pendingWarnings).toEqual(['fillmissing: made 14400 rows; only the first 10000 are kept']);
    // The cut keeps the rows fillmissing sorts first: the real counts before the added zeros.
    expect(s.records(id, ALICE, 0, 1).rows[0].map._count).toBe('1');
  });

  it('transpose refuses rows × columns over its budget', async () => {
    const { status } = await finished(
      service({ maxStageValues: 100 }),
      '* | json "senderIp" as ip | timeslice 1h | count by _timeslice, ip | transpose row _timeslice column ip',
    );
    expect(status.pendingErrors).toEqual([
      'transpose: would build 264 values (24 rows × 11 fields), more than the limit of 100; use fewer row or column values',
    ]);
  });

  it('parse … multi counts its rows in the database first and refuses over budget (15 000 messages made 12 million)', async () => {
    const { status } = await finished(service({ maxExpandedRows: 100_000 }), SLOW);
    expect(status.pendingErrors).toEqual([
      'parse multi: would build 160070 rows, more than the limit of 100000; narrow the search or match fewer times per message',
    ]);
  });
});

describe('search jobs: deadline, caps per key, owners, shutdown', () => {
  it('cancels a job past its deadline, stopping its database query', async () => {
    const s = service({ jobTimeoutMs: 60_000 });
    const { id } = s.create({ query: SLOW, ...day }, ALICE);
    // Let the query reach DuckDB first, so the deadline has to interrupt it there.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.status(id, ALICE).state).toBe('GATHERING RESULTS');
    clock.advance(60_000);
    await s.wait(id);
    expect(s.status(id, ALICE)).toMatchObject({
      state: 'CANCELLED',
      pendingErrors: ['the search ran longer than 60 s and was stopped; narrow the query or the time range'],
    });
  });

  it('stops a synchronous run (a dashboard panel) past the same deadline, and close() stops runs too', async () => {
    const s = service({ jobTimeoutMs: 60_000 });
    const timedOut = s.run({ query: SLOW, ...day }).then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    clock.advance(60_000);
    expect(await timedOut).toMatchObject({ code: 'search.timeout' });
    const stopped = s.run({ query: SLOW, ...day }).then(
      () => 'finished',
      () => 'stopped',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await s.close();
    expect(await stopped).toBe('stopped');
  });

  it('caps running and kept jobs per access key: rate.limit.exceeded beyond, other keys unaffected', async () => {
    const s = service({ maxRunningJobsPerKey: 2, maxKeptJobsPerKey: 3 });
    const slow = [s.create({ query: SLOW, ...day }, ALICE), s.create({ query: SLOW, ...day }, ALICE)];
    const running = refusal(() => s.create({ query: '* | count', ...day }, ALICE));
    expect(running.code).toBe('rate.limit.exceeded');
    expect(running.message).toBe(
      'search jobs: this access key has 2 jobs running, the most allowed is 2; wait for one to finish or delete it',
    );
    const other = s.create({ query: '* | count', ...day }, BOB);

    const stopped = slow.map((job) => s.wait(job.id));
    for (const job of slow) s.remove(job.id, ALICE);
    // A deleted job counts as running until its query has stopped.
    expect(refusal(() => s.create({ query: '* | count', ...day }, ALICE)).code).toBe('rate.limit.exceeded');
    await Promise.all(stopped);
    await s.wait(other.id);
    expect(s.status(other.id, BOB).pendingErrors).toEqual([]);

    const kept = [];
    for (let i = 0; i < 3; i++) kept.push((await finished(s, '* | count')).id);
    const full = refusal(() => s.create({ query: '* | count', ...day }, ALICE));
    expect(full.message).toBe('search jobs: this access key holds 3 jobs, the most allowed is 3; delete the ones it has read');
    s.remove(kept[0], ALICE);
    await finished(s, '* | count');
  });

  it("another key's job does not exist for it: it can neither read nor cancel it", async () => {
    const s = service();
    const { id } = await finished(s, '* | count');
    for (const call of [
      () => s.status(id, BOB),
      () => s.records(id, BOB, 0, 10),
      () => s.messages(id, BOB, 0, 10),
      () => s.remove(id, BOB),
    ]) {
      expect(refusal(call).code).toBe('notfound');
    }
    expect(s.records(id, ALICE, 0, 10).rows).toEqual([{ map: { _count: '2040' } }]);
  });

  it('close() cancels every job, deleted ones still running included, and resolves once their queries stopped', async () => {
    const s = service();
    const kept = s.create({ query: SLOW, ...day }, ALICE);
    const deleted = s.create({ query: SLOW, ...day }, BOB);
    const stopped = [s.wait(kept.id), s.wait(deleted.id)].map((p) => p.then(() => 'stopped'));
    s.remove(deleted.id, BOB);
    await s.close();
    const now = (p: Promise<string>) => Promise.race([p, Promise.resolve('running')]);
    expect(await Promise.all(stopped.map(now))).toEqual(['stopped', 'stopped']);
  });
});

const pgUrl = testDatabaseUrl();

describe('search budgets on PostgreSQL', () => {
  let db: TestDatabase;
  let pgStore: Store;
  beforeAll(async () => {
    db = await createTestDatabase(pgUrl);
    pgStore = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('limits')), clock, logger: silentLogger });
    await pgStore.messages.append(generated(200, 10));
  });
  afterAll(async () => {
    await pgStore?.close();
    await db?.drop();
  });

  it('parse … multi is counted and refused there too', async () => {
    const { status } = await finished(service({ maxExpandedRows: 100_000 }, pgStore), SLOW);
    expect(status.pendingErrors).toEqual([
      'parse multi: would build 160070 rows, more than the limit of 100000; narrow the search or match fewer times per message',
    ]);
  });
});
