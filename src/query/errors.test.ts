import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { compileQuery } from './index.js';

const compile = (q: string) => compileQuery(q, { dialect: 'duckdb', from: 0, to: 86_400_000 });

function failure(q: string): AppError {
  try {
    compile(q);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`compiled: ${q}`);
}

describe('bad queries give a searchQueryError with the position and what was expected', () => {
  const cases: { query: string; line: number; column: number; message: RegExp }[] = [
    { query: '* | json "a" as', line: 1, column: 16, message: /unexpected end of query; expected a field name/ },
    { query: '* | merge x', line: 1, column: 5, message: /operator 'merge' is not supported/ },
    { query: '* | frobnicate', line: 1, column: 5, message: /operator 'frobnicate' is not supported/ },
    { query: '* | where foo(x) = 1', line: 1, column: 11, message: /function 'foo' is not supported/ },
    { query: '* | where if(a, b) = 1', line: 1, column: 11, message: /if takes 3 argument\(s\), not 2/ },
    { query: '* | where "abc" + 1 > 2', line: 1, column: 11, message: /needs a number/ },
    { query: '* | where x', line: 1, column: 11, message: /needs a condition/ },
    { query: '* | json "a", "b" as x', line: 1, column: 22, message: /2 JSON path\(s\) but 1 name/ },
    { query: '* | timeslice 5x', line: 1, column: 15, message: /expected a span/ },
    { query: '* | limit 20000', line: 1, column: 11, message: /limit must be between 1 and 10000/ },
    { query: '* | parse regex "(?<a>[a-z"', line: 1, column: 17, message: /invalid regular expression/ },
    { query: '* | count by x | where y > 1', line: 1, column: 24, message: /field 'y' does not exist after the aggregate/ },
    { query: 'a | where x = "unterminated', line: 1, column: 15, message: /unterminated string/ },
    { query: '* \n| json "a"\n| where ) ', line: 3, column: 9, message: /unexpected '\)'/ },
    { query: '* | lookup country from geo://default on ip=x', line: 1, column: 12, message: /'country' is not a geo field/ },
    { query: '* | lookup country from geo://other on ip=x', line: 1, column: 25, message: /this lookup table is not supported/ },
    { query: '* | lookup latitude on ip=x', line: 1, column: 28, message: /expected 'from' and a lookup table/ },
    { query: '* | lookup type, score from sumo://threat/cs on threat=ip', line: 1, column: 18, message: /'score' is not a threat field/ },
    { query: '* | lookup type from sumo://threat/cs on ip=x', line: 1, column: 42, message: /unexpected 'ip'; expected 'threat'/ },
    { query: '* | lookup a from path://"Users/x" on k=f', line: 1, column: 26, message: /a lookup table path starts with \/Library\// },
    { query: '* | lookup a from path://"/Library/t" on k=f, k=g', line: 1, column: 47, message: /the key k is named twice/ },
    { query: 'cat path://"Users/me/t" | count', line: 1, column: 12, message: /a lookup table path starts with \/Library\// },
    { query: 'cat /Library/Users/me/t extra', line: 1, column: 25, message: /unexpected 'extra'; expected '\|' after the lookup table/ },
    {
      query: '* | where [subquery: x | count by ip | compose ip keywords]',
      line: 1,
      column: 51,
      message: /keywords is not supported in where and if/,
    },
    {
      query: '[subquery: x | compose ip maxresults=10001] | count',
      line: 1,
      column: 38,
      message: /maxresults must be between 1 and 10000/,
    },
    { query: '* | keyvalue auto', line: 1, column: 14, message: /keyvalue auto is not supported/ },
    { query: '* | kv regex "(a)=(b)" "k"', line: 1, column: 14, message: /a keyvalue regex needs exactly one capture group/ },
    { query: '* | kv "a", "b" as x', line: 1, column: 17, message: /2 key\(s\) but 1 name\(s\)/ },
    { query: '[subquery from=(yesterday): x | compose ip]', line: 1, column: 16, message: /unknown time 'yesterday'/ },
    { query: '[subquery: x | count by ip] | count', line: 1, column: 27, message: /a subquery ends with \| compose and its fields/ },
    {
      query: '[subquery: x | count by ip | compose host]',
      line: 1,
      column: 38,
      message: /field 'host' does not exist after the aggregate/,
    },
    { query: 'x [subquery: y | geoip ip | compose ip]', line: 1, column: 18, message: /a geo lookup inside a subquery is not supported/ },
    { query: '* | count by ip | save path://"/Library/t" | count', line: 1, column: 44, message: /nothing may follow save/ },
    { query: '* | save append /tmp/x', line: 1, column: 17, message: /expected path:\/\/"\/Library\/…" of the lookup table to save to/ },
    { query: '* | save path://"/tmp/x"', line: 1, column: 17, message: /a lookup table path starts with \/Library\// },
    { query: '* | threatlookup source=mine ip', line: 1, column: 25, message: /expected the threat-intelligence source in quotes/ },
    { query: '* | where x matches', line: 1, column: 20, message: /expected a quoted pattern, \/regex\/ or a field/ },
    { query: '(a OR b', line: 1, column: 8, message: /expected '\)'/ },
    { query: '* | format("%,d", x) as y', line: 1, column: 12, message: /format conversion '%,d' is not supported/ },
    { query: '* | format("%s", x, y) as z', line: 1, column: 21, message: /1 conversion\(s\) but 2 value\(s\)/ },
    { query: '* | %"" as x', line: 1, column: 5, message: /empty field name/ },
    { query: '* | json "a[?(@.b > 1)]"', line: 1, column: 10, message: /JSON path "a\[\?\(@\.b > 1\)\]": this filter is not supported/ },
    { query: '* | json "a..b"', line: 1, column: 10, message: /'\.\.', slices and unions are not supported/ },
    { query: '* | json "a[*].b[*]"', line: 1, column: 10, message: /at most one \[\*\]/ },
    { query: '* | dedup consecutive by a', line: 1, column: 11, message: /dedup consecutive is not supported/ },
    { query: '* | dedup 0 by a', line: 1, column: 11, message: /dedup keeps between 1 and 10000 rows/ },
    { query: '* | count by a | dedup', line: 1, column: 18, message: /field '_raw' does not exist after the aggregate/ },
    {
      query: '* | count by a | fillmissing values("x") in a | geoip a',
      line: 1,
      column: 49,
      message: /a geo lookup after fillmissing or transpose is not supported/,
    },
    {
      query: '* | timeslice 1h | count by _timeslice | fillmissing timeslice in nope',
      line: 1,
      column: 67,
      message: /'nope' is not a group key; expected _timeslice/,
    },
    { query: '* | parseDate(x, "MMM dd") as y', line: 1, column: 18, message: /parseDate does not read 'MMM'/ },
    { query: '* | parseDate(x, "yyyy", "Mars/Olympus") as y', line: 1, column: 26, message: /unknown time zone 'Mars\/Olympus'/ },
    { query: '* | json auto maxdepth 0', line: 1, column: 24, message: /maxdepth must be at least 1/ },
    { query: '* | json auto keys "a", "b" as x', line: 1, column: 32, message: /2 key\(s\) but 1 name\(s\)/ },
    { query: '* | count by x | parse "a=*" as a', line: 1, column: 18, message: /field '_raw' does not exist after the aggregate/ },
    {
      query: '* | where x matches /\\pL+/',
      line: 1,
      column: 13,
      message: /Unicode classes \(\\p\{…\}\) in a regular expression are not supported/,
    },
    { query: '* | parse regex "a(?i)(?<b>c)"', line: 1, column: 17, message: /the flags \(\?i\) are supported only as/ },
    { query: '* | parse regex "(?U)(?<b>c+)"', line: 1, column: 17, message: /the flags \(\?U\) are supported only as/ },
    { query: '* | parse regex "(?<b>\\h)"', line: 1, column: 17, message: /invalid regular expression \(\\h\)/ },
  ];
  for (const c of cases) {
    it(c.query.replace(/\n/g, '\\n'), () => {
      const e = failure(c.query);
      expect(e.code).toBe('searchQueryError');
      expect(e.details).toMatchObject({ line: c.line, column: c.column });
      expect(e.message).toMatch(c.message);
      expect(e.message.startsWith(`line ${c.line}, column ${c.column}: `)).toBe(true);
      expect(e.message).not.toMatch(/SELECT|WITH s0/);
    });
  }
});
