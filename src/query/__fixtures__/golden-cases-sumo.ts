import type { GoldenCase } from './golden-case.js';

/**
 * Golden cases for Sumo Logic's syntax and functions beyond the Mimecast apps' own queries (string escapes,
 * grouping without `by`, the function library). Rows counted by hand from messages.ts, as in golden-cases.ts.
 */
export const SUMO_CASES: GoldenCase[] = [
  {
    // `\d` and `\.` reach the regex engine: only `\"` and `\\` are escapes in a "…" string.
    name: 'parse-regex-backslash-classes',
    query: String.raw`_sourceCategory=mimecast | json "senderIp" as ip | parse regex field=ip "(?<first>\d+)\.(?<second>\d+)" | count by first, second`,
    rows: [
      { first: '10', second: '0', _count: 1 },
      { first: '81', second: '2', _count: 1 },
      { first: '89', second: '160', _count: 1 },
      { first: '175', second: '16', _count: 1 },
    ],
  },
  {
    name: 'parse-anchor-escaped-quotes',
    query: String.raw`_sourceCategory=mimecast | parse "\"senderIp\":\"*\"" as ip | count by ip`,
    rows: [
      { ip: '10.0.0.5', _count: 1 },
      { ip: '175.16.199.1', _count: 1 },
      { ip: '81.2.69.142', _count: 1 },
      { ip: '89.160.20.112', _count: 1 },
    ],
  },
  {
    // Ten `*`: DuckDB's regexp_extract reads groups 1 to 9 only, so the tenth comes another way (duckdb.ts).
    name: 'parse-anchor-ten-wildcards',
    query: String.raw`_sourceCategory=mimecast_app | parse "{\"*\":\"*\",\"*\":\"*\",\"*\":*,\"*\":\"*\",\"*\":\"*\"" as k1, v1, k2, v2, k3, v3, k4, v4, k5, v5 | count by k5, v5`,
    rows: [
      { k5: 'Dir', v5: 'Inbound', _count: 3 },
      { k5: 'Dir', v5: 'Internal', _count: 1 },
      { k5: 'Dir', v5: 'Outbound', _count: 1 },
    ],
  },
  {
    name: 'matches-regex-escapes',
    query: String.raw`_sourceCategory=mimecast | json "senderIp" as ip | where ip matches /^\d+\.0\./ or ip matches /\x{2E}69\Q.\E/ | count by ip`,
    rows: [
      { ip: '10.0.0.5', _count: 1 },
      { ip: '81.2.69.142', _count: 1 },
    ],
  },
  {
    name: 'count-without-by',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir | count t, dir`,
    rows: [
      { t: 'delivery', dir: 'Inbound', _count: 3 },
      { t: 'receipt', dir: 'Inbound', _count: 3 },
      { t: 'delivery', dir: 'Outbound', _count: 1 },
      { t: 'receipt', dir: 'Outbound', _count: 1 },
    ],
  },
  {
    name: 'count-distinct-without-by',
    query: `_sourceCategory=mimecast | json "eventType", "aggregateId" as t, id | count_distinct(id) t`,
    rows: [
      { t: 'receipt', _count_distinct: 4 },
      { t: 'delivery', _count_distinct: 3 },
      { t: 'av', _count_distinct: 1 },
      { t: 'process', _count_distinct: 1 },
    ],
  },
];
