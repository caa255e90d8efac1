import { describe, expect, it } from 'vitest';
import { columnOption, lineOption } from './chart-options.js';
import { MAX_SERIES, seriesOf } from './chart-series.js';
import type { FieldInfo, TypedRow } from './search.js';

const field = (name: string, fieldType: string, keyField: boolean): FieldInfo => ({ name, fieldType, keyField });
const H = 3_600_000;

describe('chart series', () => {
  it('draws count by _timeslice, policy as one series per policy, over sorted times', () => {
    const rows: TypedRow[] = [
      { _timeslice: 2 * H, policy: 'Block', _count: 4 },
      { _timeslice: H, policy: 'Block', _count: 1 },
      { _timeslice: H, policy: 'Hold', _count: 2 },
    ];
    const fields = [field('_timeslice', 'long', true), field('policy', 'string', true), field('_count', 'long', false)];
    const set = seriesOf(rows, fields, '_timeslice', '_count', false);
    expect(set).toEqual({
      overTime: true,
      xs: [H, 2 * H],
      series: [
        { name: 'Block', ys: [1, 4] },
        { name: 'Hold', ys: [2, null] },
      ],
    });
    const line = lineOption(set, false) as { series: { name: string; data: unknown; areaStyle?: unknown }[]; legend?: unknown };
    expect(line.series.map((s) => [s.name, s.data])).toEqual([
      [
        'Block',
        [
          [H, 1],
          [2 * H, 4],
        ],
      ],
      ['Hold', [[H, 2]]],
    ]);
    expect(line.series[0].areaStyle).toBeUndefined();
    expect(line.legend).toBeDefined();
    const column = columnOption(set) as { series: { name: string; data: unknown }[]; xAxis: { data: string[] } };
    expect(column.series.map((s) => [s.name, s.data])).toEqual([
      ['Block', [1, 4]],
      ['Hold', [2, null]],
    ]);
    expect(column.xAxis.data).toEqual(['1970-01-01 01:00:00 UTC', '1970-01-01 02:00:00 UTC']);
  });

  it('draws the columns transpose makes as one series each, and one series for a single value', () => {
    const rows: TypedRow[] = [
      { _timeslice: H, block: 1, hold: null },
      { _timeslice: 2 * H, block: 3, hold: 5 },
    ];
    const fields = [field('_timeslice', 'long', true), field('block', 'long', false), field('hold', 'long', false)];
    expect(seriesOf(rows, fields, '_timeslice', 'block', false).series).toEqual([
      { name: 'block', ys: [1, 3] },
      { name: 'hold', ys: [null, 5] },
    ]);
    // A panel that names its value field draws that one only.
    expect(seriesOf(rows, fields, '_timeslice', 'hold', true).series).toEqual([{ name: 'hold', ys: [null, 5] }]);
    const single = seriesOf(
      [{ action: 'Acc', _count: 3 }],
      [field('action', 'string', true), field('_count', 'long', false)],
      'action',
      '_count',
      false,
    );
    expect(single).toEqual({ overTime: false, xs: ['Acc'], series: [{ name: '_count', ys: [3] }] });
    expect((lineOption(single) as { legend?: unknown }).legend).toBeUndefined();
  });

  it(`keeps the ${MAX_SERIES} largest series of many`, () => {
    const rows: TypedRow[] = Array.from({ length: MAX_SERIES + 5 }, (_, n) => ({ _timeslice: H, sender: `s${n}`, _count: n }));
    const fields = [field('_timeslice', 'long', true), field('sender', 'string', true), field('_count', 'long', false)];
    const { series } = seriesOf(rows, fields, '_timeslice', '_count', false);
    expect(series).toHaveLength(MAX_SERIES);
    expect(series[0].name).toBe('s5');
  });
});
