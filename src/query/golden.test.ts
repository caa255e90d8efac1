import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_CASES, type GoldenCase } from './__fixtures__/golden-cases.js';
import { INDICATORS } from './__fixtures__/indicators.js';
import { LOOKUP_TABLES } from './__fixtures__/lookup-tables.js';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { runCompiledQuery } from './execute.js';
import { type GeoLookup, openGeoDatabase } from './geo.js';
import { compileQuery } from './index.js';
import { expectGolden, goldenSql } from './test-golden.js';
import { createTestDb, loadIndicators, loadLookupTables, loadMessages, type TestDb } from './test-support.js';

const goldenDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '__fixtures__', 'golden');

let db: TestDb;
let geo: GeoLookup;

beforeAll(async () => {
  db = await createTestDb();
  await loadMessages(db.connection, MESSAGES);
  await loadIndicators(db.connection, INDICATORS);
  await loadLookupTables(db.connection, LOOKUP_TABLES);
  geo = await openGeoDatabase();
});
afterAll(() => db.close());

const options = (c: GoldenCase, useExtractedColumns = true) => ({
  dialect: 'duckdb' as const,
  from: c.from ?? DAY,
  to: c.to ?? DAY + 86_400_000,
  variables: c.variables,
  timeZone: c.timeZone,
  excludedPartitions: c.excludedPartitions,
  useExtractedColumns,
});

function pick(rows: Record<string, unknown>[], expected: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((r, i) => Object.fromEntries(Object.keys(expected[i] ?? r).map((k) => [k, r[k]])));
}

describe('golden cases: query → DuckDB SQL, executed on known messages', () => {
  for (const c of GOLDEN_CASES) {
    it(c.name, async () => {
      const compiled = compileQuery(c.query, options(c));
      const file = path.join(goldenDir, `${c.name}.duckdb.sql`);
      const text = goldenSql(compiled);
      expectGolden(file, text);

      const result = await runCompiledQuery(db.runner, compiled, { geo });
      if (compiled.kind === 'messages') {
        expect(result.rows).toHaveLength(c.rows.length);
        expect(pick(result.rows, c.rows)).toEqual(c.rows);
      } else {
        expect(result.rows).toEqual(c.rows);
      }

      // The same answers when every field is parsed from _raw instead of read from an extracted column.
      const parsed = await runCompiledQuery(db.runner, compileQuery(c.query, options(c, false)), { geo });
      expect(parsed.rows).toEqual(result.rows);
    });
  }
});
