import type { Comparison, Operator } from './ast.js';
import { type Cursor, parseNameList } from './cursor.js';
import { queryError } from './errors.js';

// The analytics operators: outlier, accum, backshift, compare, transactionize and join.

/** Sumo's defaults (outlier.md): the trailing 10 points, 3 standard deviations, 1 point, both directions. */
const OUTLIER_DEFAULTS = { window: 10, threshold: 3, consecutive: 1, direction: '+-' as const };
/** The largest window or consecutive count one outlier takes, and backshift's longest shift (backshift.md: 1000). */
const MAX_ANALYTICS_SPAN = 1000;

/**
 * `outlier <field> [by a, b] [window=5, threshold=3, consecutive=2, direction=+-]`, the options in any order,
 * separated by commas or spaces, before or after the `by`.
 */
export function parseOutlier(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the numeric field to watch').value.toLowerCase();
  const options: { window: number; threshold: number; consecutive: number; direction: '+-' | '+' | '-' } = { ...OUTLIER_DEFAULTS };
  let by: string[] = [];
  // A join's table ends at its ')'.
  while (!c.atStageEnd() && !c.isOp(')')) {
    if (c.acceptOp(',')) continue;
    if (c.acceptWord('by')) {
      by = parseNameList(c);
      continue;
    }
    const name = c.expectIdent('window=, threshold=, consecutive=, direction= or by');
    const key = name.value.toLowerCase();
    c.expectOp('=');
    if (key === 'direction') options.direction = parseDirection(c);
    else if (key === 'threshold') options.threshold = parsePositive(c, 'threshold', false);
    else if (key === 'window' || key === 'consecutive') options[key] = parsePositive(c, key, true);
    else throw queryError(name.pos, `outlier has no option '${name.value}'`, 'window, threshold, consecutive or direction');
  }
  if (options.consecutive > options.window)
    throw queryError(pos, 'outlier consecutive must not be more than its window', `consecutive at most ${options.window}`);
  return { op: 'outlier', field, by, ...options, pos };
}

function parseDirection(c: Cursor): '+-' | '+' | '-' {
  const t = c.peek();
  if (c.acceptOp('+')) {
    const minus = c.peek();
    // `+-` is two tokens; they must touch, as `+ -` reads as two options.
    if (minus.kind === 'op' && minus.value === '-' && minus.pos.offset === t.end) {
      c.next();
      return '+-';
    }
    return '+';
  }
  if (c.acceptOp('-')) return '-';
  throw c.unexpected('a direction: +-, + or -');
}

function parsePositive(c: Cursor, what: string, integer: boolean): number {
  const t = c.peek();
  const value = Number(t.value);
  if (t.kind !== 'number' || (integer && !Number.isInteger(value)) || !(value > 0) || (integer && value > MAX_ANALYTICS_SPAN)) {
    const expected = integer ? `a whole number from 1 to ${MAX_ANALYTICS_SPAN}` : 'a positive number';
    throw queryError(t.pos, `outlier ${what} must be ${expected}`, expected);
  }
  c.next();
  return value;
}

/** `accum <field> [as <alias>] [by a, b]`: the running sum, default `_accum` (accum.md). */
export function parseAccum(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the numeric field to add up').value.toLowerCase();
  const alias = c.acceptWord('as') ? c.expectIdent('the result field name').value.toLowerCase() : '_accum';
  const by = c.acceptWord('by') ? parseNameList(c) : [];
  return { op: 'accum', field, alias, by, pos };
}

/** `backshift <field>[, n] [as <alias>] [by a, b]`: the value n rows earlier, default n 1 and `_backshift` (backshift.md). */
export function parseBackshift(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the field to shift').value.toLowerCase();
  let shift = 1;
  if (c.acceptOp(',')) {
    const n = c.expectInteger(`a shift from 1 to ${MAX_ANALYTICS_SPAN}`);
    if (n.value < 1 || n.value > MAX_ANALYTICS_SPAN)
      throw queryError(
        n.token.pos,
        `backshift's shift must be between 1 and ${MAX_ANALYTICS_SPAN}`,
        `a number from 1 to ${MAX_ANALYTICS_SPAN}`,
      );
    shift = n.value;
  }
  const alias = c.acceptWord('as') ? c.expectIdent('the result field name').value.toLowerCase() : '_backshift';
  const by = c.acceptWord('by') ? parseNameList(c) : [];
  return { op: 'backshift', field, shift, alias, by, pos };
}

/** Sumo runs at most seven extra queries for one compare (compare.md "Limitations"). */
export const MAX_COMPARE_WINDOWS = 7;
const SPAN_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `compare [with] timeshift 1d [7] [avg|min|max] [as name], timeshift …` (compare.md). */
export function parseCompare(c: Cursor): Operator {
  const pos = c.next().pos;
  c.acceptWord('with');
  const comparisons: Comparison[] = [];
  do {
    const at = c.expectWord('timeshift').pos;
    const n = c.peek();
    const unit = c.peek(1);
    if (
      n.kind !== 'number' ||
      !/^[0-9]+$/.test(n.value) ||
      Number(n.value) < 1 ||
      unit.kind !== 'ident' ||
      unit.pos.offset !== n.end ||
      !SPAN_UNITS[unit.value]
    )
      throw c.unexpected('a time shift such as 30m, 1h, 1d or 1w');
    c.next();
    c.next();
    const span = { ms: Number(n.value) * SPAN_UNITS[unit.value], n: Number(n.value), unit: unit.value };
    let count = 1;
    if (c.peek().kind === 'number') {
      const t = c.expectInteger('the number of time shifts');
      if (t.value < 1) throw queryError(t.token.pos, 'compare needs at least one time shift', 'a number from 1 to 7');
      count = t.value;
    }
    const word = c.peek();
    const fn = ['avg', 'min', 'max'].find((f) => c.isWord(f)) as Comparison['fn'] | undefined;
    if (fn) c.next();
    const alias = c.acceptWord('as') ? c.expectIdent('the name of the comparison').value.toLowerCase() : null;
    comparisons.push({ span, count, fn: fn ?? null, alias, pos: fn ? word.pos : at });
    const windows = comparisons.reduce((sum, x) => sum + x.count, 0);
    if (windows > MAX_COMPARE_WINDOWS)
      throw queryError(
        at,
        `compare would run ${windows} extra queries, more than ${MAX_COMPARE_WINDOWS}`,
        `at most ${MAX_COMPARE_WINDOWS} time shifts in all`,
      );
  } while (c.acceptOp(','));
  return { op: 'compare', comparisons, pos };
}

/** The largest transaction (maxLogs) one transactionize may ask for. */
const MAX_TRANSACTION_LOGS = 100_000;

/**
 * `transactionize a, b [as t] [maxSpan=5m] [maxPause=1m] [maxLogs=100] [keepOrphans=false]`
 * (transactionize-operator.md); startsWith, endsWith and a subquery are refused.
 */
export function parseTransactionize(c: Cursor): Operator {
  const pos = c.next().pos;
  const fields = parseNameList(c);
  const alias = c.acceptWord('as') ? c.expectIdent('the name of the transaction field').value.toLowerCase() : '_group';
  const out: Extract<Operator, { op: 'transactionize' }> = {
    op: 'transactionize',
    fields,
    alias,
    maxSpanMs: null,
    maxPauseMs: null,
    maxLogs: null,
    keepOrphans: true,
    pos,
  };
  // A join's table ends at its ')'.
  while (!c.atStageEnd() && !c.isOp(')')) {
    if (c.acceptOp(',')) continue;
    const t = c.peek();
    if (c.isOp('('))
      throw queryError(t.pos, 'transactionize with a subquery is not supported', 'transactionize fields [as name] [maxSpan=…]');
    const name = c.expectIdent('maxSpan=, maxPause=, maxLogs= or keepOrphans=');
    const key = name.value.toLowerCase();
    c.expectOp('=');
    if (key === 'maxspan' || key === 'maxpause') {
      const n = c.peek();
      const unit = c.peek(1);
      if (n.kind !== 'number' || !/^[0-9]+$/.test(n.value) || unit.kind !== 'ident' || unit.pos.offset !== n.end || !SPAN_UNITS[unit.value])
        throw c.unexpected('a time such as 30s, 5m or 1h');
      c.next();
      c.next();
      out[key === 'maxspan' ? 'maxSpanMs' : 'maxPauseMs'] = Number(n.value) * SPAN_UNITS[unit.value];
    } else if (key === 'maxlogs') {
      const n = c.expectInteger(`a number from 1 to ${MAX_TRANSACTION_LOGS}`);
      if (n.value < 1 || n.value > MAX_TRANSACTION_LOGS)
        throw queryError(
          n.token.pos,
          `maxLogs must be between 1 and ${MAX_TRANSACTION_LOGS}`,
          `a number from 1 to ${MAX_TRANSACTION_LOGS}`,
        );
      out.maxLogs = n.value;
    } else if (key === 'keeporphans') {
      const v = c.peek();
      if (!c.isWord('true') && !c.isWord('false')) throw c.unexpected('true or false');
      c.next();
      out.keepOrphans = v.value.toLowerCase() === 'true';
    } else if (key === 'startswith' || key === 'endswith') {
      throw queryError(name.pos, `transactionize ${name.value} is not supported`, 'maxSpan, maxPause, maxLogs or keepOrphans');
    } else throw queryError(name.pos, `transactionize has no parameter '${name.value}'`, 'maxSpan, maxPause, maxLogs or keepOrphans');
  }
  return out;
}

/**
 * `join (sub-query) as t1, (sub-query) as t2 [, …] on t1.a = t2.c [and …]` (join.md): `parseOperator` reads
 * each sub-query's operators (it is the parser's own, handed in so the files do not import each other).
 */
export function parseJoin(c: Cursor, parseOperator: (c: Cursor) => Operator): Operator {
  const pos = c.next().pos;
  const tables: Extract<Operator, { op: 'join' }>['tables'] = [];
  do {
    const open = c.expectOp('(');
    const operators = c.nested(open, () => {
      const ops = [parseOperator(c)];
      while (c.peek().kind === 'pipe') {
        c.next();
        ops.push(parseOperator(c));
      }
      return ops;
    });
    c.expectOp(')');
    c.expectWord('as');
    const name = c.expectIdent('the name of the table').value.toLowerCase();
    if (tables.some((t) => t.name === name)) throw queryError(open.pos, `two tables named '${name}'`, 'a different name');
    tables.push({ name, operators, pos: open.pos });
  } while (c.acceptOp(','));
  if (tables.length < 2) throw queryError(pos, 'join needs two tables or more', '(sub-query) as t1, (sub-query) as t2');
  c.expectWord('on');
  const on: Extract<Operator, { op: 'join' }>['on'] = [];
  do {
    const at = c.peek().pos;
    const side = () => {
      const t = c.expectIdent('table.field');
      const dot = t.value.indexOf('.');
      const table = t.value.slice(0, dot).toLowerCase();
      if (dot < 1 || !tables.some((x) => x.name === table))
        throw queryError(
          t.pos,
          `'${t.value}' is not a field of a table of the join`,
          `one of ${tables.map((x) => `${x.name}.field`).join(', ')}`,
        );
      return { table, field: t.value.slice(dot + 1).toLowerCase() };
    };
    const left = side();
    if (!c.isOp('=')) throw c.unexpected("'=' (the join condition is table.field = table.field, joined by and)");
    c.next();
    const right = side();
    if (left.table === right.table) throw queryError(at, 'a join condition compares two tables', 't1.a = t2.b');
    on.push({ left, right, pos: at });
  } while (c.acceptWord('and'));
  if (c.isWord('timewindow')) throw queryError(c.peek().pos, 'join timewindow is not supported', "'|' or the end of the query");
  return { op: 'join', tables, on, pos };
}
