import type { ScopeExpr } from './ast.js';
import type { Cursor } from './cursor.js';

/** The search scope before the first `|`: terms, metadata comparisons, NOT > AND > OR, parentheses. */
export function parseScope(c: Cursor): ScopeExpr {
  if (c.atStageEnd()) return { type: 'all', pos: c.peek().pos };
  const expr = parseOr(c);
  if (!c.atStageEnd()) throw c.unexpected("'|' or a search term");
  return expr;
}

function parseOr(c: Cursor): ScopeExpr {
  let left = parseAnd(c);
  while (c.isWord('or')) {
    const pos = c.next().pos;
    left = { type: 'or', left, right: parseAnd(c), pos };
  }
  return left;
}

function startsTerm(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind === 'string') return true;
  if (t.kind === 'op') return t.value === '(';
  return t.kind === 'word' && !c.isWord('or') && !c.isWord('and');
}

function parseAnd(c: Cursor): ScopeExpr {
  let left = parseNot(c);
  for (;;) {
    if (c.isWord('and')) {
      const pos = c.next().pos;
      left = { type: 'and', left, right: parseNot(c), pos };
    } else if (startsTerm(c)) {
      left = { type: 'and', left, right: parseNot(c), pos: c.peek().pos };
    } else {
      return left;
    }
  }
}

function parseNot(c: Cursor): ScopeExpr {
  if (c.isWord('not')) {
    const pos = c.next().pos;
    return { type: 'not', expr: parseNot(c), pos };
  }
  return parsePrimary(c);
}

function parsePrimary(c: Cursor): ScopeExpr {
  const t = c.peek();
  if (c.acceptOp('(')) {
    const inner = parseOr(c);
    c.expectOp(')');
    return inner;
  }
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
