import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard } from '../../content/install.js';
import { APPS } from '../../content/mimecast-app.js';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { simulatorMessages } from '../../e2e/simulator-messages.js';
import { openDuckDbStore } from '../../store/duckdb/duckdb-store.js';
import { connectPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../../store/secrets.js';
import { GOLDEN_CASES, type GoldenCase } from '../__fixtures__/golden-cases.js';
import { INDICATORS } from '../__fixtures__/indicators.js';
import { LOOKUP_TABLES } from '../__fixtures__/lookup-tables.js';
import { DAY, MESSAGES } from '../__fixtures__/messages.js';
import { runCompiledQuery } from '../execute.js';
import { type GeoLookup, openGeoDatabase } from '../geo.js';
import { compileQuery } from '../index.js';
import { expectGolden, goldenSql } from '../test-golden.js';
import { createTestDb, loadMessages, type TestDb, toStoreMessage } from '../test-support.js';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '__fixtures__', 'golden');

/**
 * Every query runs on DuckDB and on PostgreSQL over the same messages, and must give the same rows. The
 * expected answers are DuckDB's: the golden tests check those by hand.
 */
const QUERIES: string[] = [
  '_sourceCategory=mimecast | count by eventType',
  '* | count by _sourceCategory, _sourceName',
  '_sourceCategory=mimecast | json "senderIp", "subject" | count by senderip, subject',
  '_sourceCategory=mimecast | json "spamScore" as score nodrop | where score > 3 | count',
  '_sourceCategory=mimecast | json "spamScore", "tlsVersion" as score, tls nodrop | count by score, tls',
  '_index=sumologic_system_events | json "details.error" as error | count by error',
  '_index=sumologic_system_events | json "details" as d | fields d',
  '_sourceCategory=mimecast | parse regex "(?<user>[a-z]+)@(?<domain>[a-z.]+)" | count by user, domain',
  '_sourceCategory=mimecast | parse regex "(?<letter>[a-z])@" multi | count by letter',
  '_sourceCategory=mimecast | parse "\\"senderEnvelope\\":\\"*@*\\"" as who, dom | count by who, dom',
  '_sourceCategory=mimecast | timeslice 1h | count by _timeslice',
  '_sourceCategory=mimecast_app | timeslice 1d | count by _timeslice',
  '_sourceCategory=mimecast | formatDate(_messagetime, "yyyy-MM-dd HH:mm:ss.SSS EEE a hh") as t | count by t',
  '_sourceCategory=mimecast | json "senderEnvelope" as s | split s delim=\'@\' extract 1 as u, 2 as d | count by u, d',
  'keyword',
  'KEYWORD | count',
  'fail* OR "quarterly report" | count by _sourceName',
  '_sourceCategory=mimecast | json "spamScore" as s nodrop | num(s) as n | sum(n), avg(n), min(n), max(n), pct(n, 50), count_distinct(s), count(s)',
  '_sourceCategory=mimecast | json "subject" nodrop | first(subject), last(subject) by _sourceName',
  '_sourceCategory=mimecast | json "spamScore" as s nodrop | num(s) / 3 as x | round(x) as r | floor(x) as f | ceil(x) as c | abs(0 - x) as a | count by r, f, c, a',
  '_sourceCategory=mimecast | json "subject" nodrop | substring(subject, 1, 4) as sub | length(subject) as len | toUpperCase(subject) as up | toLowerCase(subject) as low | count by sub, len, up, low',
  '_sourceCategory=mimecast | json "senderIp" nodrop | isValidIP(senderIp) as ok | count by ok',
  '_sourceCategory=mimecast | json "subject" nodrop | concat(subject, "-", _sourceName) as c | contains(c, "Inv") as has | count by c, has',
  '_sourceCategory=mimecast | json "subject" nodrop | where subject matches "*report*" or subject matches /^Inv/ | count',
  '_sourceCategory=mimecast | count by _sourceName | sort by _sourceName asc',
  '* | count by _sourceCategory | top 2 _sourceCategory by _count',
  '_sourceCategory=mimecast | json "subject" nodrop | count by subject | sort by subject asc | limit 5',
  '_sourceCategory=mimecast_app | json "SpamScore" as sc nodrop | count by sc',
  '_sourceCategory=mimecast_app | count by dir, usetls',
  '_sourceCategory=mimecast_app | json auto | count by dir',
  '* | json "a" | count by a',
  '_sourceCategory=mimecast | json "spamScore" as s nodrop | toString(num(s) * 2) as t | count by t',
];

const baseUrl = testDatabaseUrl();

describe('the PostgreSQL dialect gives DuckDB’s rows', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  let duck: TestDb;

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
    store = await connectPostgresStore({
      url: db.url,
      secrets: createSecretBox(deriveKey('q')),
      clock: new ManualClock(),
      logger: silentLogger,
    });
    await store.messages.append(MESSAGES.map(toStoreMessage));
    await store.threatIndicators.upsert(INDICATORS);
    for (const { table, rows } of LOOKUP_TABLES) {
      await store.lookupTables.put(table);
      await store.lookupTables.writeRows(table.id, rows, false);
    }
    duck = await createTestDb();
    await loadMessages(duck.connection, MESSAGES);
  });
  afterAll(async () => {
    duck?.close();
    await store?.close();
    await db?.drop();
  });

  const options = { from: DAY - 86_400_000, to: DAY + 86_400_000 };
  for (const query of QUERIES) {
    it(query, async () => {
      const onDuck = await runCompiledQuery(duck.runner, compileQuery(query, { ...options, dialect: 'duckdb' }));
      const onPostgres = await runCompiledQuery(store, compileQuery(query, { ...options, dialect: 'postgres' }));
      expect(onDuck.rows.length).toBeGreaterThan(0);
      expect(onPostgres.fields).toEqual(onDuck.fields);
      expect(onPostgres.rows).toEqual(onDuck.rows);
    });
  }

  /** The golden cases of golden.test.ts: SQL in golden/<name>.postgres.sql, and the hand-counted rows. */
  describe('golden cases on PostgreSQL', () => {
    let geo: GeoLookup;
    beforeAll(async () => {
      geo = await openGeoDatabase();
    });
    const goldenOptions = (c: GoldenCase, useExtractedColumns = true) => ({
      dialect: 'postgres' as const,
      from: c.from ?? DAY,
      to: c.to ?? DAY + 86_400_000,
      variables: c.variables,
      timeZone: c.timeZone,
      excludedPartitions: c.excludedPartitions,
      useExtractedColumns,
    });
    for (const c of GOLDEN_CASES) {
      it(c.name, async () => {
        const compiled = compileQuery(c.query, goldenOptions(c));
        const file = path.join(goldenDir, `${c.name}.postgres.sql`);
        const text = goldenSql(compiled);
        expectGolden(file, text);
        const result = await runCompiledQuery(store, compiled, { geo });
        if (compiled.kind === 'messages') {
          expect(result.rows).toHaveLength(c.rows.length);
          expect(result.rows.map((r, i) => Object.fromEntries(Object.keys(c.rows[i] ?? r).map((k) => [k, r[k]])))).toEqual(c.rows);
        } else {
          expect(result.rows).toEqual(c.rows);
        }
        const parsed = await runCompiledQuery(store, compileQuery(c.query, goldenOptions(c, false)), { geo });
        expect(parsed.rows).toEqual(result.rows);
      });
    }
  });

  it('reads the same with and without the extracted columns', async () => {
    const query = '_sourceCategory=mimecast | json "eventType", "senderIp", "recipients" | count by eventtype, senderip, recipients';
    const withColumns = await runCompiledQuery(store, compileQuery(query, { ...options, dialect: 'postgres' }));
    const fromRaw = await runCompiledQuery(store, compileQuery(query, { ...options, dialect: 'postgres', useExtractedColumns: false }));
    expect(withColumns.rows.length).toBeGreaterThan(0);
    expect(fromRaw.rows).toEqual(withColumns.rows);
  });
});

const canonical = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(Object.entries(r).sort())).sort();

/** One day of simulator data, every panel of both Mimecast apps: the queries the product runs most. */
describe('the panels of both Mimecast apps give the same rows on PostgreSQL and DuckDB', () => {
  const TO = Date.UTC(2026, 10, 20, 12);
  const FROM = TO - 86_400_000;
  let db: TestDatabase;
  let postgres: PostgresStore;
  let duckDir: string;
  let duck: Awaited<ReturnType<typeof openDuckDbStore>>;
  let geo: GeoLookup;

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
    const clock = new ManualClock(TO);
    postgres = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('q')), clock, logger: silentLogger });
    duckDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-dialect-'));
    duck = await openDuckDbStore({ dataDir: duckDir, clock, logger: silentLogger, secretKey: 'q' });
    geo = await openGeoDatabase();
    const messages = simulatorMessages({ seed: 5, siemPerHour: 300, dlpPerHour: 12, auditPerHour: 3, holdPerHour: 12 }, FROM, TO);
    await postgres.messages.append(messages);
    await duck.messages.append(messages);
  }, 120_000);
  afterAll(async () => {
    await duck?.close();
    if (duckDir) await rm(duckDir, { recursive: true, force: true });
    await postgres?.close();
    await db?.drop();
  });

  for (const template of APPS.flatMap((app) => app.dashboards)) {
    const dashboard = buildDashboard(template, { id: 'D', folderId: 'F' }, '_sourceCategory=Mimecast');
    for (const panel of dashboard.panels) {
      it(`${template.title} / ${panel.title}`, async () => {
        const query = panel.queries[0].queryString;
        const run = async (text: string) => {
          const options = { from: FROM, to: TO + 1 };
          const onDuck = await runCompiledQuery(duck, compileQuery(text, { ...options, dialect: 'duckdb' }), { geo });
          const onPostgres = await runCompiledQuery(postgres, compileQuery(text, { ...options, dialect: 'postgres' }), { geo });
          return { onDuck: onDuck.rows, onPostgres: onPostgres.rows };
        };
        const limited = await run(query);
        expect(limited.onDuck.length, query).toBeGreaterThan(0);
        expect(limited.onPostgres.length, query).toBe(limited.onDuck.length);
        // Rows that tie on the sort keys (same count, same message time) may come in either order, and a
        // limit may cut such a tie in different places: compare every row, without the limit, in one order.
        const unlimited = await run(query.replace(/\|\s*limit\s+\d+\s*$/, ''));
        expect(canonical(unlimited.onPostgres), query).toEqual(canonical(unlimited.onDuck));
      });
    }
  }
});
