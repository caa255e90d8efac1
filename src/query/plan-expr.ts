import type { Expr } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { asBool, asNumber, asText, type ExprContext, type FunctionDef, fn, lit, typeOf } from './plan-coerce.js';
import { SUMO_FUNCTIONS } from './plan-functions.js';
import { FORMAT_FUNCTIONS } from './plan-functions-format.js';
import { NET_FUNCTIONS } from './plan-functions-net.js';
import type { FnName, PExpr, ValueType } from './plan-types.js';
import { checkRegex, readsAsNumber, wildcardToLike } from './regex.js';
import { javaToStrftime } from './time-format.js';

export { allOf, asBool, asNumber, asText, type ExprContext, fn, lit, typeOf } from './plan-coerce.js';

/** Comparison with the language's rule: numbers when both sides read as numbers, else case-sensitive text. */
export function compare(op: '=' | '!=' | '<' | '>' | '<=' | '>=', left: PExpr, right: PExpr, pos: Pos): PExpr {
  const lt = typeOf(left);
  const rt = typeOf(right);
  if (lt === 'null' || rt === 'null') {
    if (op !== '=' && op !== '!=') throw queryError(pos, `null can only be compared with = or !=`, "'=' or '!='");
    const other = lt === 'null' ? right : left;
    const test: PExpr = typeOf(other) === 'null' ? lit(true) : { k: 'isnull', arg: other };
    return op === '=' ? test : { k: 'not', arg: test };
  }
  if (left.k === 'lit' && right.k === 'lit') return lit(foldComparison(op, left.value, right.value));
  const textLiteral = (e: PExpr) => e.k === 'lit' && typeof e.value === 'string' && !readsAsNumber(e.value);
  const numericLiteral = (e: PExpr) =>
    e.k === 'lit' && (typeof e.value === 'number' || (typeof e.value === 'string' && readsAsNumber(e.value)));
  if (lt === 'bool' || rt === 'bool' || textLiteral(left) || textLiteral(right)) {
    return { k: 'cmp', op, left: asText(left), right: asText(right), mode: 'text' };
  }
  if ((lt === 'number' || numericLiteral(left)) && (rt === 'number' || numericLiteral(right))) {
    return { k: 'cmp', op, left: asNumber(left, pos, op), right: asNumber(right, pos, op), mode: 'number' };
  }
  return { k: 'cmp', op, left, right, mode: 'dynamic' };
}

/**
 * Two literals compare at compile time with the language's rule, so dashboard filters such as
 * `"{{direction}}" = "*" or …` cost nothing per message when the variable is unset.
 */
function foldComparison(
  op: '=' | '!=' | '<' | '>' | '<=' | '>=',
  a: string | number | boolean | null,
  b: string | number | boolean | null,
): boolean {
  const as = String(a);
  const bs = String(b);
  const numeric = typeof a !== 'boolean' && typeof b !== 'boolean' && readsAsNumber(as) && readsAsNumber(bs);
  const c = numeric ? Math.sign(Number(as) - Number(bs)) : as < bs ? -1 : as > bs ? 1 : 0;
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
  }
}

/**
 * `true or x` is true, `false and x` is false, `not true` is false: literal conditions fold away. An
 * operand of the same kind (`(a or b) or c`) is spliced in, so chains stay flat.
 */
export function simplifyLogic(e: PExpr): PExpr {
  if (e.k === 'not') return e.arg.k === 'lit' && typeof e.arg.value === 'boolean' ? lit(!e.arg.value) : e;
  if (e.k !== 'and' && e.k !== 'or') return e;
  const absorbing = e.k === 'or';
  const rest: PExpr[] = [];
  for (const a of e.args) {
    if (a.k === 'lit' && typeof a.value === 'boolean') {
      if (a.value === absorbing) return lit(absorbing);
      continue;
    }
    if (a.k === e.k) rest.push(...a.args);
    else rest.push(a);
  }
  if (rest.length === 0) return lit(!absorbing);
  return rest.length === 1 ? rest[0] : { k: e.k, args: rest };
}

const text1 = (name: FnName, type: ValueType = 'text'): FunctionDef => ({ min: 1, max: 1, build: ([a]) => fn(name, [asText(a)], type) });
const num1 = (name: FnName): FunctionDef => ({ min: 1, max: 1, build: ([a], _r, _c, pos) => fn(name, [asNumber(a, pos, name)], 'number') });

/** formatDate's format when none is given: Sumo's US-style date with milliseconds and the zone offset. */
const DEFAULT_DATE_FORMAT = 'MM/dd/yyyy HH:mm:ss.SSS Z';

const FUNCTIONS: Record<string, FunctionDef> = {
  ...SUMO_FUNCTIONS,
  ...FORMAT_FUNCTIONS,
  ...NET_FUNCTIONS,
  isnull: { min: 1, max: 1, build: ([a]) => ({ k: 'isnull', arg: a }) },
  isempty: {
    min: 1,
    max: 1,
    build: ([a]) => ({
      k: 'or',
      args: [
        { k: 'isnull', arg: a },
        { k: 'cmp', op: '=', left: asText(a), right: lit(''), mode: 'text' },
      ],
    }),
  },
  isblank: {
    min: 1,
    max: 1,
    build: ([a]) => ({
      k: 'or',
      args: [
        { k: 'isnull', arg: a },
        { k: 'cmp', op: '=', left: fn('trim', [asText(a)], 'text'), right: lit(''), mode: 'text' },
      ],
    }),
  },
  concat: { min: 1, max: 100, build: (args) => fn('concat', args.map(asText), 'text') },
  tolowercase: text1('lower'),
  touppercase: text1('upper'),
  length: text1('length', 'number'),
  trim: text1('trim'),
  substring: {
    min: 2,
    max: 3,
    build: (args, _r, _c, pos) => fn('substr', [asText(args[0]), ...args.slice(1).map((a) => asNumber(a, pos, 'substring'))], 'text'),
  },
  num: { min: 1, max: 1, build: ([a], _r, _c, pos) => asNumber(a, pos, 'num') },
  tolong: { min: 1, max: 1, build: ([a], _r, _c, pos) => fn('floor', [asNumber(a, pos, 'toLong')], 'number') },
  tostring: { min: 1, max: 1, build: ([a]) => asText(a) },
  abs: num1('abs'),
  round: num1('round'),
  floor: num1('floor'),
  ceil: num1('ceil'),
  contains: { min: 2, max: 2, build: ([a, b]) => fn('contains', [asText(a), asText(b)], 'bool') },
  isvalidip: text1('isValidIP', 'bool'),
  // Sumo's formatDate(date [, format [, timeZone]]): without a format, the US-style date Sumo shows.
  formatdate: {
    min: 1,
    max: 3,
    build: (args, raw, ctx, pos) => {
      const format = raw[1] ?? { type: 'literal', value: DEFAULT_DATE_FORMAT, pos };
      if (format.type !== 'literal' || typeof format.value !== 'string')
        throw queryError(format.pos, 'the date format must be a quoted string', '"yyyy-MM-dd"');
      const zone = raw[2];
      if (zone && (zone.type !== 'literal' || typeof zone.value !== 'string'))
        throw queryError(zone.pos, 'the time zone must be a quoted string', '"UTC"');
      const tz = zone && zone.type === 'literal' ? String(zone.value) : ctx.timeZone;
      return fn('formatDate', [asNumber(args[0], pos, 'formatDate'), lit(javaToStrftime(format.value, format.pos)), lit(tz)], 'text');
    },
  },
  now: { min: 0, max: 0, build: (_a, _r, ctx) => lit(ctx.now) },
  if: {
    min: 3,
    max: 3,
    build: ([c, a, b], raw) => conditional(asBool(c, raw[0].pos, 'if'), a, b),
  },
};

function conditional(cond: PExpr, a: PExpr, b: PExpr): PExpr {
  const ta = typeOf(a);
  const tb = typeOf(b);
  if (ta === tb && ta !== 'null') return { k: 'if', cond, whenTrue: a, whenFalse: b, type: ta };
  if (ta === 'null' && tb === 'null') return { k: 'if', cond, whenTrue: a, whenFalse: b, type: 'text' };
  if (ta === 'null') return { k: 'if', cond, whenTrue: a, whenFalse: b, type: tb as ValueType };
  if (tb === 'null') return { k: 'if', cond, whenTrue: a, whenFalse: b, type: ta as ValueType };
  return { k: 'if', cond, whenTrue: asText(a), whenFalse: asText(b), type: 'text' };
}

export function resolveExpr(e: Expr, ctx: ExprContext): PExpr {
  switch (e.type) {
    case 'literal':
      return lit(e.value);
    case 'regex':
      throw queryError(e.pos, 'a /regular expression/ can stand only after matches or as the pattern of replace', 'a quoted string');
    case 'field':
      return ctx.field(e.name, e.pos);
    case 'unary': {
      const arg = resolveExpr(e.expr, ctx);
      if (e.op === 'not') return simplifyLogic({ k: 'not', arg: asBool(arg, e.expr.pos, 'not') });
      return { k: 'neg', arg: asNumber(arg, e.expr.pos, "'-'") };
    }
    case 'and':
    case 'or':
      return simplifyLogic({ k: e.type, args: e.args.map((a) => asBool(resolveExpr(a, ctx), a.pos, e.type)) });
    case 'binary': {
      const left = resolveExpr(e.left, ctx);
      const right = resolveExpr(e.right, ctx);
      if (['+', '-', '*', '/', '%'].includes(e.op)) {
        return {
          k: 'arith',
          op: e.op as '+' | '-' | '*' | '/' | '%',
          left: asNumber(left, e.left.pos, `'${e.op}'`),
          right: asNumber(right, e.right.pos, `'${e.op}'`),
        };
      }
      if (typeOf(left) === 'bool' && typeOf(right) === 'bool' && (e.op === '=' || e.op === '!=')) {
        return { k: 'cmp', op: e.op, left: asText(left), right: asText(right), mode: 'text' };
      }
      return compare(e.op as '=' | '!=' | '<' | '>' | '<=' | '>=', left, right, e.pos);
    }
    case 'in': {
      const value = resolveExpr(e.expr, ctx);
      const tests = e.list.map((item) => compare('=', value, resolveExpr(item, ctx), item.pos));
      const any: PExpr = tests.length === 1 ? tests[0] : { k: 'or', args: tests };
      return e.negated ? { k: 'not', arg: any } : any;
    }
    case 'matches': {
      const value = asText(resolveExpr(e.expr, ctx));
      if (typeof e.pattern !== 'string') {
        // The wildcardToLike rule, in SQL: the pattern is only known per row.
        let like = asText(resolveExpr(e.pattern, ctx));
        for (const [from, to] of [
          ['\\', '\\\\'],
          ['%', '\\%'],
          ['_', '\\_'],
          ['*', '%'],
        ])
          like = fn('replace', [like, lit(from), lit(to)], 'text');
        return fn('like', [value, like], 'bool');
      }
      if (e.regex) return fn('regexMatch', [value, lit(checkRegex(e.pattern, e.pos).pattern)], 'bool');
      return fn('like', [value, lit(wildcardToLike(e.pattern))], 'bool');
    }
    case 'subquery':
      if (!ctx.subquery) throw queryError(e.pos, 'a subquery is not supported here', 'a subquery in the scope, where or if');
      return ctx.subquery(e.sub);
    case 'cond': {
      const cond = asBool(resolveExpr(e.cond, ctx), e.cond.pos, "'?'");
      return conditional(cond, resolveExpr(e.whenTrue, ctx), resolveExpr(e.whenFalse, ctx));
    }
    case 'call': {
      const def = FUNCTIONS[e.name];
      if (!def) throw queryError(e.pos, `function '${e.name}' is not supported`, `one of ${Object.keys(FUNCTIONS).join(', ')}`);
      if (e.args.length < def.min || e.args.length > def.max) {
        const count = def.min === def.max ? `${def.min}` : `${def.min} to ${def.max}`;
        throw queryError(e.pos, `${e.name} takes ${count} argument(s), not ${e.args.length}`, `${count} argument(s)`);
      }
      return def.build(
        // A /regex/ argument is read from the raw arguments by the one function that takes it (replace).
        e.args.map((a) => (a.type === 'regex' && e.name === 'replace' ? lit(a.pattern) : resolveExpr(a, ctx))),
        e.args,
        ctx,
        e.pos,
      );
    }
  }
}
