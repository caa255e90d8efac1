import type { Expr, Subquery } from './ast.js';
import { type Pos, queryError } from './errors.js';
import type { FnName, PExpr, ValueType } from './plan-types.js';
import { readsAsNumber } from './regex.js';

// Typed plan expressions and the conversions between types, shared by the expression resolver and the
// function library (plan-expr.ts, plan-functions.ts).

export const lit = (value: string | number | boolean | null): PExpr => ({
  k: 'lit',
  value,
  type: value === null ? 'null' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'text',
});

export const fn = (name: FnName, args: PExpr[], type: ValueType): PExpr => ({ k: 'fn', fn: name, args, type });

/** The conjunction of some tests; null when there are none (no filter). */
export function allOf(tests: PExpr[]): PExpr | null {
  if (tests.length === 0) return null;
  return tests.length === 1 ? tests[0] : { k: 'and', args: tests };
}

export function typeOf(e: PExpr): ValueType | 'null' {
  switch (e.k) {
    case 'lit':
    case 'col':
    case 'fn':
    case 'if':
      return e.type;
    case 'arith':
    case 'neg':
      return 'number';
    default:
      return 'bool';
  }
}

export function asText(e: PExpr): PExpr {
  const t = typeOf(e);
  if (t === 'text' || t === 'null') return e;
  if (e.k === 'lit') return lit(String(e.value));
  return fn('toText', [e], 'text');
}

export function asNumber(e: PExpr, pos: Pos, what: string): PExpr {
  const t = typeOf(e);
  if (t === 'number' || t === 'null') return e;
  if (e.k === 'lit') {
    if (typeof e.value === 'string' && readsAsNumber(e.value)) return lit(Number(e.value));
    throw queryError(pos, `${what} needs a number, not ${JSON.stringify(e.value)}`, 'a number');
  }
  if (t === 'bool') throw queryError(pos, `${what} needs a number, not a condition`, 'a number');
  return fn('toNumber', [e], 'number');
}

export function asBool(e: PExpr, pos: Pos, what: string): PExpr {
  if (typeOf(e) === 'bool') return e;
  throw queryError(pos, `${what} needs a condition (a comparison, in, matches, isNull…)`, 'a boolean expression');
}

/** What expression resolution needs from the planner: field lookup and the query's settings. */
export interface ExprContext {
  field(name: string, pos: Pos): PExpr;
  now: number;
  timeZone: string;
  /** `[subquery: …]` as a condition (plan-subquery.ts); where none is given, subqueries are refused. */
  subquery?: (sub: Subquery) => PExpr;
}

/** A function of the expression language: its argument count and how it builds from resolved (and raw) arguments. */
export interface FunctionDef {
  min: number;
  max: number;
  build(args: PExpr[], raw: Expr[], ctx: ExprContext, pos: Pos): PExpr;
}
