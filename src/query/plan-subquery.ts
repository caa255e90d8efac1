import type { Operator, Subquery } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { compare, typeOf } from './plan-expr.js';
import { type PExpr, type Plan, type SubqueryPlan, subqueryKey } from './plan-types.js';
import { zoneOffsetMs } from './post.js';

/** A subquery once planned: its index among the plan's subqueries and its composed values as columns. */
export interface PlannedSubquery {
  index: number;
  keys: PExpr[];
}

/**
 * Operators a child query cannot hold: those that need a pass of their own before or after the SQL (geo and
 * transactionize look-ups, fillmissing and transpose in JS, save's write) or that reshape the time range (compare).
 */
const CHILD_REFUSED: Partial<Record<Operator['op'], string>> = {
  save: 'save',
  geo: 'a geo lookup',
  transactionize: 'transactionize',
  compare: 'compare',
  fillmissing: 'fillmissing',
  transpose: 'transpose',
};

/**
 * Plans a `[subquery: …]` over its own range (`child` makes and runs the planner) and adds it to the query's
 * `subqueries`; its composed fields are read after the child's last operator.
 */
export function planSubquery(
  sub: Subquery,
  parent: { from: number; to: number; now: number; timeZone: string },
  subqueries: SubqueryPlan[],
  child: (range: { from: number; to: number }) => { plan: Plan; field: (name: string, pos: Pos) => PExpr },
): PlannedSubquery {
  checkChildOperators(sub);
  const { plan, field } = child(subqueryRange(sub, parent));
  const keys = sub.fields.map((f) => field(f.name, f.pos));
  const index = subqueries.push({ stages: plan.stages, order: plan.order, keys, maxResults: sub.maxResults }) - 1;
  const types = keys.map((k) => typeOf(k));
  return { index, keys: types.map((t, j) => subqueryKey(index, j, t === 'null' ? 'text' : t)) };
}

function checkChildOperators(sub: Subquery): void {
  for (const op of sub.query.operators) {
    const what = CHILD_REFUSED[op.op];
    if (what) throw queryError(op.pos, `${what} inside a subquery is not supported`, 'operators that run in the search itself');
  }
}

/** `where [subquery: … | compose a, b]`: some composed row's values equal the row's fields (the language's `=`). */
export function whereMatch(sub: Subquery, planned: PlannedSubquery, field: (name: string, pos: Pos) => PExpr): PExpr {
  if (sub.keywords) throw queryError(sub.keywords, 'keywords is not supported in where and if (only in the search scope)', ']');
  const tests = sub.fields.map((f, j) => compare('=', field(f.name, f.pos), planned.keys[j], f.pos));
  const cond: PExpr = tests.length === 1 ? tests[0] : { k: 'and', args: tests };
  return { k: 'exists', sub: planned.index, cond };
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const EXPECTED = '-15m, -2h30m, now, epoch milliseconds, 2018/07/08 23:13:36 or 07-08 23:13';
/** Sumo's absolute forms: [yyyy-]MM-dd or [yyyy/]MM/dd, then HH:mm[:ss[.SSS]]. */
const ABSOLUTE = /^(?:(\d{4})([-/]))?(\d{2})[-/](\d{2})(?: (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?)?$/;

/**
 * The child query's range (subqueries page): the parent's without options; `from` alone runs to the parent's
 * end. Relative times count back from the query's `now`; absolute ones are read in the query's time zone, a
 * date without its year in the year of `now`.
 */
function subqueryRange(sub: Subquery, parent: { from: number; to: number; now: number; timeZone: string }): { from: number; to: number } {
  const from = sub.from ? readTime(sub.from, parent) : parent.from;
  const to = sub.to ? readTime(sub.to, parent) : parent.to;
  if (from >= to) throw queryError((sub.from ?? sub.to ?? sub).pos, "the subquery's from must be before its to", 'an earlier from');
  return { from, to };
}

function readTime(option: { text: string; pos: Pos }, parent: { now: number; timeZone: string }): number {
  const text = option.text.trim();
  if (text.toLowerCase() === 'now') return parent.now;
  if (/^\d{9,}$/.test(text)) return Number(text);
  if (/^-(\d+[smhdw])+$/.test(text)) {
    let back = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)([smhdw])/g)) back += Number(n) * UNITS[unit];
    return parent.now - back;
  }
  const m = ABSOLUTE.exec(text);
  if (m) {
    const [, year, , month, day, h = '0', mi = '0', s = '0', ms = '0'] = m;
    const y = year ? Number(year) : new Date(parent.now + zoneOffsetMs(parent.now, parent.timeZone)).getUTCFullYear();
    const wall = Date.UTC(y, Number(month) - 1, Number(day), Number(h), Number(mi), Number(s), Number(ms));
    const check = new Date(wall);
    if (
      check.getUTCMonth() === Number(month) - 1 &&
      check.getUTCDate() === Number(day) &&
      Number(h) < 24 &&
      Number(mi) < 60 &&
      Number(s) < 60
    ) {
      // The zone's offset at the wall time, corrected once for a DST change between the guess and the answer.
      const guess = wall - zoneOffsetMs(wall, parent.timeZone);
      return wall - zoneOffsetMs(guess, parent.timeZone);
    }
  }
  throw queryError(option.pos, `unknown time '${text}'`, EXPECTED);
}
