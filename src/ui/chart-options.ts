import type { EChartsCoreOption } from 'echarts';
import { type SeriesSet, xLabel } from './chart-series.js';
import type { CellValue, FieldInfo, TypedRow } from './search.js';
import { formatTime } from './time.js';

/**
 * ECharts options built from typed rows: a value field is a number column by its declared type, never a
 * text that happens to read as a number. Tooltips render as canvas rich text, never HTML: values from the
 * data cannot become markup.
 */

const NUMERIC_TYPES = new Set(['long', 'double']);

/** A missing value draws as 0. */
const num = (v: CellValue | undefined) => (typeof v === 'number' ? v : 0);

/** The preferred field when the rows have it, else the first number column but `_timeslice` (the value of a chart). */
export function valueFieldOf(rows: TypedRow[], fields: FieldInfo[], preferred?: string): string | undefined {
  if (preferred && rows.some((r) => preferred in r)) return preferred;
  return fields.find((f) => f.name !== '_timeslice' && NUMERIC_TYPES.has(f.fieldType))?.name;
}

export function labelFieldOf(rows: TypedRow[], valueField: string | undefined, preferred?: string): string | undefined {
  if (preferred && rows.some((r) => preferred in r)) return preferred;
  const keys = rows.length ? Object.keys(rows[0]) : [];
  return keys.find((k) => k !== valueField);
}

const label = (v: CellValue | undefined) => (v === undefined || v === null || v === '' ? '(none)' : String(v));

export function barOption(rows: TypedRow[], labelField: string, valueField: string): EChartsCoreOption {
  // Largest at the top: ECharts draws category axes bottom-up.
  const data = [...rows].reverse();
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: data.map((r) => label(r[labelField])),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      { type: 'bar', name: valueField, data: data.map((r) => num(r[valueField])), itemStyle: { color: '#2f6fde' }, barMaxWidth: 28 },
    ],
  };
}

export function pieOption(rows: TypedRow[], labelField: string, valueField: string): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)', renderMode: 'richText' },
    legend: { type: 'scroll', bottom: 0, left: 'center' },
    series: [
      {
        type: 'pie',
        radius: ['30%', '62%'],
        center: ['50%', '44%'],
        label: { show: false },
        data: rows.map((r) => ({ name: label(r[labelField]), value: num(r[valueField]) })),
      },
    ],
  };
}

/** A legend only when there is more than one series to tell apart. */
const legendOf = (set: SeriesSet) => (set.series.length > 1 ? { legend: { type: 'scroll', bottom: 0, left: 'center' } } : {});
const gridOf = (set: SeriesSet, top: number) => ({ left: 8, right: 24, top, bottom: set.series.length > 1 ? 32 : 8, containLabel: true });

/** Vertical bars (Sumo's `column`), side by side per series, in the rows' order (times as times). */
export function columnOption(set: SeriesSet): EChartsCoreOption {
  return {
    animation: false,
    grid: gridOf(set, 16),
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, renderMode: 'richText' },
    ...legendOf(set),
    xAxis: { type: 'category', data: set.xs.map((x) => xLabel(x, set.overTime)), axisLabel: { width: 90, overflow: 'truncate' } },
    yAxis: { type: 'value', minInterval: 1 },
    series: set.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.ys,
      barMaxWidth: 28,
      ...(set.series.length === 1 ? { itemStyle: { color: '#2f6fde' } } : {}),
    })),
  };
}

/**
 * Lines over time (numbers in the x field, such as `_timeslice`) or over categories in the rows' order,
 * one per series; `area` fills under them (Sumo's `area` chart).
 */
export function lineOption(set: SeriesSet, area = true): EChartsCoreOption {
  return {
    animation: false,
    grid: gridOf(set, 16),
    tooltip: { trigger: 'axis', renderMode: 'richText' },
    ...legendOf(set),
    xAxis: set.overTime ? { type: 'time' } : { type: 'category', data: set.xs.map((x) => xLabel(x, false)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: set.series.map((s) => ({
      type: 'line',
      name: s.name,
      showSymbol: true,
      ...(area ? { areaStyle: { opacity: 0.15 } } : {}),
      // Over time a series has points only where it has rows; the line joins them.
      data: set.overTime ? s.ys.flatMap((y, i) => (y === null ? [] : [[set.xs[i] as number, y]])) : s.ys,
    })),
  };
}

export function histogramOption(buckets: { startTimestamp: number; length: number; count: number }[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      formatter: (params: unknown) => {
        const p = (params as { value: [number, number] }[])[0];
        return p ? `${formatTime(p.value[0])}\n${p.value[1]} messages` : '';
      },
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: buckets.map((b) => [b.startTimestamp, b.count]), itemStyle: { color: '#2f6fde' }, barMaxWidth: 24 }],
  };
}

/** Counts per location as circles on the world map; rows need latitude and longitude. */
export function mapOption(rows: TypedRow[], valueField: string): EChartsCoreOption {
  const points = rows
    .filter((r) => typeof r.latitude === 'number' && typeof r.longitude === 'number')
    .map((r) => ({
      name: String(r.country_name || r.country_code || `${r.latitude}, ${r.longitude}`),
      value: [num(r.longitude), num(r.latitude), num(r[valueField])],
    }));
  const max = Math.max(1, ...points.map((p) => p.value[2]));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      formatter: (p: unknown) => {
        const item = p as { name: string; value: number[] };
        return `${item.name}: ${item.value?.[2] ?? ''}`;
      },
    },
    geo: { map: 'world', roam: true, itemStyle: { areaColor: '#e8edf5', borderColor: '#9aa7ba' }, emphasis: { disabled: true } },
    series: [
      {
        type: 'scatter',
        coordinateSystem: 'geo',
        data: points,
        symbolSize: (v: number[]) => 6 + 24 * Math.sqrt(v[2] / max),
        itemStyle: { color: 'rgba(214, 69, 65, 0.75)' },
      },
    ],
  };
}
