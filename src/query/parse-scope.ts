import type { ScopeExpr } from './ast.js';
import type { Cursor } from './cursor.js';

/** The search scope before the first `|`: terms, metadata comparisons, NOT > AND > OR, parentheses. */
export function parseScope(c: Cursor): ScopeExpr {
  if (c.atStageEnd()) return { type: 'all', pos: c.peek().pos };
  const expr = parseOr(c);
  if (!c.atStageEnd()) throw c.unexpected("'|' or a search term");
  return expr;
}

/** A chain of one operator as one node; a single operand stands alone. */
function chain(type: 'and' | 'or', args: ScopeExpr[], pos: ScopeExpr['pos']): ScopeExpr {
  return args.length === 1 ? args[0] : { type, args, pos };
}

function parseOr(c: Cursor): ScopeExpr {
  const args = [parseAnd(c)];
  const pos = c.peek().pos;
  while (c.isWord('or')) {
    c.next();
    args.push(parseAnd(c));
  }
  return chain('or', args, pos);
}

function startsTerm(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind === 'string') return true;
  if (t.kind === 'op') return t.value === '(' || c.atSubquery();
  return t.kind === 'word' && !c.isWord('or') && !c.isWord('and');
}

function parseAnd(c: Cursor): ScopeExpr {
  const args = [parseNot(c)];
  const pos = c.peek().pos;
  for (;;) {
    if (c.isWord('and')) c.next();
    else if (!startsTerm(c)) return chain('and', args, pos);
    args.push(parseNot(c));
  }
}

function parseNot(c: Cursor): ScopeExpr {
  if (c.isWord('not')) {
    const t = c.next();
    return { type: 'not', expr: c.nested(t, () => parseNot(c)), pos: t.pos };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): ScopeExpr {
  const t = c.peek();
  if (c.acceptOp('(')) {
    const inner = c.nested(t, () => parseOr(c));
    c.expectOp(')');
    return inner;
  }
  c.term(t);
  if (c.atSubquery() && c.subquery) return { type: 'subquery', sub: c.subquery(c), pos: t.pos };
  if (t.kind === 'string') {
    c.next();
    return { type: 'phrase', text: t.value, pos: t.pos };
  }
  if (t.kind !== 'word') throw c.unexpected('a search term');
  c.next();
  if (c.isOp('=') || c.isOp('!=')) {
    const op = c.next().value as '=' | '!=';
    const v = c.peek();
    if (v.kind !== 'word' && v.kind !== 'string') throw c.unexpected('a value');
    c.next();
    return { type: 'meta', field: t.value.toLowerCase(), op, value: v.value, quoted: v.kind === 'string', pos: t.pos };
  }
  if (t.value === '*') return { type: 'all', pos: t.pos };
  return { type: 'keyword', text: t.value, pos: t.pos };
}
