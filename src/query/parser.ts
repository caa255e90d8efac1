import type { Expr, Operator, Query } from './ast.js';
import { Cursor, parseNameList } from './cursor.js';
import { queryError } from './errors.js';
import type { Token } from './lexer.js';
import {
  AGGREGATES,
  parseAggregate,
  parseDedup,
  parseFillmissing,
  parseSort,
  parseTimeslice,
  parseTop,
  parseTopk,
  parseTotal,
  parseTranspose,
} from './parse-aggregate.js';
import { parseAccum, parseBackshift, parseCompare, parseJoin, parseOutlier, parseTransactionize } from './parse-analytics.js';
import { parseExpr } from './parse-expr.js';
import { parseAnchor, parseJson, parseRegex, parseSplit } from './parse-extract.js';
import { parseKeyvalue } from './parse-keyvalue.js';
import { parseCat, parseGeoip, parseLookup, parseSave, parseThreatip, parseThreatlookup } from './parse-lookup.js';
import { parseScope } from './parse-scope.js';
import { parseSubquery } from './parse-subquery.js';

/** Operators of Sumo Logic's language that this subset does not implement: named in the error. */
const UNSUPPORTED = new Set([
  'lookup',
  'merge',
  'predict',
  'logreduce',
  'logcompare',
  'trace',
  'transaction',
  'diff',
  'rollingstd',
  'smooth',
  'tail',
  'head',
  'bin',
  'urldecode',
  'base64decode',
  'csv',
  'xml',
  'subquery',
  'sessionize',
  'cat',
  'tojson',
  'rollup',
  'timecompare',
  'nodrop',
]);

/** The scope, then `| operator` stages; the operators' own syntax is in parse-extract.ts and parse-aggregate.ts. */
export function parse(tokens: Token[]): Query {
  const c = new Cursor(tokens);
  c.subquery = (cursor) => parseSubquery(cursor, parseOperator);
  const table = parseCat(c);
  const scope: Query['scope'] = table ? { type: 'all', pos: table.pos } : parseScope(c);
  const operators: Operator[] = [];
  while (c.peek().kind === 'pipe') {
    c.next();
    operators.push(parseOperator(c));
    if (!c.atStageEnd()) throw c.unexpected("'|' or the end of the query");
  }
  if (c.peek().kind !== 'eof') throw c.unexpected("'|' or the end of the query");
  return { scope, operators, ...(table ? { table } : {}) };
}

function parseOperator(c: Cursor): Operator {
  const t = c.peek();
  if (t.kind !== 'ident') {
    if (t.kind === 'op' || t.kind === 'string' || t.kind === 'number') return parseEval(c);
    throw c.unexpected('an operator');
  }
  if (t.quoted) return parseEval(c);
  const name = t.value.toLowerCase();
  const pos = t.pos;
  if (name === 'lookup' && !c.isOp('(', 1)) return parseLookup(c);
  if (AGGREGATES.has(name)) return parseAggregate(c);
  switch (name) {
    case 'json':
      return parseJson(c);
    case 'parse':
      c.next();
      if (c.acceptWord('regex')) return parseRegex(c);
      return parseAnchor(c, pos);
    case 'extract':
      c.next();
      return parseRegex(c);
    case 'split':
      return parseSplit(c);
    case 'keyvalue':
    case 'kv':
      return parseKeyvalue(c);
    case 'fields': {
      c.next();
      const remove = c.acceptOp('-');
      return { op: 'fields', remove, names: parseNameList(c), pos };
    }
    case 'where':
      c.next();
      return { op: 'where', expr: parseExpr(c), pos };
    case 'timeslice':
      return parseTimeslice(c);
    case 'sort':
    case 'order':
      return parseSort(c);
    case 'limit': {
      c.next();
      const n = c.expectInteger('the number of rows');
      if (n.value < 1 || n.value > 10000) throw queryError(n.token.pos, 'limit must be between 1 and 10000', 'a number from 1 to 10000');
      return { op: 'limit', n: n.value, pos };
    }
    case 'top':
      return parseTop(c);
    case 'topk':
      return parseTopk(c);
    case 'fillmissing':
      return parseFillmissing(c);
    case 'transpose':
      return parseTranspose(c);
    case 'total':
      return parseTotal(c);
    case 'dedup':
      return parseDedup(c);
    case 'outlier':
      return parseOutlier(c);
    case 'accum':
      return parseAccum(c);
    case 'backshift':
      return parseBackshift(c);
    case 'compare':
      return parseCompare(c);
    case 'transactionize':
      return parseTransactionize(c);
    case 'join':
      return parseJoin(c, parseOperator);
    case 'withtime': {
      // `withtime x` then `most_recent(x_withtime)`: the value itself, its message time stays with the row.
      c.next();
      const t = c.expectIdent('the field to keep with its time');
      const field = t.value.toLowerCase();
      return { op: 'eval', expr: { type: 'field', name: field, pos: t.pos }, name: `${field}_withtime`, pos };
    }
    case 'geoip':
      return parseGeoip(c);
    case 'threatip':
      return parseThreatip(c);
    case 'threatlookup':
      return parseThreatlookup(c);
    case 'save':
      return parseSave(c);
  }
  if ((UNSUPPORTED.has(name) && !c.isOp('(', 1)) || !isExprContinuation(c, 1))
    throw queryError(pos, `operator '${t.value}' is not supported`);
  return parseEval(c);
}

/** After an identifier, does the text continue as an expression (`x + 1 as y`, `f(x) as y`)? */
function isExprContinuation(c: Cursor, ahead: number): boolean {
  const t = c.peek(ahead);
  if (t.kind === 'op') return !['|', ','].includes(t.value);
  return c.isWord('as', ahead) || c.isWord('and', ahead) || c.isWord('or', ahead) || c.isWord('matches', ahead) || c.isWord('in', ahead);
}

function parseEval(c: Cursor): Operator {
  const pos = c.peek().pos;
  const expr: Expr = parseExpr(c);
  const target = expr.type === 'call' && c.atStageEnd() ? inPlaceField(expr) : null;
  if (target) return { op: 'eval', expr, name: target, pos };
  c.expectWord('as');
  const name = c.expectIdent('the new field name').value.toLowerCase();
  return { op: 'eval', expr, name, pos };
}

/**
 * A function stage without `as` (`| toLong(x)`, `| formatDate(toLong(t))`) writes its result back to the
 * field its first argument reads, as Sumo's casts convert a field in place.
 */
function inPlaceField(expr: Expr): string | null {
  let e: Expr | undefined = expr;
  while (e?.type === 'call') e = e.args[0];
  return e?.type === 'field' ? e.name : null;
}
