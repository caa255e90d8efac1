import type { AggregateCall, Literal, Operator, SortKey } from './ast.js';
import { type Cursor, parseNameList } from './cursor.js';
import { type Pos, queryError } from './errors.js';

// The operators over rows: aggregates, top, timeslice, sort, fillmissing and transpose.

export const AGGREGATES = new Set([
  'count',
  'count_distinct',
  'sum',
  'avg',
  'min',
  'max',
  'pct',
  'first',
  'last',
  'count_frequent',
  'most_recent',
  'least_recent',
]);

/**
 * Sumo's `most_recent(x_withtime)` and `least_recent(…)` (after `withtime x`) are first and last under another
 * name and default alias: here every aggregate row keeps its message time, so `withtime` needs no JSON.
 */
const BY_TIME: Partial<Record<string, { fn: 'first' | 'last'; alias: string }>> = {
  most_recent: { fn: 'first', alias: '_mostrecent' },
  least_recent: { fn: 'last', alias: '_leastrecent' },
};

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `1d`, `15m`: a number immediately followed by its unit. */
function parseSpan(c: Cursor): number {
  const n = c.peek();
  const unit = c.peek(1);
  if (n.kind !== 'number' || !/^[0-9]+$/.test(n.value) || unit.kind !== 'ident' || unit.pos.offset !== n.end || !UNITS[unit.value]) {
    throw c.unexpected('a span such as 1m, 15m, 1h or 1d');
  }
  c.next();
  c.next();
  const ms = Number(n.value) * UNITS[unit.value];
  if (ms <= 0) throw queryError(n.pos, 'the span must be positive', 'a span such as 1h');
  return ms;
}

export function parseTimeslice(c: Cursor): Operator {
  const pos = c.next().pos;
  let spanMs: number | null = null;
  let buckets: number | null = null;
  // `timeslice by 1h` is Sumo's longer form of `timeslice 1h`.
  if (c.isWord('by')) c.next();
  if (c.peek().kind === 'number' && c.isWord('buckets', 1)) {
    const n = c.expectInteger();
    c.next();
    if (n.value < 1 || n.value > 10000) throw queryError(n.token.pos, 'buckets must be between 1 and 10000', 'a number from 1 to 10000');
    buckets = n.value;
  } else {
    spanMs = parseSpan(c);
  }
  const name = c.acceptWord('as') ? c.expectIdent().value.toLowerCase() : '_timeslice';
  return { op: 'timeslice', spanMs, buckets, name, pos };
}

function parseAggregateCall(c: Cursor): AggregateCall {
  const t = c.expectIdent('an aggregate function');
  const byTime = BY_TIME[t.value.toLowerCase()];
  const fn: AggregateCall['fn'] = byTime?.fn ?? (t.value.toLowerCase() as AggregateCall['fn']);
  if (!AGGREGATES.has(fn))
    throw queryError(t.pos, `'${t.value}' is not an aggregate function`, 'count, count_distinct, sum, avg, min, max, pct, first or last');
  let field: string | null = null;
  const percentiles: number[] = [];
  if (fn === 'count_frequent') {
    throw queryError(t.pos, 'count_frequent must be the only aggregate of its stage', 'count_frequent field, …');
  }
  if (c.acceptOp('(')) {
    if (!(fn === 'count' && c.isOp(')'))) {
      field = c.expectIdent().value.toLowerCase();
      if (fn === 'pct') {
        c.expectOp(',');
        do {
          const p = c.peek();
          if (p.kind !== 'number' || Number(p.value) <= 0 || Number(p.value) >= 100) throw c.unexpected('a percentile between 0 and 100');
          c.next();
          percentiles.push(Number(p.value));
        } while (c.acceptOp(','));
      }
    }
    c.expectOp(')');
  } else if (fn !== 'count') {
    throw c.unexpected(`'(' and the field ${fn} reads`);
  }
  if (fn !== 'count' && field === null) throw queryError(t.pos, `${fn} needs a field`, `${fn}(field)`);
  const alias = c.acceptWord('as') ? c.expectIdent('the result field name').value.toLowerCase() : (byTime?.alias ?? null);
  if (alias && fn === 'pct' && percentiles.length > 1)
    throw queryError(t.pos, 'pct with several percentiles cannot have one alias', 'one percentile with as');
  return { fn, field, percentiles, alias, pos: t.pos };
}

export function parseAggregate(c: Cursor): Operator {
  const pos = c.peek().pos;
  if (c.isWord('count_frequent')) {
    c.next();
    const names = parseNameList(c);
    return {
      op: 'aggregate',
      aggs: [{ fn: 'count_frequent', field: null, percentiles: [], alias: null, pos }],
      by: names.map((name) => ({ name, pos })),
      pos,
    };
  }
  const aggs = [parseAggregateCall(c)];
  while (c.acceptOp(',')) aggs.push(parseAggregateCall(c));
  const by: { name: string; pos: Pos }[] = [];
  // Sumo's count is also an operator on its own: `count a, b` and `count_distinct(x) a` group without `by`.
  if (c.acceptWord('by') || c.peek().kind === 'ident') {
    do {
      const t = c.expectIdent('a field to group by');
      by.push({ name: t.value.toLowerCase(), pos: t.pos });
    } while (c.acceptOp(','));
  }
  return { op: 'aggregate', aggs, by, pos };
}

export function parseSort(c: Cursor): Operator {
  const pos = c.next().pos;
  c.acceptWord('by');
  const keys: SortKey[] = [];
  do {
    let desc = true;
    if (c.acceptOp('+')) desc = false;
    else c.acceptOp('-');
    const t = c.expectIdent('a field to sort by');
    if (c.acceptWord('asc')) desc = false;
    else if (c.acceptWord('desc')) desc = true;
    keys.push({ field: t.value.toLowerCase(), desc, pos: t.pos });
  } while (c.acceptOp(','));
  return { op: 'sort', keys, pos };
}

export function parseTop(c: Cursor): Operator {
  const pos = c.next().pos;
  const n = c.expectInteger('the number of rows');
  if (n.value < 1 || n.value > 10000) throw queryError(n.token.pos, 'top must be between 1 and 10000', 'a number from 1 to 10000');
  const fields = parseNameList(c);
  let by: AggregateCall | SortKey[] | null = null;
  if (c.acceptWord('by')) {
    const t = c.peek();
    by = t.kind === 'ident' && AGGREGATES.has(t.value.toLowerCase()) ? parseAggregateCall(c) : parseSortKeys(c);
  }
  return { op: 'top', n: n.value, fields, by, pos };
}

/** `a, b desc, c asc`: fields to rank by, largest first unless `asc`. */
function parseSortKeys(c: Cursor): SortKey[] {
  const keys: SortKey[] = [];
  do {
    const t = c.expectIdent('a field to rank by');
    let desc = true;
    if (c.acceptWord('asc')) desc = false;
    else c.acceptWord('desc');
    keys.push({ field: t.value.toLowerCase(), desc, pos: t.pos });
  } while (c.acceptOp(','));
  return keys;
}

/** Sumo's `topk(n, f1[, f2 …]) [by g1, …]`: the n rows largest on f1 (then f2 …) of each group, ranked in `_rank`. */
export function parseTopk(c: Cursor): Operator {
  const pos = c.next().pos;
  c.expectOp('(');
  const n = c.expectInteger('the number of rows');
  if (n.value < 1 || n.value > 10000) throw queryError(n.token.pos, 'topk must be between 1 and 10000', 'a number from 1 to 10000');
  c.expectOp(',');
  const keys = parseSortKeys(c);
  c.expectOp(')');
  const by = c.acceptWord('by') ? parseNameList(c) : [];
  return { op: 'topk', n: n.value, keys, by, pos };
}

export function parseFillmissing(c: Cursor): Operator {
  const pos = c.next().pos;
  let spanMs: number | null = null;
  let timeslice = false;
  let timesliceIn: { field: string; pos: Pos } | null = null;
  const values: { values: string[] | null; field: string }[] = [];
  do {
    if (c.acceptWord('timeslice')) {
      timeslice = true;
      if (c.acceptOp('(')) {
        spanMs = parseSpan(c);
        c.expectOp(')');
      }
      if (c.acceptWord('in')) {
        const t = c.expectIdent('the time slice field');
        timesliceIn = { field: t.value.toLowerCase(), pos: t.pos };
      }
    } else if (c.acceptWord('values')) {
      let list: string[] | null = null;
      if (!c.acceptWord('all')) {
        c.expectOp('(');
        list = [c.expectString('a quoted value').value];
        while (c.acceptOp(',')) list.push(c.expectString('a quoted value').value);
        c.expectOp(')');
      }
      c.expectWord('in');
      values.push({ values: list, field: c.expectIdent().value.toLowerCase() });
    } else {
      throw c.unexpected('timeslice, values(…) in field or values all in field');
    }
  } while (c.acceptOp(','));
  const defaults: { field: string; value: Literal; pos: Pos }[] = [];
  if (c.acceptWord('with')) {
    do {
      const at = c.peek().pos;
      const value = parseConstant(c);
      c.expectWord('for');
      defaults.push({ field: c.expectIdent('the field to fill').value.toLowerCase(), value, pos: at });
    } while (c.acceptOp(','));
  }
  const takeLast = c.acceptWord('takelast');
  return { op: 'fillmissing', timeslice, spanMs, timesliceIn, values, defaults, takeLast, pos };
}

/** fillmissing's constants: a number (`-1`, `0.5`), a quoted string or null. */
function parseConstant(c: Cursor): Literal {
  const negative = c.acceptOp('-');
  const t = c.peek();
  if (t.kind === 'number' && Number.isFinite(Number(t.value))) {
    c.next();
    return negative ? -Number(t.value) : Number(t.value);
  }
  if (!negative && t.kind === 'string') return c.next().value;
  if (!negative && c.acceptWord('null')) return null;
  throw c.unexpected('a number, a quoted string or null');
}

export function parseTranspose(c: Cursor): Operator {
  const pos = c.next().pos;
  c.expectWord('row');
  const row = parseNameList(c);
  c.expectWord('column');
  const column = parseNameList(c);
  const outputs: string[] = [];
  let rest = true;
  if (c.acceptWord('as')) {
    rest = false;
    do {
      if (c.acceptOp('*')) rest = true;
      else if (rest) throw c.unexpected("'*' last");
      else outputs.push(c.expectIdent('an output field or *').value.toLowerCase());
    } while (c.acceptOp(','));
  }
  return { op: 'transpose', row, column, outputs, rest, pos };
}

/** `total _count [as t] [by a, b]`: the sum of a field over all rows (of each group), on every row. */
export function parseTotal(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the field to total').value.toLowerCase();
  const alias = c.acceptWord('as') ? c.expectIdent('the result field name').value.toLowerCase() : '_total';
  const by = c.acceptWord('by') ? parseNameList(c) : [];
  return { op: 'total', field, alias, by, pos };
}

/** `dedup [n] [by a, b]`: the n first rows (the most recent messages) of each combination of a and b. */
export function parseDedup(c: Cursor): Operator {
  const pos = c.next().pos;
  if (c.isWord('consecutive')) throw queryError(c.peek().pos, 'dedup consecutive is not supported', 'dedup [n] by fields');
  let n = 1;
  if (c.peek().kind === 'number') {
    const t = c.expectInteger('a number of rows to keep');
    if (t.value < 1 || t.value > 10000) throw queryError(t.token.pos, 'dedup keeps between 1 and 10000 rows', 'a number from 1 to 10000');
    n = t.value;
  }
  // Without `by`, Sumo compares whole messages.
  return { op: 'dedup', n, by: c.acceptWord('by') ? parseNameList(c) : ['_raw'], pos };
}
