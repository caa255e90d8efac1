import { GEO_FIELDS, GEOIP_FIELDS, type GeoField, type Operator } from './ast.js';
import type { Cursor } from './cursor.js';
import { queryError } from './errors.js';
import type { Token } from './lexer.js';
import { CS_FIELDS, THREATIP_FIELDS, threatlookupFields } from './threat.js';

// The lookup operators: `lookup … from geo://location|geo://default`, `lookup … from sumo://threat/cs`,
// `geoip`, `threatip` and `threatlookup`.

interface Output {
  field: string;
  name: string;
}

/** `a, b as c`: the fields a lookup adds and the names they get. */
function parseOutputs(c: Cursor, known: readonly string[], what: string): Output[] {
  const outputs: Output[] = [];
  do {
    const t = c.expectIdent(`a ${what} field (${known.join(', ')})`);
    const field = t.value.toLowerCase();
    if (!known.includes(field)) throw queryError(t.pos, `'${t.value}' is not a ${what} field`, known.join(', '));
    const name = c.acceptWord('as') ? c.expectIdent('the name of the field').value.toLowerCase() : field;
    outputs.push({ field, name });
  } while (c.acceptOp(','));
  return outputs;
}

/** Whether `scheme://a/b` starts `at` tokens ahead: the number of tokens it spans, or 0. */
function tablePath(c: Cursor, at: number, scheme: string, parts: string[]): number {
  if (!(c.isWord(scheme, at) && c.isOp(':', at + 1) && c.isOp('/', at + 2) && c.isOp('/', at + 3))) return 0;
  let k = at + 4;
  for (const [i, part] of parts.entries()) {
    if (i > 0 && !c.isOp('/', k++)) return 0;
    if (!c.isWord(part, k++)) return 0;
  }
  return k - at;
}

/** `on ip = field`, Sumo's shorthand `on ip` (the field named ip), or `on field = ip` as the subqueries page writes it. */
function parseOn(c: Cursor, key: string): string {
  c.expectWord('on');
  const t = c.peek();
  if (!c.isWord(key) && t.kind === 'ident' && c.isOp('=', 1) && c.isWord(key, 2)) {
    c.next();
    c.next();
    c.next();
    return t.value.toLowerCase();
  }
  c.expectWord(key);
  if (!c.acceptOp('=')) return t.value.toLowerCase();
  return c.expectIdent(`the field to match ${key} against`).value.toLowerCase();
}

export function parseLookup(c: Cursor): Operator {
  const pos = c.next().pos;
  // The table comes after the fields: look ahead to it, to know which fields are valid.
  let at = 0;
  while (!c.isWord('from', at) && c.peek(at).kind !== 'pipe' && c.peek(at).kind !== 'eof') at++;
  const table = c.peek(at + 1);
  const hasFrom = c.isWord('from', at);
  const path = hasFrom ? tablePathText(c, at + 1) : null;
  if (path) return parseTableLookup(c, pos, path);
  const geo = hasFrom ? tablePath(c, at + 1, 'geo', ['location']) || tablePath(c, at + 1, 'geo', ['default']) : 0;
  const threat = hasFrom && !geo ? tablePath(c, at + 1, 'sumo', ['threat', 'cs']) : 0;
  if (!geo && !threat) {
    if (!hasFrom) throw queryError(c.peek(at).pos, "expected 'from' and a lookup table", 'from geo://default');
    throw queryError(
      table.pos,
      'this lookup table is not supported (classic lookup files, https:// and asn:// among them)',
      'geo://location, geo://default, sumo://threat/cs or path://"/Library/…"',
    );
  }
  const outputs = geo
    ? parseOutputs(c, GEO_FIELDS, 'geo')
    : parseOutputs(c, [...new Set([...Object.keys(CS_FIELDS), ...Object.keys(THREATIP_FIELDS)])], 'threat');
  c.expectWord('from');
  for (let k = 0; k < geo + threat; k++) c.next();
  if (geo) return { op: 'geo', field: parseOn(c, 'ip'), outputs: outputs as { field: GeoField; name: string }[], pos };
  return { op: 'threat', shape: 'cs', field: parseOn(c, 'threat'), outputs, source: null, pos };
}

/** `path://"/Library/…"` (4 tokens and a string) or the bare `/Library/…` the lexer reads as one string. */
function tablePathText(c: Cursor, at: number): { text: string; span: number; pos: Token['pos'] } | null {
  const t = c.peek(at);
  if (t.kind === 'string' && t.value.startsWith('/')) return { text: t.value, span: 1, pos: t.pos };
  const s = c.peek(at + 4);
  if (c.isWord('path', at) && c.isOp(':', at + 1) && c.isOp('/', at + 2) && c.isOp('/', at + 3) && s.kind === 'string')
    return { text: s.value, span: 5, pos: s.pos };
  return null;
}

function parseTableLookup(c: Cursor, pos: Token['pos'], path: { text: string; span: number; pos: Token['pos'] }): Operator {
  if (!/^\/Library\/./i.test(path.text))
    throw queryError(path.pos, 'a lookup table path starts with /Library/', 'path://"/Library/Users/…/table"');
  const outputs: { field: string; name: string }[] = [];
  const all = c.acceptOp('*');
  if (!all) {
    do {
      const field = c.expectIdent('a field of the lookup table').value.toLowerCase();
      const name = c.acceptWord('as') ? c.expectIdent('the name of the field').value.toLowerCase() : field;
      outputs.push({ field, name });
    } while (c.acceptOp(','));
  }
  c.expectWord('from');
  for (let k = 0; k < path.span; k++) c.next();
  c.expectWord('on');
  const on: { left: string; right: string; pos: Token['pos'] }[] = [];
  do {
    const leftToken = c.expectIdent('a primary key of the lookup table or the field to match');
    const left = leftToken.value.toLowerCase();
    // `on ip` alone: the table's key ip against the field ip.
    const right = c.acceptOp('=') ? c.expectIdent('the field to match the key against').value.toLowerCase() : left;
    on.push({ left, right, pos: leftToken.pos });
  } while (c.acceptOp(','));
  return { op: 'table', path: path.text, outputs, all, on, pos };
}

export function parseGeoip(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the field holding the IP address').value.toLowerCase();
  return { op: 'geo', field, outputs: GEOIP_FIELDS.map((f) => ({ field: f, name: f })), pos };
}

export function parseThreatip(c: Cursor): Operator {
  const pos = c.next().pos;
  const field = c.expectIdent('the field holding the IP address').value.toLowerCase();
  const outputs = Object.keys(THREATIP_FIELDS).map((f) => ({ field: f, name: f }));
  return { op: 'threat', shape: 'cs', field, outputs, source: null, pos };
}

/** `threatlookup [singleIndicator] [source="name"] field` (Sumo's threatlookup page). */
export function parseThreatlookup(c: Cursor): Operator {
  const pos = c.next().pos;
  const shape = c.acceptWord('singleindicator') ? 'single' : 'all';
  let source: string | null = null;
  if (c.isWord('source') && c.isOp('=', 1)) {
    c.next();
    c.next();
    source = c.expectString('the threat-intelligence source in quotes').value;
  }
  const field = c.expectIdent('the field holding the indicator').value.toLowerCase();
  const outputs = Object.keys(threatlookupFields(shape)).map((f) => ({ field: f, name: f }));
  return { op: 'threat', shape, field, outputs, source, pos };
}

/** `cat path://"/Library/…"` or `cat /Library/…` opening a query (Sumo's cat page): the table read instead of messages. */
export function parseCat(c: Cursor): { path: string; pos: Token['pos'] } | null {
  const next = c.peek(1);
  const scheme = next.value.toLowerCase() === 'path://' && c.peek(2).kind === 'string';
  if (!c.isWord('cat') || !(scheme || (next.kind === 'word' && next.value.startsWith('/')))) return null;
  c.next();
  if (scheme) c.next();
  const t = c.next();
  if (!/^\/Library\/./i.test(t.value))
    throw queryError(t.pos, 'a lookup table path starts with /Library/', 'path://"/Library/Users/…/table"');
  if (!c.atStageEnd()) throw c.unexpected("'|' after the lookup table");
  return { path: t.value, pos: t.pos };
}

/** `save [append] path://"/Library/…"` (Sumo's save page): nothing may follow it. */
export function parseSave(c: Cursor): Operator {
  const pos = c.next().pos;
  const append = c.acceptWord('append');
  const path = tablePathText(c, 0);
  if (!path && !c.atStageEnd())
    throw queryError(
      c.peek().pos,
      "save to a file path (Sumo's classic lookups) is not supported",
      'path://"/Library/…" of the lookup table to save to',
    );
  if (!path) throw c.unexpected('path://"/Library/…" of the lookup table to save to');
  if (!/^\/Library\/./i.test(path.text))
    throw queryError(path.pos, 'a lookup table path starts with /Library/', 'path://"/Library/Users/…/table"');
  for (let k = 0; k < path.span; k++) c.next();
  if (!c.atStageEnd() || c.peek().kind === 'pipe') throw queryError(c.peek().pos, 'nothing may follow save', 'the end of the query');
  return { op: 'save', path: path.text, append, pos };
}
