import type { Operator } from './ast.js';
import { queryError } from './errors.js';
import { asText, fn, lit } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import type { PExpr } from './plan-types.js';
import { checkRegex, escapeRegex } from './regex.js';

/** Where a key starts: the text's start or a character that cannot be part of a key. */
const KEY_START = '(?:^|[^A-Za-z0-9_.])';
/** Between key and value (the keyvalue page's `: = ->`), a key or value possibly in double quotes. */
const DELIMITER = '"?\\s*(?:=|:|->)\\s*';

/**
 * keyvalue: each key's value as a field. Inference reads `key=value`, `key: value`, `key -> value` and
 * `"key":"value"`: a quoted value whole, else up to a space, `,`, `;`, `&` or a quote. In regex mode the
 * one capture group of the regex is the value, matched nearest after the key's first occurrence. Without
 * nodrop a message none of the keys is found in is dropped.
 */
export function planKeyvalue(op: Extract<Operator, { op: 'keyvalue' }>, src: PExpr, ctx: ExtractContext): void {
  const matches: PExpr[] = [];
  const columns = op.keys.map(({ key, name }) => {
    const patterns = op.regex
      ? [`${escapeRegex(key)}[\\s\\S]*?(?:${singleGroup(op.regex)})`]
      : [`${KEY_START}${escapeRegex(key)}${DELIMITER}"([^"]*)"`, `${KEY_START}${escapeRegex(key)}${DELIMITER}([^\\s,;&"]*)`];
    const before = ctx.earlier(name);
    let value: PExpr = before ? asText(before) : lit(null);
    for (const p of [...patterns].reverse()) {
      const regex = checkRegex(p, op.regex?.pos ?? op.pos).pattern;
      const matched = fn('regexMatch', [src, lit(regex)], 'bool');
      matches.push(matched);
      const extracted = fn('regexExtract', [src, lit(regex), { k: 'lit', value: 1, type: 'number', inline: true }], 'text');
      value = { k: 'if', cond: matched, whenTrue: extracted, whenFalse: value, type: 'text' };
    }
    return { col: ctx.newColumn(), expr: value, name };
  });
  const filter: PExpr | null = op.nodrop ? null : matches.length === 1 ? matches[0] : { k: 'or', args: matches };
  ctx.addStage({ stage: 'extend', columns: columns.map(({ col, expr }) => ({ col, expr })), filter, note: 'keyvalue' });
  for (const c of columns) ctx.setField(c.name, c.col, 'text');
}

/** The regex of regex mode, which must have exactly one capture group (the value). */
function singleGroup(regex: NonNullable<Extract<Operator, { op: 'keyvalue' }>['regex']>): string {
  const groups = regex.pattern.match(/(?<!\\)\((?!\?)/g)?.length ?? 0;
  if (groups !== 1)
    throw queryError(regex.pos, 'a keyvalue regex needs exactly one capture group, the value (a key group is not supported)', '"=(.*?),"');
  return regex.pattern;
}
