import {
  type AggregateCall,
  type Expr,
  GEO_FIELDS,
  type GeoField,
  type Operator,
  type PathSegment,
  type Query,
  type SortKey,
} from './ast.js';
import { Cursor } from './cursor.js';
import { type Pos, queryError } from './errors.js';
import type { Token } from './lexer.js';
import { parseExpr } from './parse-expr.js';
import { parseScope } from './parse-scope.js';

/** Operators of Sumo Logic's language that this subset does not implement: named in the error. */
const UNSUPPORTED = new Set([
  'join',
  'lookup',
  'merge',
  'save',
  'outlier',
  'predict',
  'compare',
  'logreduce',
  'logcompare',
  'dedup',
  'trace',
  'transaction',
  'accum',
  'backshift',
  'diff',
  'rollingstd',
  'smooth',
  'total',
  'tail',
  'head',
  'bin',
  'format',
  'urldecode',
  'base64decode',
  'csv',
  'xml',
  'keyvalue',
  'kv',
  'subquery',
  'threatip',
  'threatlookup',
  'sessionize',
  'cat',
  'tojson',
  'parsedate',
  'rollup',
  'timecompare',
  'nodrop',
]);

const AGGREGATES = new Set(['count', 'count_distinct', 'sum', 'avg', 'min', 'max', 'pct', 'first', 'last', 'count_frequent']);

export function parse(tokens: Token[]): Query {
  const c = new Cursor(tokens);
  const scope = parseScope(c);
  const operators: Operator[] = [];
  while (c.peek().kind === 'pipe') {
    c.next();
    operators.push(parseOperator(c));
    if (!c.atStageEnd()) throw c.unexpected("'|' or the end of the query");
  }
  if (c.peek().kind !== 'eof') throw c.unexpected("'|' or the end of the query");
  return { scope, operators };
}

function parseOperator(c: Cursor): Operator {
  const t = c.peek();
  if (t.kind !== 'ident') {
    if (t.kind === 'op' || t.kind === 'string' || t.kind === 'number') return parseEval(c);
    throw c.unexpected('an operator');
  }
  const name = t.value.toLowerCase();
  const pos = t.pos;
  if (name === 'lookup' && !c.isOp('(', 1)) return parseGeoLookup(c);
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
    case 'fillmissing':
      return parseFillmissing(c);
    case 'transpose':
      return parseTranspose(c);
    case 'geoip': {
      c.next();
      const field = c.expectIdent('the field holding the IP address').value.toLowerCase();
      return { op: 'geo', field, outputs: [...GEO_FIELDS], pos };
    }
  }
  if (UNSUPPORTED.has(name) || !isExprContinuation(c, 1)) throw queryError(pos, `operator '${t.value}' is not supported`);
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
  c.expectWord('as');
  const name = c.expectIdent('the new field name').value.toLowerCase();
  return { op: 'eval', expr, name, pos };
}

function parseNameList(c: Cursor): string[] {
  const names = [c.expectIdent().value.toLowerCase()];
  while (c.acceptOp(',')) names.push(c.expectIdent().value.toLowerCase());
  return names;
}

function parseFieldOption(c: Cursor): string {
  if (c.isWord('field') && c.isOp('=', 1)) {
    c.next();
    c.next();
    return c.expectIdent('the field to read').value.toLowerCase();
  }
  return '_raw';
}

function parseJsonPath(text: string, pos: Pos): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = () => queryError(pos, `invalid JSON path "${text}"`, "keys separated by '.', [n] or ['key']");
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw fail();
      const inner = text.slice(i + 1, close);
      if (/^[0-9]+$/.test(inner)) segments.push({ index: Number(inner) });
      else if (/^'.*'$/.test(inner) || /^".*"$/.test(inner)) segments.push({ key: inner.slice(1, -1) });
      else throw fail();
      i = close + 1;
      if (text[i] === '.') i++;
      continue;
    }
    let j = i;
    while (j < text.length && text[j] !== '.' && text[j] !== '[') j++;
    if (j === i) throw fail();
    segments.push({ key: text.slice(i, j) });
    i = j;
    if (text[i] === '.') {
      i++;
      if (i === text.length) throw fail();
    }
  }
  if (segments.length === 0) throw fail();
  return segments;
}

function parseJson(c: Cursor): Operator {
  const pos = c.next().pos;
  if (c.isWord('auto')) {
    c.next();
    return { op: 'jsonAuto', field: parseFieldOption(c), pos };
  }
  const field = parseFieldOption(c);
  const paths: { text: string; segments: PathSegment[]; pos: Pos }[] = [];
  do {
    const t = c.expectString('a quoted JSON path');
    paths.push({ text: t.value, segments: parseJsonPath(t.value, t.pos), pos: t.pos });
  } while (c.acceptOp(','));
  let names: string[] | null = null;
  if (c.acceptWord('as')) {
    const at = c.peek().pos;
    names = parseNameList(c);
    if (names.length !== paths.length) {
      throw queryError(at, `${paths.length} JSON path(s) but ${names.length} name(s)`, `${paths.length} field name(s) after 'as'`);
    }
  }
  const nodrop = c.acceptWord('nodrop');
  return { op: 'json', field, paths, names, nodrop, pos };
}

function parseAnchor(c: Cursor, pos: Pos): Operator {
  const field = parseFieldOption(c);
  const p = c.expectString('a quoted pattern with * for each value');
  const stars = p.value.split('*').length - 1;
  if (stars === 0) throw queryError(p.pos, 'the pattern has no *', "a '*' where each value is");
  c.expectWord('as');
  const at = c.peek().pos;
  const names = parseNameList(c);
  if (names.length !== stars) throw queryError(at, `the pattern has ${stars} '*' but ${names.length} name(s)`, `${stars} field name(s)`);
  const nodrop = c.acceptWord('nodrop');
  return { op: 'parse', field, pattern: p.value, names, nodrop, pos };
}

function parseRegex(c: Cursor): Operator {
  const field = parseFieldOption(c);
  const p = c.expectString('a quoted regular expression with named groups');
  let nodrop = false;
  let multi = false;
  for (;;) {
    if (c.acceptWord('nodrop')) nodrop = true;
    else if (c.acceptWord('multi')) multi = true;
    else break;
  }
  return { op: 'parseRegex', field, pattern: p.value, nodrop, multi, pos: p.pos };
}

function parseSplit(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the field to split').value.toLowerCase();
  let delim = ',';
  let escapeChar: string | null = null;
  let quote: string | null = null;
  while (c.isWord('delim') || c.isWord('escape') || c.isWord('quote')) {
    const option = c.next().value.toLowerCase();
    c.expectOp('=');
    const v = c.expectString(`a one-character ${option}`);
    if ([...v.value].length !== 1) throw queryError(v.pos, `${option} must be one character`, 'one character in quotes');
    if (option === 'delim') delim = v.value;
    else if (option === 'escape') escapeChar = v.value;
    else quote = v.value;
  }
  c.expectWord('extract');
  const extracts: { index: number; name: string }[] = [];
  do {
    const n = c.expectInteger('a 1-based position');
    if (n.value < 1) throw queryError(n.token.pos, 'positions start at 1', 'a number from 1');
    c.expectWord('as');
    extracts.push({ index: n.value, name: c.expectIdent().value.toLowerCase() });
  } while (c.acceptOp(','));
  return { op: 'split', field, delim, escape: escapeChar, quote, extracts, pos };
}

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

function parseTimeslice(c: Cursor): Operator {
  const pos = c.next().pos;
  let spanMs: number | null = null;
  let buckets: number | null = null;
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
  const fn = t.value.toLowerCase() as AggregateCall['fn'];
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
  const alias = c.acceptWord('as') ? c.expectIdent('the result field name').value.toLowerCase() : null;
  if (alias && fn === 'pct' && percentiles.length > 1)
    throw queryError(t.pos, 'pct with several percentiles cannot have one alias', 'one percentile with as');
  return { fn, field, percentiles, alias, pos: t.pos };
}

function parseAggregate(c: Cursor): Operator {
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
  if (c.acceptWord('by')) {
    do {
      const t = c.expectIdent('a field to group by');
      by.push({ name: t.value.toLowerCase(), pos: t.pos });
    } while (c.acceptOp(','));
  }
  return { op: 'aggregate', aggs, by, pos };
}

function parseSort(c: Cursor): Operator {
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

function parseTop(c: Cursor): Operator {
  const pos = c.next().pos;
  const n = c.expectInteger('the number of rows');
  if (n.value < 1 || n.value > 10000) throw queryError(n.token.pos, 'top must be between 1 and 10000', 'a number from 1 to 10000');
  const fields = parseNameList(c);
  let by: AggregateCall | { field: string; pos: Pos } | null = null;
  if (c.acceptWord('by')) {
    const t = c.peek();
    if (t.kind === 'ident' && AGGREGATES.has(t.value.toLowerCase())) by = parseAggregateCall(c);
    else by = { field: c.expectIdent('an aggregate or a field').value.toLowerCase(), pos: t.pos };
  }
  return { op: 'top', n: n.value, fields, by, pos };
}

function parseFillmissing(c: Cursor): Operator {
  const pos = c.next().pos;
  let spanMs: number | null = null;
  const values: { values: string[]; field: string }[] = [];
  do {
    if (c.acceptWord('timeslice')) {
      if (c.acceptOp('(')) {
        spanMs = parseSpan(c);
        c.expectOp(')');
      }
    } else if (c.acceptWord('values')) {
      c.expectOp('(');
      const list = [c.expectString('a quoted value').value];
      while (c.acceptOp(',')) list.push(c.expectString('a quoted value').value);
      c.expectOp(')');
      c.expectWord('in');
      values.push({ values: list, field: c.expectIdent().value.toLowerCase() });
    } else {
      throw c.unexpected('timeslice or values(…) in field');
    }
  } while (c.acceptOp(','));
  return { op: 'fillmissing', spanMs, values, pos };
}

function parseTranspose(c: Cursor): Operator {
  const pos = c.next().pos;
  c.expectWord('row');
  const row = parseNameList(c);
  c.expectWord('column');
  const column = parseNameList(c);
  return { op: 'transpose', row, column, pos };
}

function parseGeoLookup(c: Cursor): Operator {
  const pos = c.next().pos;
  const outputs: GeoField[] = [];
  do {
    const t = c.expectIdent('a geo field (latitude, longitude, country_code, country_name, region, city, postal_code)');
    const name = t.value.toLowerCase() as GeoField;
    if (!GEO_FIELDS.includes(name)) throw queryError(t.pos, `'${t.value}' is not a geo field`, GEO_FIELDS.join(', '));
    outputs.push(name);
  } while (c.acceptOp(','));
  c.expectWord('from');
  const table = c.peek();
  if (!(c.isWord('geo') && c.isOp(':', 1) && c.isOp('/', 2) && c.isOp('/', 3) && c.isWord('location', 4))) {
    throw queryError(table.pos, 'only the geo://location lookup table is supported', 'geo://location');
  }
  for (let k = 0; k < 5; k++) c.next();
  c.expectWord('on');
  c.expectWord('ip');
  c.expectOp('=');
  const field = c.expectIdent('the field holding the IP address').value.toLowerCase();
  return { op: 'geo', field, outputs, pos };
}
