import type { GoldenCase } from './golden-case.js';
import { DAY } from './messages.js';

const H = 3_600_000;
const TRANSPOSED = `_sourceCategory=mimecast | json "eventType", "direction" as t, dir | where t = "delivery" or t = "receipt" | count by t, dir | transpose row t column dir`;

/**
 * Golden cases for the operators after fillmissing and transpose: their rows go back to the database (a
 * requery) for expressions, where, parse and aggregates. Rows worked out by hand from messages.ts.
 */
export const AFTER_POST_CASES: GoldenCase[] = [
  {
    // fillmissing's rows come by _count descending: inbound 2, outbound 1, the added internal 0.
    name: 'fillmissing-then-where-and-expression',
    query: `_sourceName=dlp | json "route" as route | count by route | fillmissing values("inbound", "outbound", "internal") in route | where _count < 2 | toUpperCase(route) as route`,
    rows: [
      { _count: 1, route: 'OUTBOUND' },
      { _count: 0, route: 'INTERNAL' },
    ],
  },
  {
    name: 'fillmissing-then-parse-and-total',
    query: `_sourceName=dlp | json "route" as route | count by route | fillmissing values("inbound", "outbound", "internal") in route | parse field=route "*bound" as dir nodrop | total _count as all`,
    rows: [
      { route: 'inbound', _count: 2, dir: 'in', all: 3 },
      { route: 'outbound', _count: 1, dir: 'out', all: 3 },
      { route: 'internal', _count: 0, dir: null, all: 3 },
    ],
  },
  {
    // From 05:00 to 09:00 the DLP records fall at 06:00 (2) and 07:00 (1): two of the four slices are active.
    name: 'fillmissing-timeslice-then-aggregate',
    query: `_sourceName=dlp | timeslice 1h | count by _timeslice | fillmissing timeslice(1h) | if(_count > 0, 1, 0) as active | sum(active) as active_hours, count as hours`,
    from: DAY + 5 * H,
    to: DAY + 9 * H,
    rows: [{ active_hours: 2, hours: 4 }],
  },
  {
    // The columns transpose makes are read by name (case-insensitively); one no row has is null.
    name: 'transpose-then-expression-and-where',
    query: `${TRANSPOSED} | inbound + outbound as total | isNull(sideways) as none | where t = "receipt"`,
    rows: [{ t: 'receipt', Inbound: 3, Outbound: 1, total: 4, none: true }],
  },
  {
    name: 'transpose-named-then-aggregate',
    query: `${TRANSPOSED} as inbound, outbound | sum(inbound) as in_all, max(outbound) as out_max`,
    rows: [{ in_all: 6, out_max: 1 }],
  },
  {
    // Sort and limit after an operator that sent the rows back run in the database again, after the where.
    name: 'transpose-then-where-sort-limit',
    query: `${TRANSPOSED} as inbound, outbound | where inbound > 2 | sort by t asc | limit 1`,
    rows: [{ t: 'delivery', inbound: 3, outbound: 1 }],
  },
  {
    // Sumo's fillmissing page: outlier cannot see a slice without data unless fillmissing adds it. 05:00–09:00
    // counts 0, 2, 1, 0; with window 2 the band needs two earlier slices: 07:00 (mean 1, σ √2) holds 1, inside;
    // 08:00 (mean 1.5, σ √½, threshold 1: 0.79 to 2.21) holds the added 0, below it.
    name: 'fillmissing-then-outlier',
    query: `_sourceName=dlp | timeslice 1h | count by _timeslice | fillmissing timeslice(1h) | outlier _count window=2, threshold=1 | fields _timeslice, _count, _count_indicator`,
    from: DAY + 5 * H,
    to: DAY + 9 * H,
    rows: [
      { _timeslice: DAY + 5 * H, _count: 0, _count_indicator: 0 },
      { _timeslice: DAY + 6 * H, _count: 2, _count_indicator: 0 },
      { _timeslice: DAY + 7 * H, _count: 1, _count_indicator: 0 },
      { _timeslice: DAY + 8 * H, _count: 0, _count_indicator: 1 },
    ],
  },
];
