import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { GOLDEN_CASES } from './__fixtures__/golden-cases.js';
import { compileQuery } from './index.js';

/** A small seeded PRNG (mulberry32): the same 10 000 queries on every run. */
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

const PIECES = [
  '|',
  'json',
  'auto',
  '"a"',
  '"b.c[0]"',
  'as',
  'x',
  'y',
  ',',
  'nodrop',
  'where',
  '=',
  '!=',
  '<',
  '>=',
  'and',
  'or',
  'not',
  '!',
  '(',
  ')',
  'count',
  'by',
  'count_distinct(x)',
  'sum(y)',
  'pct(x, 95)',
  'timeslice',
  '1h',
  '5 buckets',
  'fillmissing',
  'timeslice(1d)',
  'transpose',
  'row',
  'column',
  'sort',
  'limit',
  '10',
  'top',
  'parse',
  'regex',
  '"(?<n>\\\\d+)"',
  '"a*b*"',
  'split',
  "delim='@'",
  'extract',
  '1',
  'fields',
  '-',
  'if(x > 1, "a", "b")',
  'matches',
  '/a.*/',
  '"x*"',
  'in',
  '("a", "b")',
  'lookup',
  'latitude',
  'from',
  'geo://location',
  'geo://default',
  'sumo://threat/cs',
  'path://"/Library/Users/a/t"',
  '/Library/Users/a@b.example/t',
  'cat',
  'threat',
  'as',
  'area_code',
  'on',
  'ip',
  'geoip',
  'threatip',
  'threatlookup',
  'singleIndicator',
  'source="x"',
  '_threatlookup.confidence',
  '_sourceCategory=foo',
  'keyword',
  'fail*',
  '"phrase"',
  '*',
  '//c\n',
  '/*c*/',
  '{{v}}',
  'null',
  'true',
  '3.5',
  '+',
  '/',
  '%',
  '?',
  ':',
  'concat(x, "-")',
  'formatDate(_messagetime, "yyyy")',
  'now()',
  '"',
  "'",
  '[',
  ']',
  '\n',
  '_index=health_events',
  'count_frequent',
  'first(x)',
  'last(y)',
  'isNull(x)',
  'toLowerCase(x)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Sumo's ${name} group reference, not a template
  'replace(x, /(?<g>a)\\d/, "$1${g}$0\\\\$")',
  'replace(x, "a", "b")',
  '/\\x{41}\\Q.\\E\\pL/',
  '"(?i)\\w+\\"\\\\"',
  'toInt(x)',
  'isPublicIP(x)',
  'sqrt(y)',
  'atan2(x, y)',
  'formatDate(x)',
  '("x*")',
  'count_distinct(x) y',
  'field=x',
  '%"a b"',
  '%x.y[0]',
  '%"as"',
  'format("%s %.2f %d %S %%", x, y, 1, "a")',
  'format("%x", x)',
  'haversine(x, y, 1, 2)',
  'by 1h',
  'maxdepth 2',
  'keys "a", "B"',
  'refonly',
  'extractarrays',
  'withtime x',
  'most_recent(x_withtime)',
  'least_recent(x)',
  '"a[*].b"',
  '"a[?(@.b)]"',
  '"a[?(@.k == \'x\')].b"',
  '"a[?(@.k.l != 1)]"',
  '%a[*].b',
  'total _count',
  'total x as t by y',
  'dedup 2 by x',
  'dedup',
  'parseDate(x, "yyyy-MM-dd HH:mm")',
  'parseDate(x, "dd/MM/yyyy", "Europe/Paris")',
  'urlEncode(x)',
  'urlDecode("%zz+%FF")',
  'toUrl(x, "n")',
  'toUrl(x, y, "p")',
  'toUrl(x, y, "p", "s")',
  'compareCIDRPrefix(x, "10.0.0.0", "8")',
  'compareCIDRPrefix(x, y, z)',
  'getCIDRPrefix(x, "33")',
  'maskFromCIDR("24")',
  'topk(2, _count)',
  'topk(2, x asc, y) by z',
  'topk(0, x)',
  'top 3 x by _count, y asc',
  'values all in x',
  'values("a") in x',
  'with -1 for _count',
  'with "n" for x, null for y',
  'takeLast',
  'as %"a", *',
  'as *',
  '"a=*," as a, "b=*," as b',
  '1Mi',
  '5K',
  '0.5Gi',
  'outlier _count',
  'outlier x by y',
  'window=3,',
  'threshold=2.5',
  'consecutive=2',
  'direction=+-',
  'direction=-',
  'accum x as y',
  'backshift x, 2',
  'compare timeshift 1d',
  'compare with timeshift 1h 3 avg',
  'timeshift 2d as y',
  'transactionize x, y',
  'maxSpan=5m',
  'maxLogs=3 keepOrphans=false',
  'join (parse "a=*" as a) as t1, (json "b" | count by b) as t2 on t1.a = t2.b',
  '[subquery:',
  'keyvalue',
  'kv "a", "b" as x, y nodrop',
  'regex "=(\\w+)"',
  '[subquery from=(-1h):',
  '[subquery to=(2026/11/20 01:00):',
  '[subquery: x | count by ip | compose ip]',
  'compose',
  'compose x, y keywords',
  'maxresults=3',
  'keywords',
  'join',
  't1.a = t2.b',
];
const NOISE = ['(', ')', '"', '|', '/', '*', '\\', "'", '{', '}', '=', ' ', 'é', '\u0000', '💥', '['];

function generated(next: () => number): string {
  const n = 1 + Math.floor(next() * 14);
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(PIECES[Math.floor(next() * PIECES.length)]);
  return parts.join(' ');
}

function mutated(next: () => number): string {
  let q = GOLDEN_CASES[Math.floor(next() * GOLDEN_CASES.length)].query;
  const edits = 1 + Math.floor(next() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(next() * (q.length + 1));
    const kind = next();
    if (kind < 0.4) q = q.slice(0, at) + q.slice(at + 1 + Math.floor(next() * 5));
    else if (kind < 0.8) q = q.slice(0, at) + NOISE[Math.floor(next() * NOISE.length)] + q.slice(at);
    else q = q.slice(0, at) + PIECES[Math.floor(next() * PIECES.length)] + q.slice(at);
  }
  return q;
}

describe('parser fuzz', () => {
  it('10 000 generated and mutated queries either compile or fail with a searchQueryError', () => {
    const next = rng(20261123);
    let compiled = 0;
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      const q = i % 2 === 0 ? generated(next) : mutated(next);
      try {
        const c = compileQuery(q, { dialect: 'duckdb', from: 0, to: 3_600_000, autoParse: i % 3 === 0 });
        expect(c.params.length).toBeGreaterThan(0);
        compiled++;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'searchQueryError') {
          throw new Error(`query ${JSON.stringify(q)} threw ${error instanceof Error ? error.stack : String(error)}`);
        }
        expect(error.message).toMatch(/^line \d+, column \d+: /);
        rejected++;
      }
    }
    expect(compiled + rejected).toBe(10_000);
    expect(compiled).toBeGreaterThan(100);
  });
});

/** Pieces that nest or chain when repeated: each once was a stack overflow at some count. */
const OPENERS = ['(', 'not ', '!', '-', 'abs(', 'x ? ', 'if(x > 1, '];
const CHAINS = [' or ', ' and ', ' + ', ' * ', ' ', ', '];
const STARTS = ['', '* | where ', '* | ', 'a | count by x | where ', '* | where x in ('];

function deepOrLong(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  // Mostly around the limits (100 levels, 2000 terms), sometimes far past them.
  const r = next();
  const count = r < 0.6 ? 1 + Math.floor(next() * 150) : r < 0.85 ? 150 + Math.floor(next() * 2350) : 2500 + Math.floor(next() * 10_000);
  const start = pick(STARTS);
  if (next() < 0.5) {
    const opener = pick(OPENERS);
    const close = opener.endsWith('(') || opener.endsWith(', ') ? ')' : opener === 'x ? ' ? ' : 1' : '';
    return `${start}${opener.repeat(count)}x = 1${close.repeat(count)}${next() < 0.3 ? ' as y' : ''}`;
  }
  const chain = pick(CHAINS);
  return `${start}${Array.from({ length: count }, (_, i) => (next() < 0.5 ? `k${i}` : `x = ${i}`)).join(chain)}${start.endsWith('(') ? ')' : ''}`;
}

describe('parser fuzz: deep and long syntax', () => {
  it('2 000 deeply nested or long queries either compile or fail with a positioned searchQueryError', () => {
    const next = rng(20261124);
    let compiled = 0;
    let rejected = 0;
    for (let i = 0; i < 2000; i++) {
      const q = deepOrLong(next);
      try {
        compileQuery(q, { dialect: i % 2 === 0 ? 'duckdb' : 'postgres', from: 0, to: 3_600_000 });
        compiled++;
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'searchQueryError') {
          throw new Error(`query ${JSON.stringify(q.slice(0, 200))}… threw ${error instanceof Error ? error.stack : String(error)}`);
        }
        expect(error.message).toMatch(/^line \d+, column \d+: /);
        rejected++;
      }
    }
    expect(compiled).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
