import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.js';
import { connectPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../store/secrets.js';
import type { Store } from '../store/store.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { toStoreMessage } from './test-support.js';

const T = Date.UTC(2026, 10, 20);
const range = { from: T - 60_000, to: T + 60_000 };

/**
 * Whole numbers of 2^63 and more in a query ran into "bigint out of int64 range" on DuckDB (the driver binds a
 * whole JS number as BIGINT): through the stores' own parameter binding they are numbers like any other.
 */
describe('whole numbers beyond 64 bits in a query', () => {
  let dir: string;
  let duck: Store;
  let db: TestDatabase;
  let pg: PostgresStore;

  beforeAll(async () => {
    const message = toStoreMessage({ raw: 'n=5', time: T }, 0);
    dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bignum-'));
    duck = await openDuckDbStore({ dataDir: dir, clock: new ManualClock(), logger: silentLogger, secretKey: 'q' });
    await duck.messages.append([message]);
    db = await createTestDatabase(testDatabaseUrl());
    pg = await connectPostgresStore({
      url: db.url,
      secrets: createSecretBox(deriveKey('q')),
      clock: new ManualClock(),
      logger: silentLogger,
    });
    await pg.messages.append([message]);
  }, 60_000);
  afterAll(async () => {
    await duck?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    await pg?.close();
    await db?.drop();
  });

  const cases: { query: string; rows: Record<string, unknown>[] }[] = [
    { query: '* | 9223372036854775808 as x | count by x', rows: [{ x: 2 ** 63, _count: 1 }] },
    { query: '* | parse "n=*" as n | where n < 99999999999999999999 | count by n', rows: [{ n: '5', _count: 1 }] },
    { query: '* | 18446744073709551616 + 1 as y | count by y', rows: [{ y: 2 ** 64, _count: 1 }] },
    { query: '* | count | where _count < 9223372036854775808', rows: [{ _count: 1 }] },
  ];
  for (const c of cases) {
    it(c.query, async () => {
      const onDuck = await runCompiledQuery(duck, compileQuery(c.query, { dialect: 'duckdb', ...range }));
      const onPostgres = await runCompiledQuery(pg, compileQuery(c.query, { dialect: 'postgres', ...range }));
      expect(onDuck.rows).toEqual(c.rows);
      expect(onPostgres.rows).toEqual(c.rows);
    });
  }
});
