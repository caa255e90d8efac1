import { EXTRACTED_FIELDS } from '../model/message.js';
import type { Operator } from './ast.js';
import { splitJsonPath } from './json-path.js';
import { fn, lit } from './plan-expr.js';
import { type ExtractContext, jsonRead } from './plan-extract.js';
import type { PExpr } from './plan-types.js';

// `json auto` (and AutoParse): every key of a message's JSON read as a field when a later operator names it.

/** The JSON json auto reads, and its `maxdepth` (null: every level). */
export interface JsonAuto {
  src: PExpr;
  maxDepth: number | null;
}

/** The field `name` as json auto makes it, or null when it lies deeper than `maxdepth`. */
export function jsonAutoField(auto: JsonAuto, name: string, useExtractedColumns: boolean): PExpr | null {
  if (auto.maxDepth !== null && (splitJsonPath(name) ?? []).filter((s) => 'key' in s).length > auto.maxDepth) return null;
  const { src } = auto;
  const extracted = EXTRACTED_FIELDS.find((f) => f.key.toLowerCase() === name);
  if (extracted && src.k === 'col' && src.col === 'raw' && useExtractedColumns) return { k: 'col', col: extracted.column, type: 'text' };
  // `foo.bar`, `users[2].address.street`: json auto's names for nested keys and array items.
  const segments = /[.[]/.test(name) ? splitJsonPath(name) : null;
  if (segments) return jsonRead(src, segments);
  return fn('jsonTextCI', [src, lit(name)], 'text');
}

/** `json auto keys "k1", "k2" [refonly] [as f1, f2]`: the named keys as fields; the json auto that follows, if any. */
export function planJsonAuto(op: Extract<Operator, { op: 'jsonAuto' }>, src: PExpr, ctx: ExtractContext): JsonAuto | null {
  if (op.keys.length > 0) {
    const columns = op.keys.map((k) => ({ col: ctx.newColumn(), expr: fn('jsonTextCI', [src, lit(k.key.toLowerCase())], 'text') }));
    ctx.addStage({ stage: 'extend', columns, filter: null, note: 'json auto keys' });
    op.keys.forEach((k, i) => {
      ctx.setField(k.name, columns[i].col, 'text');
    });
  }
  return op.refOnly ? null : { src, maxDepth: op.maxDepth };
}
