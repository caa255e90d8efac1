import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadMessages } from './test-support.js';

/**
 * outlier, accum, backshift, compare, transactionize and join: the examples of Sumo Logic's operator pages (SumoLogic/sumologic-documentation,
 * docs/search/search-query-language/search-operators/) compile for both databases; the forms refused are
 * refused at compile time with a position. The golden cases (golden-cases-analytics.ts) run them on data.
 */
const PAGE = 'search-operators/';
const EXAMPLES: { page: string; query: string }[] = [
  {
    page: 'outlier.md',
    query: String.raw`_sourceCategory=IIS/Access | parse regex "\d+-\d+-\d+ \d+:\d+:\d+ (?<server_ip>\S+) (?<method>\S+) (?<cs_uri_stem>/\S+?) \S+ \d+ (?<user>\S+) (?<client_ip>[\.\d]+) " | parse regex "\d+ \d+ \d+ (?<response_time>\d+)$" | timeslice 15m | max(response_time) as response_time by _timeslice | outlier response_time window=5,threshold=3,consecutive=2,direction=+-`,
  },
  {
    page: 'outlier.md',
    query: String.raw`_sourceCategory=Apache/Access | parse "HTTP/1.1\" * " as status_code | where status_code matches "5*" | timeslice 5m | count(status_code) as status_code by _timeslice | outlier status_code window=5,threshold=3,consecutive=1,direction=+-`,
  },
  {
    page: 'outlier.md',
    query: '_sourceCategory=Apache/Access | timeslice 1m | count by _timeslice, _sourceHost | outlier _count by _sourceHost',
  },
  {
    page: 'outlier.md',
    query: '_sourceCategory=Apache/Access | timeslice 1m | count by _timeslice,_sourceHost | outlier _count by _sourceHost',
  },
  {
    page: 'outlier.md',
    query: String.raw`_sourceCategory=O365* | parse "\"UserId\":\"*\"" as user_id | parse "\"ResultStatus\":\"*\"" as result | where result = "fail" | timeslice 30m | count by user_id, _timeslice | outlier _count by user_id | fields _timeslice,user_id, _count_violation | transpose row _timeslice column user_id`,
  },
  {
    page: 'outlier.md',
    query:
      'error (_sourceCategory=Apache* or _sourceCategory=IIS*) | timeslice 1m | count by _timeslice, _sourceCategory | outlier _count by _sourceCategory | fields _timeslice,_sourceCategory, _count_violation | transpose row _timeslice column _sourceCategory',
  },
  {
    page: 'outlier.md',
    query:
      '_sourceCategory=Apache* | timeslice 30m | count  by _timeslice, status_code | outlier _count by status_code | where _count_std >0 | if(_count_violation=1,abs(_count_error)/_count_std, 0) as deviation | fields _timeslice, status_code, deviation | transpose row _timeslice column status_code',
  },
  {
    page: 'accum.md',
    query:
      '_sourceCategory=IIS/Access (Wyatt OR Luke) | parse "* * * * * * * * " as date, time, csmethod, cs_uri_stem, cs_uri_query, s_port, c_ip, cs_username | timeslice by 1m | count as requests by _timeslice,cs_username | sort by _timeslice asc,cs_username | accum requests as running_total',
  },
  {
    page: 'accum.md',
    query:
      '_sourceCategory=IIS/Access (Wyatt OR Luke) | parse "* * * * * * * * " as date, time, csmethod, cs_uri_stem, cs_uri_query, s_port, c_ip, cs_username | timeslice by 1m | count as requests by _timeslice,cs_username | sort by _timeslice asc,cs_username | accum requests as running_total by cs_username',
  },
  {
    page: 'backshift.md',
    query: '_sourceCategory=Labs/Apache/Access | timeslice by 1m | count by _timeslice | sort + _timeslice | backshift _count,10 as size',
  },
  { page: 'compare.md', query: 'error | timeslice by 1h | count by _timeslice | compare timeshift 2d' },
  { page: 'compare.md', query: '_sourceHost = prod | timeslice by 1m | count by _timeslice | compare timeshift 10m 5' },
  { page: 'compare.md', query: '_sourceHost = prod | timeslice by 1m | count by _timeslice | compare timeshift 10m 5 avg' },
  {
    page: 'compare.md',
    query: '"delay:" | parse "delay: *" as delay | avg(delay) as average_delay_in_millis by _sourceHost | compare timeshift 30m',
  },
  { page: 'compare.md', query: '* | timeslice 1h | count by _timeslice | compare timeshift 12h, timeshift 1d 3 avg, timeshift 1w' },
  { page: 'compare.md', query: '* | count by _sourceHost | compare timeshift 1d as yesterday, timeshift 1w 4 as last_four_weeks' },
  { page: 'compare.md', query: '* | count | compare timeshift 1w 3 max' },
  { page: 'compare.md', query: '* | count | compare timeshift 6h 4 min' },
  { page: 'compare.md', query: '* | count | compare timeshift 1d 7' },
  {
    page: '../../time-compare.md',
    query:
      '_sourceCateogy=WebserverLogs "Bad username or password" | timeslice 30m | count _timeslice | compare timeshift 1d 7 avg | abs(_count - _count_7d_avg )/ _count_7d_avg as percentOver | where percentOver > 0.15',
  },
  {
    page: '../transaction-analytics/transactionize-operator.md',
    query:
      '* | parse "[system=001] [sessionId=*]" as system1Id nodrop | parse "[system=002][sessionId=*]" as system2Id nodrop | parse "[system=003][sessionId=*]" as system3Id nodrop | parse "system=001 with sessionId=*" as system1Id nodrop | transactionize system1Id, system2Id, system3Id',
  },
  { page: '../transaction-analytics/transactionize-operator.md', query: '* | transactionize accountId as account maxlogs = 10' },
  {
    page: 'join.md',
    query:
      '* | join (parse "starting stream from *" AS a) as t1, (parse "starting search * from parent stream *" AS b, c) as t2, (parse "starting save * from parent stream *" AS d, e) as t3 on t1.a = t2.c and t1.a = t3.e',
  },
  {
    page: 'join.md',
    query:
      '* | join (parse "starting stream from *" AS a) AS t1, (parse "starting search * from parent stream *" AS b, c) AS t2 on t1.a = t2.c | fields t1_a, t2_b',
  },
  {
    page: 'join.md',
    query:
      '("starting stream from" OR "starting search") | join (parse "starting stream from *" AS a) AS t1, (parse "starting search * from parent stream *" AS b, c) AS t2 on t1.a = t2.c',
  },
];

const compile = (q: string, dialect: 'duckdb' | 'postgres' = 'duckdb') => compileQuery(q, { dialect, from: 0, to: 86_400_000 });

describe("the analytics operators' documented examples compile", () => {
  for (const e of EXAMPLES) {
    it(`${PAGE}${e.page}: ${e.query.slice(0, 70)}`, () => {
      for (const dialect of ['duckdb', 'postgres'] as const) expect(compile(e.query, dialect).sql).toMatch(/^WITH/);
    });
  }

  it('gives outlier the fields Sumo names, after the aggregate', () => {
    const compiled = compile('* | timeslice 1h | count by _timeslice | outlier _count');
    expect(compiled.fields.map((f) => f.name)).toEqual([
      '_timeslice',
      '_count',
      '_count_mean',
      '_count_std',
      '_count_lower',
      '_count_upper',
      '_count_error',
      '_count_indicator',
      '_count_violation',
    ]);
  });
});

function failure(q: string): AppError {
  try {
    compile(q);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`compiled: ${q}`);
}

describe('analytics forms that cannot run are refused at compile time, with a position', () => {
  const ts = '* | timeslice 1h | count by _timeslice';
  const cases: { query: string; column: number; message: RegExp }[] = [
    { query: '* | outlier _count', column: 5, message: /outlier needs aggregate rows by a timeslice/ },
    { query: '* | count by x | outlier _count', column: 18, message: /outlier needs aggregate rows by a timeslice/ },
    { query: `${ts} | outlier _count window=0`, column: 64, message: /window must be a whole number from 1 to 1000/ },
    { query: `${ts} | outlier _count window=2.5`, column: 64, message: /window must be a whole number/ },
    { query: `${ts} | outlier _count threshold=-1`, column: 67, message: /threshold must be a positive number/ },
    { query: `${ts} | outlier _count consecutive=3, window=2`, column: 42, message: /consecutive must not be more than its window/ },
    { query: `${ts} | outlier _count direction=*`, column: 67, message: /expected a direction: \+-, \+ or -/ },
    { query: `${ts} | outlier _count sigma=2`, column: 57, message: /outlier has no option 'sigma'/ },
    { query: `${ts} | outlier _count by nope`, column: 42, message: /field 'nope' does not exist after the aggregate/ },
    { query: `${ts} | outlier nope`, column: 42, message: /field 'nope' does not exist after the aggregate/ },
    {
      query: `${ts} | fillmissing timeslice(1h) | join (count) as t1, (count) as t2 on t1._count = t2._count`,
      column: 70,
      message: /join after fillmissing or transpose is not supported/,
    },
    { query: `${ts} | backshift _count, 0`, column: 60, message: /backshift's shift must be between 1 and 1000/ },
    { query: `${ts} | backshift _count, 1001`, column: 60, message: /backshift's shift must be between 1 and 1000/ },
    { query: `${ts} | accum _count by`, column: 57, message: /unexpected end of query; expected a field name/ },
    { query: `${ts} | accum "x"`, column: 48, message: /expected the numeric field to add up/ },
    { query: '* | compare timeshift 1d', column: 5, message: /compare must follow an aggregate/ },
    { query: `${ts} | compare timeshift 1d 14`, column: 50, message: /compare would run 14 extra queries, more than 7/ },
    { query: `${ts} | compare timeshift 1d 5 avg, timeshift 1w 4`, column: 70, message: /would run 9 extra queries/ },
    { query: `${ts} | compare timeshift 1x`, column: 60, message: /expected a time shift such as 30m/ },
    { query: `${ts} | compare timeshift 1d as a, timeshift 2d as a`, column: 69, message: /two results named '_count_a'/ },
    { query: `${ts} | compare timeshift 1d | compare timeshift 2d`, column: 65, message: /compare can be used once in a query/ },
    { query: `${ts} | limit 5 | compare timeshift 1d`, column: 42, message: /'limit' cannot come between the aggregate and compare/ },
    { query: '* | count by x | transactionize x', column: 18, message: /transactionize works on messages, not on aggregate rows/ },
    { query: '* | parse regex "(?<a>b)" multi | transactionize a', column: 35, message: /cannot be used with parse … multi/ },
    { query: '* | transactionize a (merge b)', column: 22, message: /transactionize with a subquery is not supported/ },
    { query: '* | transactionize a startsWith="x"', column: 22, message: /transactionize startsWith is not supported/ },
    { query: '* | transactionize a maxLogs=0', column: 30, message: /maxLogs must be between 1 and 100000/ },
    { query: '* | transactionize a maxSpan=5', column: 30, message: /expected a time such as 30s, 5m or 1h/ },
    { query: '* | transactionize a keepOrphans=maybe', column: 34, message: /expected true or false/ },
    { query: '* | transactionize a foo=1', column: 22, message: /transactionize has no parameter 'foo'/ },
    { query: '* | join (parse "a *" as a) as t1', column: 5, message: /join needs two tables or more/ },
    {
      query: '* | join (parse "a *" as a) as t1, (transactionize b) as t2 on t1.a = t2.b',
      column: 36,
      message: /a join table cannot use transactionize/,
    },
    {
      query: 'error [subquery from=(-1h) to=(-2h): x | compose ip] | count',
      column: 22,
      message: /the subquery's from must be before its to/,
    },
    {
      query: '* | join (parse "a *" as a) as t1, (parse "b *" as b) as t2 on t1.a = t3.b',
      column: 71,
      message: /'t3.b' is not a field of a table/,
    },
    {
      query: '* | join (parse "a *" as a) as t1, (parse "b *" as b) as t2 on t1.a = t2.x',
      column: 64,
      message: /table t2 has no field 'x'/,
    },
    { query: '* | join (parse "a *" as a) as t1, (parse "b *" as b) as t2 on t1.a != t2.b', column: 69, message: /expected '='/ },
    {
      query: '* | join (parse "a *" as a) as t1, (parse "b *" as b) as t2 on t1.a = t2.b timewindow 10m',
      column: 76,
      message: /join timewindow is not supported/,
    },
    {
      query: '* | join (parse "a *" as a) as t1, (parse "b *" as b) as t2, (parse "c *" as c) as t3 on t1.a = t2.b',
      column: 62,
      message: /table t3 is not in a join condition/,
    },
    {
      query: '* | count by a | join (parse "a *" as a) as t1, (parse "b *" as b) as t2 on t1.a = t2.b',
      column: 18,
      message: /join works on messages/,
    },
    {
      query: `${ts} | transpose row _timeslice column _count | compare with timeshift 15m`,
      column: 42,
      message: /'transpose' cannot come between the aggregate and compare/,
    },
  ];
  for (const c of cases) {
    it(c.query, () => {
      const e = failure(c.query);
      expect(e.code).toBe('searchQueryError');
      expect(e.details).toMatchObject({ line: 1, column: c.column });
      expect(e.message).toMatch(c.message);
      expect(e.message).not.toMatch(/SELECT|WITH s0/);
    });
  }
});

describe('compare', () => {
  it("counts only the present window's messages in the histogram", async () => {
    const db = await createTestDb();
    try {
      await loadMessages(db.connection, MESSAGES);
      const range = { dialect: 'duckdb' as const, from: DAY + 2 * 3_600_000, to: DAY + 5 * 3_600_000 };
      const histogram = async (q: string) => {
        const rows = await db.runner.query(compileQuery(q, range).histogram.sql, compileQuery(q, range).histogram.params);
        return rows.reduce((sum, r) => sum + Number(r.n), 0);
      };
      const present = await histogram('_sourceCategory=mimecast | count');
      expect(present).toBe(7);
      expect(await histogram('_sourceCategory=mimecast | count | compare timeshift 1h 3 avg')).toBe(present);
    } finally {
      db.close();
    }
  });
});

describe('transactionize', () => {
  it('refuses, before reading them, more messages than the budget', async () => {
    const db = await createTestDb();
    try {
      await loadMessages(db.connection, MESSAGES);
      const compiled = compileQuery('_sourceCategory=mimecast | json "aggregateId" as id nodrop | transactionize id', {
        dialect: 'duckdb',
        from: DAY,
        to: DAY + 86_400_000,
      });
      const budget = { maxRows: 100, maxStageValues: 20, maxExpandedRows: 100 };
      const error = await runCompiledQuery(db.runner, compiled, { budget }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('search.budget.exceeded');
      expect((error as AppError).message).toMatch(/^transactionize: would build 52 values, more than the limit of 20/);
      expect((await runCompiledQuery(db.runner, compiled, { budget: { ...budget, maxStageValues: 52 } })).rows).toHaveLength(13);
    } finally {
      db.close();
    }
  });
});

describe('join', () => {
  const streams = [
    'starting stream from stream-2454',
    'starting stream from stream-7343',
    'starting search search-733434 from parent stream stream-2454',
    'starting search search-854343 from parent stream stream-7343',
    'starting stream from stream-6543',
    'starting search search-455563 from parent stream stream-6543',
    'starting search search-32342 from parent stream stream-7343',
  ];
  const query =
    '* | join (parse "starting stream from *" AS a) AS T1, (parse "starting search * from parent stream *" AS b, c) AS T2 on T1.a = T2.c';
  const range = { dialect: 'duckdb' as const, from: DAY, to: DAY + 86_400_000 };

  it("gives join.md's answer on its example logs", async () => {
    const db = await createTestDb();
    try {
      await loadMessages(
        db.connection,
        streams.map((raw, i) => ({ raw, time: DAY + i * 1000 })),
      );
      const result = await runCompiledQuery(db.runner, compileQuery(query, range));
      expect(result.rows).toEqual([
        { t1_a: 'stream-2454', t2_b: 'search-733434', t2_c: 'stream-2454' },
        { t1_a: 'stream-6543', t2_b: 'search-455563', t2_c: 'stream-6543' },
        { t1_a: 'stream-7343', t2_b: 'search-32342', t2_c: 'stream-7343' },
        { t1_a: 'stream-7343', t2_b: 'search-854343', t2_c: 'stream-7343' },
      ]);
      const budget = { maxRows: 100, maxStageValues: 100, maxExpandedRows: 3 };
      const error = await runCompiledQuery(db.runner, compileQuery(query, range), { budget }).catch((e: unknown) => e);
      expect((error as AppError).code).toBe('search.budget.exceeded');
      expect((error as AppError).message).toMatch(/^join: would build 4 rows, more than the limit of 3/);
    } finally {
      db.close();
    }
  });
});
