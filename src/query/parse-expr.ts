import type { Expr } from './ast.js';
import type { Cursor } from './cursor.js';
import { queryError } from './errors.js';

/**
 * Size suffixes written against a number (`1Mi`, `500K`), case-sensitive: K, M, G, T are powers of 1000 and
 * Ki, Mi, Gi, Ti powers of 1024, so `where bytes > 1Mi` reads 1 048 576.
 */
const SIZE_SUFFIXES: Partial<Record<string, number>> = {
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/**
 * Expressions of `where`, `if` and `<expr> as f`. Precedence, lowest first: `? :`, or, and, not,
 * comparisons (`in`, `matches`), `+ -`, `* / %`, unary minus. Nesting and terms are bounded by the cursor
 * (MAX_QUERY_DEPTH, MAX_QUERY_TERMS): a positioned error, never a stack overflow.
 */
export function parseExpr(c: Cursor): Expr {
  const cond = parseOr(c);
  if (c.isOp('?')) {
    const t = c.next();
    return c.nested(t, () => {
      const whenTrue = parseExpr(c);
      c.expectOp(':');
      return { type: 'cond', cond, whenTrue, whenFalse: parseExpr(c), pos: t.pos };
    });
  }
  return cond;
}

/** `a or b or c` as one node: later stages walk its operands in a loop, however many there are. */
function parseChain(c: Cursor, op: 'and' | 'or', operand: (c: Cursor) => Expr): Expr {
  const first = operand(c);
  if (!c.isWord(op)) return first;
  const pos = c.peek().pos;
  const args = [first];
  while (c.isWord(op)) {
    c.next();
    args.push(operand(c));
  }
  return { type: op, args, pos };
}

function parseOr(c: Cursor): Expr {
  return parseChain(c, 'or', parseAnd);
}

function parseAnd(c: Cursor): Expr {
  return parseChain(c, 'and', parseNot);
}

function parseNot(c: Cursor): Expr {
  if (c.isWord('not') || c.isOp('!')) {
    const t = c.next();
    return { type: 'unary', op: 'not', expr: c.nested(t, () => parseNot(c)), pos: t.pos };
  }
  return parseComparison(c);
}

const COMPARISONS = ['=', '==', '!=', '<>', '<', '>', '<=', '>='];

function parseComparison(c: Cursor): Expr {
  const left = parseAdditive(c);
  const t = c.peek();
  if (t.kind === 'op' && COMPARISONS.includes(t.value)) {
    c.next();
    const op = t.value === '==' ? '=' : t.value === '<>' ? '!=' : t.value;
    return { type: 'binary', op, left, right: parseAdditive(c), pos: t.pos };
  }
  const negated = c.isWord('not') && c.isWord('in', 1);
  if (negated) c.next();
  if (c.isWord('in')) {
    const pos = c.next().pos;
    c.expectOp('(');
    const list: Expr[] = [parseAdditive(c)];
    while (c.acceptOp(',')) list.push(parseAdditive(c));
    c.expectOp(')');
    return { type: 'in', expr: left, list, negated, pos };
  }
  if (c.isWord('matches')) {
    const pos = c.next().pos;
    // `matches "p"`, `matches ("p")`, `matches /re/`, or `matches field` (the field's value is the pattern).
    const wrapped = c.peek().kind === 'op' && c.peek().value === '(' && c.peek(1).kind === 'string' && c.isOp(')', 2);
    if (wrapped) c.next();
    const p = c.peek();
    if (p.kind === 'ident') return { type: 'matches', expr: left, pattern: parseAdditive(c), regex: false, pos };
    if (p.kind !== 'string' && p.kind !== 'regex') throw c.unexpected('a quoted pattern, /regex/ or a field');
    c.next();
    if (wrapped) c.expectOp(')');
    return { type: 'matches', expr: left, pattern: p.value, regex: p.kind === 'regex', pos };
  }
  return left;
}

/**
 * `a - b - c` is left-deep, one level per operator, and later stages recurse along it: each operator of the
 * chain counts as a level of nesting.
 */
function parseBinaryChain(c: Cursor, ops: string[], operand: (c: Cursor) => Expr): Expr {
  let left = operand(c);
  let levels = 0;
  while (ops.some((op) => c.isOp(op))) {
    const t = c.next();
    c.descend(t);
    levels++;
    left = { type: 'binary', op: t.value, left, right: operand(c), pos: t.pos };
  }
  c.ascend(levels);
  return left;
}

function parseAdditive(c: Cursor): Expr {
  return parseBinaryChain(c, ['+', '-'], parseMultiplicative);
}

function parseMultiplicative(c: Cursor): Expr {
  return parseBinaryChain(c, ['*', '/', '%'], parseUnary);
}

function parseUnary(c: Cursor): Expr {
  if (c.isOp('-')) {
    const t = c.next();
    return { type: 'unary', op: '-', expr: c.nested(t, () => parseUnary(c)), pos: t.pos };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): Expr {
  const t = c.peek();
  if (c.acceptOp('(')) {
    const inner = c.nested(t, () => parseExpr(c));
    c.expectOp(')');
    return inner;
  }
  c.term(t);
  if (t.kind === 'string') {
    c.next();
    return { type: 'literal', value: t.value, pos: t.pos };
  }
  if (t.kind === 'number') {
    c.next();
    const suffix = c.peek();
    const scale = suffix.kind === 'ident' && suffix.pos.offset === t.end && !suffix.quoted ? SIZE_SUFFIXES[suffix.value] : undefined;
    if (scale === undefined) return { type: 'literal', value: Number(t.value), pos: t.pos };
    c.next();
    return { type: 'literal', value: Number(t.value) * scale, pos: t.pos };
  }
  if (t.kind === 'regex') {
    c.next();
    return { type: 'regex', pattern: t.value, pos: t.pos };
  }
  if (t.kind === 'ident') {
    c.next();
    const lower = t.value.toLowerCase();
    if (t.quoted) return { type: 'field', name: lower, pos: t.pos };
    // Its arguments (a table path, key=field pairs) are no expressions: refused before they fail to parse.
    if (lower === 'lookupcontains' && c.isOp('('))
      throw queryError(t.pos, "function 'lookupContains' is not supported", 'a lookup operator: lookup … from path://"/Library/…" on …');
    if (c.isOp('(')) {
      c.next();
      const args: Expr[] = [];
      c.nested(t, () => {
        if (c.isOp(')')) return;
        args.push(parseExpr(c));
        while (c.acceptOp(',')) args.push(parseExpr(c));
      });
      c.expectOp(')');
      return { type: 'call', name: lower, args, pos: t.pos };
    }
    if (lower === 'true' || lower === 'false') return { type: 'literal', value: lower === 'true', pos: t.pos };
    if (lower === 'null') return { type: 'literal', value: null, pos: t.pos };
    return { type: 'field', name: lower, pos: t.pos };
  }
  if (c.atSubquery() && c.subquery) return { type: 'subquery', sub: c.subquery(c), pos: t.pos };
  throw c.unexpected('a value, a field name or a function call');
}
