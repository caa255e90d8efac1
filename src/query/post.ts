import { budgetExceeded, CHUNK_ROWS, pause, type QueryBudget } from './budget.js';
import type { PostStage } from './plan-types.js';
import { compareValues, valueToString } from './values.js';

export type ResultRow = Record<string, unknown>;

export interface PostContext {
  from: number;
  to: number;
  timeZone: string;
  budget: QueryBudget;
  signal?: AbortSignal;
}

export interface PostResult {
  rows: ResultRow[];
  /** Field names in order, with the group keys marked. */
  fields: { name: string; key: boolean }[];
  /** Said to the user (the Search Job API's pendingWarnings), e.g. that rows were cut to the row cap. */
  warnings?: string[];
}

const MAX_TRANSPOSE_COLUMNS = 300;

type Compare = (a: ResultRow, b: ResultRow) => number;

/** The language's ordering; nulls stay last in both directions. */
function comparator(keys: { field: string; desc: boolean }[]): Compare {
  return (a, b) => {
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
  };
}

/**
 * A stable sort in bounded chunks: sorted runs of CHUNK_ROWS, then pairwise merges, pausing between chunks,
 * so sorting a large fillmissing result does not hold the event loop.
 */
export async function sortRows(rows: ResultRow[], keys: { field: string; desc: boolean }[], signal?: AbortSignal): Promise<ResultRow[]> {
  const compare = comparator(keys);
  let runs: ResultRow[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    runs.push(rows.slice(i, i + CHUNK_ROWS).sort(compare));
    await pause(signal);
  }
  while (runs.length > 1) {
    const merged: ResultRow[][] = [];
    for (let i = 0; i < runs.length; i += 2)
      merged.push(i + 1 < runs.length ? await merge(runs[i], runs[i + 1], compare, signal) : runs[i]);
    runs = merged;
  }
  return runs[0] ?? [];
}

async function merge(a: ResultRow[], b: ResultRow[], compare: Compare, signal?: AbortSignal): Promise<ResultRow[]> {
  const out: ResultRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // Ties take from `a`, the earlier run: that keeps the sort stable.
    out.push(compare(b[j], a[i]) < 0 ? b[j++] : a[i++]);
    if (out.length % CHUNK_ROWS === 0) await pause(signal);
  }
  for (; i < a.length; i++) out.push(a[i]);
  for (; j < b.length; j++) out.push(b[j]);
  return out;
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

/**
 * Adds a zero row for every group × time slice missing from the result. The number of rows it would add is
 * known from the groups and the range before any is built: over budget, it fails instead.
 */
async function fillmissing(
  rows: ResultRow[],
  stage: Extract<PostStage, { stage: 'fillmissing' }>,
  ctx: PostContext,
  fields: { name: string; key: boolean }[],
): Promise<ResultRow[]> {
  const others = stage.keyFields.filter((k) => k !== stage.timesliceField);
  const firstSlice = stage.timesliceField ? bucketStart(ctx.from, stage.spanMs, ctx.timeZone) : 0;
  const sliceCount = stage.timesliceField ? Math.max(0, Math.ceil((ctx.to - firstSlice) / stage.spanMs)) : 1;
  const width = Math.max(1, fields.length);
  const check = (groups: number) => {
    const values = groups * sliceCount * width;
    if (values <= ctx.budget.maxStageValues) return;
    const slices = stage.timesliceField ? `${sliceCount} time slices × ` : '';
    throw budgetExceeded(
      'fillmissing',
      `at least ${values} values (${slices}${groups} groups × ${width} fields)`,
      ctx.budget.maxStageValues,
      'use a longer timeslice, a shorter time range or fewer groups',
    );
  };
  const combos = new Map<string, ResultRow>();
  const keyOf = (r: ResultRow, names: string[]) => JSON.stringify(names.map((n) => valueToString(r[n])));
  for (const [i, r] of rows.entries()) {
    const combo: ResultRow = {};
    for (const n of others) combo[n] = r[n];
    combos.set(keyOf(combo, others), combo);
    if (i % CHUNK_ROWS === CHUNK_ROWS - 1) await pause(ctx.signal);
  }
  check(Math.max(1, combos.size));
  for (const v of stage.values) {
    const existing = [...combos.values()];
    const base = existing.length > 0 ? existing : [{}];
    const listed = v.values ?? [...new Set(rows.map((r) => r[v.field]))];
    for (const value of listed) {
      for (const b of base) {
        const combo = { ...b, [v.field]: value };
        for (const n of others) if (!(n in combo)) combo[n] = null;
        combos.set(keyOf(combo, others), combo);
        check(combos.size);
      }
    }
  }
  if (combos.size === 0 && others.length === 0) combos.set('[]', {});
  const allKeys = stage.timesliceField ? [stage.timesliceField, ...others] : others;
  const present = new Map(rows.map((r) => [keyOf(r, allKeys), r]));
  const filler = (name: string) => (name in stage.defaults ? stage.defaults[name] : stage.zeroFields.includes(name) ? 0 : null);
  const added: ResultRow[] = [];
  let built = 0;
  for (const combo of combos.values()) {
    // takeLast: the group's row of the slice before (given or added), slices in time order.
    let last: ResultRow | null = null;
    for (let s = 0; s < sliceCount; s++) {
      const row: ResultRow = { ...combo };
      if (stage.timesliceField) row[stage.timesliceField] = firstSlice + s * stage.spanMs;
      if (++built % CHUNK_ROWS === 0) await pause(ctx.signal);
      const given = present.get(keyOf(row, allKeys));
      if (given) {
        last = given;
        continue;
      }
      for (const f of fields) if (!(f.name in row)) row[f.name] = stage.takeLast && last ? last[f.name] : filler(f.name);
      if (stage.takeLast) last = row;
      added.push(row);
    }
  }
  const firstValue = fields.find((f) => !f.key);
  const order = [
    ...(firstValue ? [{ field: firstValue.name, desc: true }] : []),
    ...stage.keyFields.map((field) => ({ field, desc: false })),
  ];
  return sortRows([...rows, ...added], order, ctx.signal);
}

async function transpose(rows: ResultRow[], stage: Extract<PostStage, { stage: 'transpose' }>, ctx: PostContext): Promise<PostResult> {
  const valueField = stage.valueFields[0];
  const columnName = (r: ResultRow) => stage.column.map((c) => valueToString(r[c]) ?? 'null').join('_');
  const rowKey = (r: ResultRow) => JSON.stringify(stage.row.map((f) => valueToString(r[f])));
  // Output fields are named case-insensitively (`as %"inbound"` is the column of the value Inbound).
  const named = new Set(stage.outputs);
  const target = (c: string) => (named.has(c.toLowerCase()) ? c.toLowerCase() : c);
  const others = stage.rest ? [...new Set(rows.map(columnName))].filter((c) => !named.has(c.toLowerCase())).sort() : [];
  const columns = [...stage.outputs, ...others].slice(0, MAX_TRANSPOSE_COLUMNS);
  const rowCount = new Set(rows.map(rowKey)).size;
  const width = stage.row.length + columns.length;
  if (rowCount * width > ctx.budget.maxStageValues) {
    const built = `${rowCount * width} values (${rowCount} rows × ${width} fields)`;
    throw budgetExceeded('transpose', built, ctx.budget.maxStageValues, 'use fewer row or column values');
  }
  const allowed = new Set(columns);
  const out = new Map<string, ResultRow>();
  for (const [i, r] of rows.entries()) {
    const key = rowKey(r);
    let row = out.get(key);
    if (!row) {
      row = {};
      for (const f of stage.row) row[f] = r[f];
      for (const c of columns) row[c] = null;
      out.set(key, row);
    }
    const c = target(columnName(r));
    if (allowed.has(c) && valueField) row[c] = r[valueField];
    if (i % CHUNK_ROWS === CHUNK_ROWS - 1) await pause(ctx.signal);
  }
  return {
    rows: [...out.values()],
    fields: [...stage.row.map((name) => ({ name, key: true })), ...columns.map((name) => ({ name, key: false }))],
  };
}

/** The stages that run in JS over the database's result rows, in order; each result is cut to the row cap. */
export async function runPostStages(input: PostResult, stages: PostStage[], ctx: PostContext): Promise<PostResult> {
  let { rows, fields } = input;
  const warnings: string[] = [];
  for (const stage of stages) {
    switch (stage.stage) {
      case 'fillmissing':
        rows = await fillmissing(rows, stage, ctx, fields);
        break;
      case 'transpose':
        ({ rows, fields } = await transpose(rows, stage, ctx));
        break;
      case 'sort':
        rows = await sortRows(rows, stage.keys, ctx.signal);
        break;
      case 'limit':
        rows = rows.slice(0, stage.n);
        break;
      case 'fields': {
        const names = new Set(stage.names);
        fields = fields.filter((f) => names.has(f.name) !== stage.remove);
        const keep = new Set(fields.map((f) => f.name));
        const kept: ResultRow[] = [];
        for (const r of rows) {
          kept.push(Object.fromEntries(Object.entries(r).filter(([k]) => keep.has(k))));
          if (kept.length % CHUNK_ROWS === 0) await pause(ctx.signal);
        }
        rows = kept;
        break;
      }
    }
    if (rows.length > ctx.budget.maxRows) {
      warnings.push(`${stage.stage}: made ${rows.length} rows; only the first ${ctx.budget.maxRows} are kept`);
      rows = rows.slice(0, ctx.budget.maxRows);
    }
  }
  return { rows, fields, warnings };
}
