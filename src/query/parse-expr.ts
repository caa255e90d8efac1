import type { Expr } from './ast.js';
import type { Cursor } from './cursor.js';

/**
 * Expressions of `where`, `if` and `<expr> as f`. Precedence, lowest first: `? :`, or, and, not,
 * comparisons (`in`, `matches`), `+ -`, `* / %`, unary minus.
 */
export function parseExpr(c: Cursor, depth = 0): Expr {
  if (depth > 200) throw c.unexpected('a shallower expression');
  const cond = parseOr(c, depth);
  if (c.isOp('?')) {
    const pos = c.next().pos;
    const whenTrue = parseExpr(c, depth + 1);
    c.expectOp(':');
    return { type: 'cond', cond, whenTrue, whenFalse: parseExpr(c, depth + 1), pos };
  }
  return cond;
}

function parseOr(c: Cursor, depth: number): Expr {
  let left = parseAnd(c, depth);
  while (c.isWord('or')) {
    const pos = c.next().pos;
    left = { type: 'binary', op: 'or', left, right: parseAnd(c, depth), pos };
  }
  return left;
}

function parseAnd(c: Cursor, depth: number): Expr {
  let left = parseNot(c, depth);
  while (c.isWord('and')) {
    const pos = c.next().pos;
    left = { type: 'binary', op: 'and', left, right: parseNot(c, depth), pos };
  }
  return left;
}

function parseNot(c: Cursor, depth: number): Expr {
  if (c.isWord('not') || c.isOp('!')) {
    const pos = c.next().pos;
    if (depth > 200) throw c.unexpected('a shallower expression');
    return { type: 'unary', op: 'not', expr: parseNot(c, depth + 1), pos };
  }
  return parseComparison(c, depth);
}

const COMPARISONS = ['=', '==', '!=', '<>', '<', '>', '<=', '>='];

function parseComparison(c: Cursor, depth: number): Expr {
  const left = parseAdditive(c, depth);
  const t = c.peek();
  if (t.kind === 'op' && COMPARISONS.includes(t.value)) {
    c.next();
    const op = t.value === '==' ? '=' : t.value === '<>' ? '!=' : t.value;
    return { type: 'binary', op, left, right: parseAdditive(c, depth), pos: t.pos };
  }
  const negated = c.isWord('not') && c.isWord('in', 1);
  if (negated) c.next();
  if (c.isWord('in')) {
    const pos = c.next().pos;
    c.expectOp('(');
    const list: Expr[] = [parseAdditive(c, depth)];
    while (c.acceptOp(',')) list.push(parseAdditive(c, depth));
    c.expectOp(')');
    return { type: 'in', expr: left, list, negated, pos };
  }
  if (c.isWord('matches')) {
    const pos = c.next().pos;
    const p = c.peek();
    if (p.kind !== 'string' && p.kind !== 'regex') throw c.unexpected('a quoted pattern or /regex/');
    c.next();
    return { type: 'matches', expr: left, pattern: p.value, regex: p.kind === 'regex', pos };
  }
  return left;
}

function parseAdditive(c: Cursor, depth: number): Expr {
  let left = parseMultiplicative(c, depth);
  while (c.isOp('+') || c.isOp('-')) {
    const t = c.next();
    left = { type: 'binary', op: t.value, left, right: parseMultiplicative(c, depth), pos: t.pos };
  }
  return left;
}

function parseMultiplicative(c: Cursor, depth: number): Expr {
  let left = parseUnary(c, depth);
  while (c.isOp('*') || c.isOp('/') || c.isOp('%')) {
    const t = c.next();
    left = { type: 'binary', op: t.value, left, right: parseUnary(c, depth), pos: t.pos };
  }
  return left;
}

function parseUnary(c: Cursor, depth: number): Expr {
  if (c.isOp('-')) {
    const pos = c.next().pos;
    if (depth > 200) throw c.unexpected('a shallower expression');
    return { type: 'unary', op: '-', expr: parseUnary(c, depth + 1), pos };
  }
  return parsePrimary(c, depth);
}

function parsePrimary(c: Cursor, depth: number): Expr {
  const t = c.peek();
  if (c.acceptOp('(')) {
    const inner = parseExpr(c, depth + 1);
    c.expectOp(')');
    return inner;
  }
  if (t.kind === 'string') {
    c.next();
    return { type: 'literal', value: t.value, pos: t.pos };
  }
  if (t.kind === 'number') {
    c.next();
    return { type: 'literal', value: Number(t.value), pos: t.pos };
  }
  if (t.kind === 'ident') {
    c.next();
    const lower = t.value.toLowerCase();
    if (c.isOp('(')) {
      c.next();
      const args: Expr[] = [];
      if (!c.isOp(')')) {
        args.push(parseExpr(c, depth + 1));
        while (c.acceptOp(',')) args.push(parseExpr(c, depth + 1));
      }
      c.expectOp(')');
      return { type: 'call', name: lower, args, pos: t.pos };
    }
    if (lower === 'true' || lower === 'false') return { type: 'literal', value: lower === 'true', pos: t.pos };
    if (lower === 'null') return { type: 'literal', value: null, pos: t.pos };
    return { type: 'field', name: lower, pos: t.pos };
  }
  throw c.unexpected('a value, a field name or a function call');
}
