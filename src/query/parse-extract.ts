import type { Operator, PathSegment } from './ast.js';
import { type Cursor, parseNameList } from './cursor.js';
import { type Pos, queryError } from './errors.js';
import { splitJsonPath } from './json-path.js';

// The operators that add fields to each message: json, parse (anchor and regex) and split.

function parseFieldOption(c: Cursor): string {
  if (c.isWord('field') && c.isOp('=', 1)) {
    c.next();
    c.next();
    return c.expectIdent('the field to read').value.toLowerCase();
  }
  return '_raw';
}

function parseJsonPath(text: string, pos: Pos): PathSegment[] {
  if (text.includes('[?(') || text.includes('..') || /\[-?[0-9]*:-?[0-9]*\]/.test(text)) {
    throw queryError(
      pos,
      `JSON path "${text}": filters [?(…)], '..', slices and unions are not supported`,
      "keys, [n], ['key'] and one [*]",
    );
  }
  const segments = splitJsonPath(text);
  if (!segments) throw queryError(pos, `invalid JSON path "${text}"`, "keys separated by '.', [n], ['key'] and at most one [*]");
  return segments;
}

export function parseJson(c: Cursor): Operator {
  const pos = c.next().pos;
  if (c.isWord('auto')) {
    c.next();
    return parseJsonAuto(c, pos);
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

/**
 * `json auto [field=f] [maxdepth n] [keys "k1", "k2" [refonly] [as a, b]] [extractarrays] [nodrop]`. Array items
 * (`%foo[0]`) are read whether or not `extractarrays` is given, and json auto never drops a message.
 */
function parseJsonAuto(c: Cursor, pos: Pos): Operator {
  const field = parseFieldOption(c);
  let maxDepth: number | null = null;
  const keys: { key: string; name: string }[] = [];
  let refOnly = false;
  for (;;) {
    if (c.acceptWord('maxdepth')) {
      const n = c.expectInteger('a depth from 1');
      if (n.value < 1) throw queryError(n.token.pos, 'maxdepth must be at least 1', 'a depth from 1');
      maxDepth = n.value;
    } else if (c.acceptWord('keys')) {
      const texts: string[] = [];
      do texts.push(c.expectString('a quoted key').value);
      while (c.acceptOp(','));
      refOnly = c.acceptWord('refonly');
      let names = texts.map((t) => t.toLowerCase());
      if (c.acceptWord('as')) {
        const at = c.peek().pos;
        names = parseNameList(c);
        if (names.length !== texts.length)
          throw queryError(at, `${texts.length} key(s) but ${names.length} name(s)`, `${texts.length} field name(s) after 'as'`);
      }
      texts.forEach((key, i) => {
        keys.push({ key, name: names[i] });
      });
    } else if (!c.acceptWord('extractarrays') && !c.acceptWord('nodrop')) break;
  }
  return { op: 'jsonAuto', field, maxDepth, keys, refOnly, pos };
}

export function parseAnchor(c: Cursor, pos: Pos): Operator {
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

export function parseRegex(c: Cursor): Operator {
  const field = parseFieldOption(c);
  const p = c.peek().kind === 'regex' ? c.next() : c.expectString('a quoted regular expression with named groups');
  let nodrop = false;
  let multi = false;
  for (;;) {
    if (c.acceptWord('nodrop')) nodrop = true;
    else if (c.acceptWord('multi')) multi = true;
    else break;
  }
  return { op: 'parseRegex', field, pattern: p.value, nodrop, multi, pos: p.pos };
}

export function parseSplit(c: Cursor): Operator {
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
