import { EXTRACTED_FIELDS } from '../model/message.js';
import type { Operator, PathSegment } from './ast.js';
import { queryError } from './errors.js';
import { jsonPath, lastKey, wildcardPaths } from './json-path.js';
import { allOf, asText, fn, lit } from './plan-expr.js';
import type { PExpr, SqlStage, ValueType } from './plan-types.js';
import { anchorToRegex, checkRegex, escapeRegex } from './regex.js';

/**
 * What the operators that extract fields from a message's text (json, parse, parse regex, split) need of
 * the planner. Each gets its source field already resolved, adds its stages and sets the fields it makes.
 */
export interface ExtractContext {
  newColumn(): string;
  addStage(stage: SqlStage): void;
  setField(name: string, col: string, type: ValueType): void;
  /** Read a typed column for `json "<key>"` when the source is `_raw` and the store has one. */
  useExtractedColumns: boolean;
  /** A field an earlier operator made (or metadata), else null: a parse that does not match leaves it as it was. */
  earlier(name: string): PExpr | null;
  /**
   * The match conditions of the nodrop parses right before this one (no other operator between): a parse
   * without nodrop keeps a message one of them matched, Sumo's "nodrop acts as an OR". Each parse updates it.
   */
  nodropRun: PExpr[];
}

export function planJson(op: Extract<Operator, { op: 'json' }>, src: PExpr, ctx: ExtractContext): void {
  const fromRaw = src.k === 'col' && src.col === 'raw';
  const names = op.paths.map((p, i) => op.names?.[i] ?? lastKey(p.segments).toLowerCase());
  const exprs: (PExpr | null)[] = op.paths.map((p) => {
    const only = p.segments.length === 1 ? p.segments[0] : null;
    const extracted =
      only && 'key' in only && fromRaw && ctx.useExtractedColumns ? EXTRACTED_FIELDS.find((f) => f.key === only.key) : undefined;
    return extracted ? { k: 'col', col: extracted.column, type: 'text' } : null;
  });
  for (const [i, p] of op.paths.entries()) {
    if (exprs[i] === null && p.segments.some((s) => 'wildcard' in s)) exprs[i] = jsonRead(src, p.segments);
  }
  const parsed = op.paths.map((p, i) => ({ path: jsonPath(p.segments), i })).filter(({ i }) => exprs[i] === null);
  if (parsed.length === 1) {
    exprs[parsed[0].i] = fn('jsonText', [src, lit(parsed[0].path)], 'text');
  } else if (parsed.length > 1) {
    // One parse of the JSON for all the paths of this stage.
    const listCol = ctx.newColumn();
    ctx.addStage({
      stage: 'extend',
      columns: [{ col: listCol, expr: fn('jsonList', [src, ...parsed.map((p) => lit(p.path))], 'text') }],
      filter: null,
      note: 'json (parse once)',
    });
    for (const [n, { i }] of parsed.entries()) {
      exprs[i] = fn(
        'listItem',
        [
          { k: 'col', col: listCol, type: 'text' },
          { k: 'lit', value: n + 1, type: 'number', inline: true },
        ],
        'text',
      );
    }
  }
  const columns = exprs.map((expr) => ({ col: ctx.newColumn(), expr: expr as PExpr }));
  const filter: PExpr | null = op.nodrop
    ? null
    : allOf(columns.map((c) => ({ k: 'not', arg: { k: 'isnull', arg: { k: 'col', col: c.col, type: 'text' } } })));
  ctx.addStage({
    stage: 'extend',
    columns,
    filter,
    note: `json ${op.paths.map((p) => JSON.stringify(p.text)).join(', ')}${op.nodrop ? ' nodrop' : ''}`,
  });
  for (const [i, name] of names.entries()) ctx.setField(name, columns[i].col, 'text');
}

/**
 * The text at a JSON path; with `[*]` the values of every item as a JSON array (`["a",2]`), null when none;
 * with `[?(@.k == 'v')]` of the items that pass.
 */
export function jsonRead(src: PExpr, segments: PathSegment[]): PExpr {
  const wildcard = wildcardPaths(segments);
  if (wildcard?.filter) {
    const { path, op, value } = wildcard.filter;
    const negated: PExpr = { k: 'lit', value: op === '!=' ? 1 : 0, type: 'number', inline: true };
    return fn('jsonValuesWhere', [src, lit(wildcard.array), lit(wildcard.item), lit(path), lit(value), negated], 'text');
  }
  if (wildcard) return fn('jsonValues', [src, lit(wildcard.array), lit(wildcard.item)], 'text');
  return fn('jsonText', [src, lit(jsonPath(segments))], 'text');
}

/**
 * Several patterns are matched each on its own (the fields of one that does not match are null). Without nodrop
 * a message is kept when it matches at least one of them: Sumo's "at least one segment of the parse expression".
 */
export function planParse(op: Extract<Operator, { op: 'parse' }>, src: PExpr, ctx: ExtractContext): void {
  if (op.patterns.length === 1) {
    const [p] = op.patterns;
    const groups = p.names.map((name, i) => ({ name, index: i + 1 }));
    extractGroups(src, anchorToRegex(p.pattern), groups, op.nodrop, `parse "${p.pattern}"`, ctx);
    return;
  }
  const run = ctx.nodropRun.splice(0);
  const matched = op.patterns.map((p) => {
    const regex = anchorToRegex(p.pattern);
    const groups = p.names.map((name, i) => ({ name, index: i + 1 }));
    extractGroups(src, regex, groups, true, `parse "${p.pattern}"`, ctx);
    return fn('regexMatch', [src, lit(regex)], 'bool');
  });
  ctx.nodropRun.splice(0);
  if (op.nodrop) ctx.nodropRun.push(...run, ...matched);
  else ctx.addStage({ stage: 'filter', cond: { k: 'or', args: [...matched, ...run] }, note: 'parse: one pattern matched' });
}

export function planParseRegex(op: Extract<Operator, { op: 'parseRegex' }>, src: PExpr, ctx: ExtractContext): void {
  const checked = checkRegex(op.pattern, op.pos);
  if (checked.groups.length === 0) throw queryError(op.pos, 'the regular expression has no named group', '(?<name>…) for each field');
  if (op.multi) extractMulti(src, checked.pattern, checked.groups, op.nodrop, ctx);
  else extractGroups(src, checked.pattern, checked.groups, op.nodrop, 'parse regex', ctx);
}

function extractGroups(
  src: PExpr,
  regex: string,
  groups: { name: string; index: number }[],
  nodrop: boolean,
  note: string,
  ctx: ExtractContext,
): void {
  const matched = fn('regexMatch', [src, lit(regex)], 'bool');
  const columns = groups.map((g) => {
    const value = fn('regexExtract', [src, lit(regex), { k: 'lit', value: g.index, type: 'number', inline: true }], 'text');
    const before = ctx.earlier(g.name);
    const whenFalse = before ? asText(before) : lit(null);
    return { col: ctx.newColumn(), expr: { k: 'if', cond: matched, whenTrue: value, whenFalse, type: 'text' } as PExpr };
  });
  const run = ctx.nodropRun.splice(0);
  if (nodrop) ctx.nodropRun.push(...run, matched);
  const filter = nodrop ? null : run.length > 0 ? ({ k: 'or', args: [matched, ...run] } as PExpr) : matched;
  ctx.addStage({ stage: 'extend', columns, filter, note });
  for (const [i, g] of groups.entries()) ctx.setField(g.name, columns[i].col, 'text');
}

function extractMulti(src: PExpr, regex: string, groups: { name: string; index: number }[], nodrop: boolean, ctx: ExtractContext): void {
  const idx = ctx.newColumn();
  ctx.addStage({
    stage: 'unnest',
    col: idx,
    count: fn('regexCount', [src, lit(regex)], 'number'),
    note: 'parse regex multi',
    keepEmpty: nodrop,
  });
  const columns = groups.map((g) => ({
    col: ctx.newColumn(),
    expr: fn(
      'regexExtractAllItem',
      [src, lit(regex), { k: 'lit', value: g.index, type: 'number', inline: true }, { k: 'col', col: idx, type: 'number' }],
      'text',
    ),
  }));
  ctx.addStage({ stage: 'extend', columns, filter: null, note: 'parse regex multi' });
  for (const [i, g] of groups.entries()) ctx.setField(g.name, columns[i].col, 'text');
}

export function planSplit(op: Extract<Operator, { op: 'split' }>, src: PExpr, ctx: ExtractContext): void {
  const columns = op.extracts.map((x) => {
    const n: PExpr = { k: 'lit', value: x.index, type: 'number', inline: true };
    if (!op.quote && !op.escape) return { col: ctx.newColumn(), expr: fn('splitPart', [src, lit(op.delim), n], 'text') };
    const d = escapeRegex(op.delim);
    const q = op.quote ? escapeRegex(op.quote) : null;
    const e = op.escape ? escapeRegex(op.escape) : null;
    const alternatives = [...(e ? [`${e}.`] : []), ...(q ? [`${q}[^${q}]*${q}`] : []), `[^${d}${q ?? ''}${e ?? ''}]`];
    const pattern = `((?:${alternatives.join('|')})*)${d}`;
    const strip = q ? `^${q}(.*)${q}$` : '^(.*)$';
    return { col: ctx.newColumn(), expr: fn('splitQuoted', [src, lit(op.delim), lit(pattern), lit(strip), n], 'text') };
  });
  ctx.addStage({ stage: 'extend', columns, filter: null, note: `split ${op.field}` });
  for (const [i, x] of op.extracts.entries()) ctx.setField(x.name, columns[i].col, 'text');
}
