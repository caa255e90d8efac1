import type { PostStage } from './plan-types.js';
import { compareValues, valueToString } from './values.js';

export type ResultRow = Record<string, unknown>;

export interface PostContext {
  from: number;
  to: number;
  timeZone: string;
}

export interface PostResult {
  rows: ResultRow[];
  /** Field names in order, with the group keys marked. */
  fields: { name: string; key: boolean }[];
}

const MAX_TRANSPOSE_COLUMNS = 300;

/** Sorts with the language's ordering; nulls stay last in both directions. */
export function sortRows(rows: ResultRow[], keys: { field: string; desc: boolean }[]): ResultRow[] {
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const av = a[k.field];
      const bv = b[k.field];
      const aNull = av === null || av === undefined;
      const bNull = bv === null || bv === undefined;
      if (aNull || bNull) {
        if (aNull !== bNull) return aNull ? 1 : -1;
        continue;
      }
      const c = compareValues(av, bv);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
}

/** Start of the bucket holding `t`, aligned as the database aligns timeslices (local time of `timeZone`). */
export function bucketStart(t: number, spanMs: number, timeZone: string): number {
  const origin = Date.UTC(2000, 0, 3);
  const offset = zoneOffsetMs(t, timeZone);
  const local = t + offset;
  return origin + Math.floor((local - origin) / spanMs) * spanMs - offset;
}

/** Offset of `timeZone` from UTC at instant `t` (ms to add to UTC to get local wall time). */
export function zoneOffsetMs(t: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(t));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(t / 1000) * 1000;
}

function fillmissing(
  rows: ResultRow[],
  stage: Extract<PostStage, { stage: 'fillmissing' }>,
  ctx: PostContext,
  fields: { name: string; key: boolean }[],
): ResultRow[] {
  const others = stage.keyFields.filter((k) => k !== stage.timesliceField);
  const combos = new Map<string, ResultRow>();
  const keyOf = (r: ResultRow, names: string[]) => JSON.stringify(names.map((n) => valueToString(r[n])));
  for (const r of rows) {
    const combo: ResultRow = {};
    for (const n of others) combo[n] = r[n];
    combos.set(keyOf(combo, others), combo);
  }
  for (const v of stage.values) {
    const existing = [...combos.values()];
    const base = existing.length > 0 ? existing : [{}];
    for (const value of v.values) {
      for (const b of base) {
        const combo = { ...b, [v.field]: value };
        for (const n of others) if (!(n in combo)) combo[n] = null;
        combos.set(keyOf(combo, others), combo);
      }
    }
  }
  if (combos.size === 0 && others.length === 0) combos.set('[]', {});
  const slices: (number | null)[] = [];
  if (stage.timesliceField) {
    for (let t = bucketStart(ctx.from, stage.spanMs, ctx.timeZone); t < ctx.to && slices.length < 100_000; t += stage.spanMs)
      slices.push(t);
  } else {
    slices.push(null);
  }
  const allKeys = stage.timesliceField ? [stage.timesliceField, ...others] : others;
  const present = new Set(rows.map((r) => keyOf(r, allKeys)));
  const added: ResultRow[] = [];
  for (const combo of combos.values()) {
    for (const slice of slices) {
      const row: ResultRow = { ...combo };
      if (stage.timesliceField) row[stage.timesliceField] = slice;
      if (present.has(keyOf(row, allKeys))) continue;
      for (const f of fields) if (!(f.name in row)) row[f.name] = stage.zeroFields.includes(f.name) ? 0 : null;
      added.push(row);
    }
  }
  const firstValue = fields.find((f) => !f.key);
  const order = [
    ...(firstValue ? [{ field: firstValue.name, desc: true }] : []),
    ...stage.keyFields.map((field) => ({ field, desc: false })),
  ];
  return sortRows([...rows, ...added], order);
}

function transpose(rows: ResultRow[], stage: Extract<PostStage, { stage: 'transpose' }>): PostResult {
  const valueField = stage.valueFields[0];
  const columnName = (r: ResultRow) => stage.column.map((c) => valueToString(r[c]) ?? 'null').join('_');
  const columns = [...new Set(rows.map(columnName))].sort().slice(0, MAX_TRANSPOSE_COLUMNS);
  const allowed = new Set(columns);
  const out = new Map<string, ResultRow>();
  for (const r of rows) {
    const key = JSON.stringify(stage.row.map((f) => valueToString(r[f])));
    let row = out.get(key);
    if (!row) {
      row = {};
      for (const f of stage.row) row[f] = r[f];
      for (const c of columns) row[c] = null;
      out.set(key, row);
    }
    const c = columnName(r);
    if (allowed.has(c) && valueField) row[c] = r[valueField];
  }
  return {
    rows: [...out.values()],
    fields: [...stage.row.map((name) => ({ name, key: true })), ...columns.map((name) => ({ name, key: false }))],
  };
}

/** The stages that run in JS over the database's result rows, in order. */
export function runPostStages(input: PostResult, stages: PostStage[], ctx: PostContext): PostResult {
  let { rows, fields } = input;
  for (const stage of stages) {
    switch (stage.stage) {
      case 'fillmissing':
        rows = fillmissing(rows, stage, ctx, fields);
        break;
      case 'transpose':
        ({ rows, fields } = transpose(rows, stage));
        break;
      case 'sort':
        rows = sortRows(rows, stage.keys);
        break;
      case 'limit':
        rows = rows.slice(0, stage.n);
        break;
      case 'fields': {
        const names = new Set(stage.names);
        fields = fields.filter((f) => names.has(f.name) !== stage.remove);
        const keep = new Set(fields.map((f) => f.name));
        rows = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))));
        break;
      }
    }
  }
  return { rows, fields };
}
