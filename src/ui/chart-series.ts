import type { CellValue, FieldInfo, TypedRow } from './search.js';
import { formatTime } from './time.js';

/**
 * The series a line, area or column chart draws, as Sumo's do: `count by _timeslice, policy` (an x column,
 * a group column and a value) is one series per policy; the columns `transpose` makes (an x column and a
 * number column per value) are one series each; otherwise one series of the value field.
 */

const NUMERIC_TYPES = new Set(['long', 'double']);

/** More series than this cannot be told apart on a panel; the largest are drawn. */
export const MAX_SERIES = 50;

export interface Series {
  name: string;
  /** One y per x of the chart (`xs`), null where the series has no row there. */
  ys: (number | null)[];
}

export interface SeriesSet {
  /** True when every x is a time (a number, such as `_timeslice`): drawn on a time axis. */
  overTime: boolean;
  /** The distinct x values in the rows' order (sorted when over time). */
  xs: CellValue[];
  series: Series[];
}

const label = (v: CellValue | undefined) => (v === undefined || v === null || v === '' ? '(none)' : String(v));

/** An x value as an axis shows it: a time as a time. */
export const xLabel = (v: CellValue, overTime: boolean) => (overTime ? formatTime(v as number) : label(v));

/**
 * `valueFixed`: the panel names its value field, so only that one is drawn (still one series per group).
 * Group columns are the group-by (key) and text columns other than the x column; value columns are the
 * other number columns (after `transpose`, one per made column).
 */
export function seriesOf(rows: TypedRow[], fields: FieldInfo[], xField: string, valueField: string, valueFixed: boolean): SeriesSet {
  const overTime = rows.every((r) => typeof r[xField] === 'number');
  const xs = [...new Set(rows.map((r) => r[xField] ?? null))];
  if (overTime) (xs as number[]).sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const present = fields.filter((f) => f.name !== xField && rows.some((r) => f.name in r));
  const isValue = (f: FieldInfo) => !f.keyField && NUMERIC_TYPES.has(f.fieldType);
  const groups = present.filter((f) => !isValue(f) && f.name !== '_timeslice').map((f) => f.name);
  const numbers = present.filter((f) => isValue(f) && f.name !== '_timeslice').map((f) => f.name);
  const byName = new Map<string, Series>();
  const seriesNamed = (name: string) => {
    let s = byName.get(name);
    if (!s) {
      s = { name, ys: xs.map(() => null) };
      byName.set(name, s);
    }
    return s;
  };
  const valueColumns = groups.length || valueFixed ? [valueField] : numbers;
  for (const row of rows) {
    const i = at.get(row[xField] ?? null) as number;
    const group = groups.map((g) => label(row[g])).join(' / ');
    for (const column of valueColumns) {
      const v = row[column];
      if (typeof v !== 'number') continue;
      const name = groups.length ? group : column;
      const s = seriesNamed(name);
      s.ys[i] = (s.ys[i] ?? 0) + v;
    }
  }
  const total = (s: Series) => s.ys.reduce<number>((sum, y) => sum + (y ?? 0), 0);
  let series = [...byName.values()];
  if (series.length > MAX_SERIES) {
    const kept = new Set([...series].sort((a, b) => total(b) - total(a)).slice(0, MAX_SERIES));
    series = series.filter((s) => kept.has(s));
  }
  return { overTime, xs, series };
}
