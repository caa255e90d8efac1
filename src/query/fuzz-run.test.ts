import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { connectPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../store/secrets.js';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { type QueryRunner, runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadMessages, type TestDb, toStoreMessage } from './test-support.js';

/** A small seeded PRNG (mulberry32): the same queries on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Stages that mostly compile, over the golden messages' fields: what fails at run time is found only by running.
const STARTS = [
  '_sourceCategory=mimecast',
  '*',
  '_sourceName=dlp',
  '_sourceCategory=mimecast_app | json auto',
  '_sourceCategory=mimecast [subquery: * | json "aggregateId" as id | count by id | compose id keywords]',
  '[subquery from=(-20h): _sourceName=siem | compose _sourcename, _sourcecategory maxresults=2] not Eicar',
];
const EXTRACTS = [
  'json "senderIp", "subject", "spamScore" as x, y, z nodrop',
  'json "route", "policy" as x, y nodrop',
  'parse "\\"senderIp\\":\\"*\\"" as x, "\\"subject\\":\\"*\\"" as y nodrop',
  'parse regex "(?<x>\\d+)\\.(?<y>\\d+)" nodrop',
  'json auto',
  'kv "senderIp", "subject" as x, y nodrop',
  'keyvalue regex "\\"(\\\\d+)" "spamScore" as z',
  'json "a[?(@.k == \'x\')].b", "senderIp" as x, y nodrop',
  // A nodrop parse then one without (Sumo's OR), anchors of another case, a number beyond 64 bits.
  'parse "\\"SENDERIP\\":\\"*\\"" as x nodrop | parse regex "\\"subject\\":\\"(?<x>[^\\"]*)" | 18446744073709551616 as y',
];
const ROW_STAGES = [
  'urlEncode(concat(x, " %~*")) as u',
  'urlDecode(concat(x, "%FF%zz+%4")) as u',
  'toUrl(x, y) as u',
  'toUrl(x, y, "p", "s") as u',
  'compareCIDRPrefix(x, "81.2.64.0", "20") as c',
  'where compareCIDRPrefix(x, y, "8") or isNull(x)',
  'getCIDRPrefix(x, "12") as n',
  'maskFromCIDR("7") as m',
  'z * 1Ki + 5K as b',
  'where z < 1Mi',
  'timeslice 1h',
  'num(z) as z',
  'replace(y, /(\\w+)/, "$1-") as y',
  'where [subquery: _sourceCategory=mimecast | json "senderIp", "spamScore" as x, z | compose x, z]',
  'if(![subquery: * | json "subject" as y | count by y | topk(1, _count) | compose y], x, "other") as x',
];
const AGGREGATES = ['count by x, y', 'count by _timeslice, x', 'sum(z) as s, count by x', 'count_distinct(y) by x', 'count'];
const AFTER = [
  'topk(2, _count) by x',
  'topk(1, x asc, _count)',
  'top 2 x by _count, y asc',
  'fillmissing values all in x with -1 for _count',
  'fillmissing timeslice(1h), values all in x takeLast',
  'fillmissing values("a", "b") in x with "none" for y, 0 for _count',
  'transpose row x column y as %"inbound", *',
  'transpose row _timeslice column x as a, b',
  'sort by _count, x asc',
  'limit 3',
  'total _count as t',
  'dedup 1 by x',
  // After fillmissing or transpose these run over their rows again in the database (a requery).
  'where _count > 0 or isNull(inbound)',
  'if(_count > 1, "many", "few") as band',
  'parse field=x "*.*" as p, q nodrop',
  'json field=y "k" as k nodrop',
  'inbound + 1 as n',
];

function query(next: () => number): string {
  const pick = (items: string[]) => items[Math.floor(next() * items.length)];
  const parts = [pick(STARTS), pick(EXTRACTS)];
  for (let i = Math.floor(next() * 3); i > 0; i--) parts.push(pick(ROW_STAGES));
  if (next() < 0.8) parts.push(pick(AGGREGATES));
  for (let i = Math.floor(next() * 3); i > 0; i--) parts.push(pick(AFTER));
  return parts.join(' | ');
}

let duck: TestDb;
let pgDb: TestDatabase;
let pg: PostgresStore;
beforeAll(async () => {
  duck = await createTestDb();
  await loadMessages(duck.connection, MESSAGES);
  pgDb = await createTestDatabase(testDatabaseUrl());
  pg = await connectPostgresStore({
    url: pgDb.url,
    secrets: createSecretBox(deriveKey('q')),
    clock: new ManualClock(),
    logger: silentLogger,
  });
  await pg.messages.append(MESSAGES.map(toStoreMessage));
});
afterAll(async () => {
  duck?.close();
  await pg?.close();
  await pgDb?.drop();
});

describe('fuzz: generated queries run on both databases', () => {
  it('600 queries of the new syntax give rows or a positioned searchQueryError at compile time, never a run-time failure', async () => {
    const next = rng(20261201);
    let ran = 0;
    let rejected = 0;
    const options = { from: DAY, to: DAY + 86_400_000 };
    for (let i = 0; i < 600; i++) {
      const q = query(next);
      let compiled: { runner: QueryRunner; query: ReturnType<typeof compileQuery> }[];
      try {
        compiled = [
          { runner: duck.runner, query: compileQuery(q, { ...options, dialect: 'duckdb' }) },
          { runner: pg, query: compileQuery(q, { ...options, dialect: 'postgres' }) },
        ];
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'searchQueryError') throw new Error(`${q} threw ${String(error)}`);
        expect(error.message).toMatch(/^line \d+, column \d+: /);
        rejected++;
        continue;
      }
      for (const c of compiled) {
        try {
          await runCompiledQuery(c.runner, c.query);
        } catch (error) {
          throw new Error(`${q} compiled but failed when run on ${c.query.sql.includes('$1') ? 'PostgreSQL' : 'DuckDB'}: ${String(error)}`);
        }
      }
      ran++;
    }
    expect(ran).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(10);
  });
});
