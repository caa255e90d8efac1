import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScopeExpression } from '../content/scope-parser.js';
import { AppError } from '../core/errors.js';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { MAX_QUERY_DEPTH, MAX_QUERY_TERMS } from './cursor.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadMessages, type TestDb } from './test-support.js';

const range = { from: DAY, to: DAY + 86_400_000 };
const compile = (q: string, dialect: 'duckdb' | 'postgres' = 'duckdb') => compileQuery(q, { dialect, ...range });

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('no error');
}

const list = (n: number, item: (i: number) => string, sep: string) => Array.from({ length: n }, (_, i) => item(i)).join(sep);
const DEEP = /the query nests more than 100 levels deep/;
const LONG = /the query has more than 2000 terms/;

describe('deep and long queries are refused with a positioned searchQueryError, never a stack overflow', () => {
  // Each was "Maximum call stack size exceeded" (a 500) before the limits; the column is where the limit is crossed.
  const cases: { name: string; query: string; column: number; message: RegExp }[] = [
    { name: '10 000 nested parentheses in the scope', query: `${'('.repeat(10_000)}a${')'.repeat(10_000)}`, column: 101, message: DEEP },
    {
      name: '10 000 nested parentheses in a where',
      query: `* | where ${'('.repeat(10_000)}x=1${')'.repeat(10_000)}`,
      column: 111,
      message: DEEP,
    },
    { name: '5 000 NOTs in the scope', query: `${'not '.repeat(5000)}a`, column: 401, message: DEEP },
    { name: '5 000 NOTs in a where', query: `* | where ${'not '.repeat(5000)}x=1`, column: 411, message: DEEP },
    { name: "5 000 '!' in a where", query: `* | where ${'!'.repeat(5000)}x=1`, column: 111, message: DEEP },
    { name: '5 000 unary minus signs', query: `* | ${'-'.repeat(5000)}1 as y`, column: 105, message: DEEP },
    { name: '5 000 nested function calls', query: `* | ${'abs('.repeat(5000)}1${')'.repeat(5000)} as y`, column: 405, message: DEEP },
    { name: "5 000 chained '? :'", query: `* | ${'x ? '.repeat(5000)}1${' : 2'.repeat(5000)} as y`, column: 407, message: DEEP },
    { name: "a 40 000-term '+' chain", query: `* | ${list(40_000, (i) => String(i % 10), ' + ')} as y`, column: 407, message: DEEP },
    { name: '40 000 scope keywords', query: list(40_000, (i) => `k${i}`, ' '), column: 10_891, message: LONG },
    { name: "40 000 scope terms joined by 'or'", query: list(40_000, (i) => `k${i}`, ' or '), column: 16_891, message: LONG },
    { name: "a where with 40 000 'or' terms", query: `* | where ${list(40_000, (i) => `x=${i}`, ' or ')}`, column: 8894, message: LONG },
    { name: "a where with 40 000 'and' terms", query: `* | where ${list(40_000, (i) => `x=${i}`, ' and ')}`, column: 9893, message: LONG },
    { name: 'an in list of 40 000 values', query: `* | where x in (${list(40_000, (i) => `"${i}"`, ',')})`, column: 12_893, message: LONG },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = failure(() => compile(c.query));
      expect(e.code).toBe('searchQueryError');
      expect(e.message).toMatch(c.message);
      expect(e.details).toMatchObject({ line: 1, column: c.column });
      expect(e.message.startsWith(`line 1, column ${c.column}: `)).toBe(true);
    });
  }

  it('a library data source (scope expression) gets the same limits, positioned in its own text', () => {
    const deep = failure(() => parseScopeExpression(`${'('.repeat(10_000)}a${')'.repeat(10_000)}`));
    expect(deep.code).toBe('searchQueryError');
    expect(deep.message).toMatch(/^column 100: the query nests more than 100 levels deep/);
    const nots = failure(() => parseScopeExpression(`${'not '.repeat(5000)}a`));
    expect(nots.message).toMatch(/^column \d+: the query nests/);
    const long = failure(() => parseScopeExpression(list(40_000, (i) => `k${i}`, ' or ')));
    expect(long.message).toMatch(/^column \d+: the query has more than 2000 terms/);
  });
});

describe('queries at the limits compile for both dialects and run on DuckDB', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await loadMessages(db.connection, MESSAGES);
  });
  afterAll(() => db.close());

  // An even number of NOTs keeps the condition true; each query ends in `count`, so it answers one row.
  const depth = MAX_QUERY_DEPTH;
  const atLimit: { name: string; query: string }[] = [
    { name: `${depth} nested parentheses`, query: `${'('.repeat(depth)}receipt${')'.repeat(depth)} | count` },
    { name: `${depth} NOTs in the scope`, query: `${'not '.repeat(depth)}receipt | count` },
    {
      name: `${depth} levels of calls and parentheses in a where`,
      query: `* | where ${'abs('.repeat(depth / 2)}${'('.repeat(depth / 2)}1${')'.repeat(depth)} = 1 | count`,
    },
    { name: `a ${depth}-operator arithmetic chain`, query: `* | ${list(depth + 1, () => '1', ' + ')} as y | count by y` },
    {
      name: `a where with ${MAX_QUERY_TERMS} 'or' terms`,
      query: `* | json "senderIp" as ip nodrop | where ${list(MAX_QUERY_TERMS / 2 - 2, (i) => `ip = "10.0.${i >> 8}.${i & 255}"`, ' or ')} or ip = "81.2.69.142" | count`,
    },
    { name: `${MAX_QUERY_TERMS} scope keywords joined by 'or'`, query: `${list(MAX_QUERY_TERMS, (i) => `k${i}`, ' or ')} | count` },
  ];
  for (const c of atLimit) {
    it(c.name, async () => {
      expect(compile(c.query, 'postgres').sql).toContain('SELECT');
      const result = await runCompiledQuery(db.runner, compile(c.query));
      expect(result.rows).toHaveLength(1);
    });
  }

  it('one level or one term more is refused', () => {
    expect(failure(() => compile(`${'('.repeat(depth + 1)}receipt${')'.repeat(depth + 1)}`)).message).toMatch(DEEP);
    expect(failure(() => compile(list(MAX_QUERY_TERMS + 1, (i) => `k${i}`, ' or '))).message).toMatch(LONG);
  });
});
