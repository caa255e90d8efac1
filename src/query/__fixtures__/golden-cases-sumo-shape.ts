import type { GoldenCase } from './golden-case.js';
import { DAY } from './messages.js';

const H = 3_600_000;

/** Golden cases for Sumo Logic's shaping operators (top, topk, fillmissing, transpose), parse with several patterns
 * and size suffixes. Rows worked out by hand from messages.ts. */
export const SUMO_SHAPE_CASES: GoldenCase[] = [
  {
    // Anchors ignore case (Sumo's anchor page parses "User=" with "user="); the value keeps its own.
    name: 'parse-anchor-ignores-case',
    query: String.raw`_sourceCategory=mimecast | parse "\"EVENTTYPE\":\"*\"" as t | count by t`,
    rows: [
      { t: 'delivery', _count: 4 },
      { t: 'receipt', _count: 4 },
      { t: 'av', _count: 1 },
      { t: 'process', _count: 1 },
    ],
  },
  {
    // parse-nodrop-option.md: a nodrop parse and a parse after it keep what either matched; where the second
    // does not match, the field keeps the first one's value. av and process match neither and are dropped.
    name: 'parse-nodrop-then-parse',
    query: String.raw`_sourceCategory=mimecast | parse "\"eventType\":\"deli*\"" as t nodrop | parse "\"eventType\":\"rec*\"" as t | count by t`,
    rows: [
      { t: 'eipt', _count: 4 },
      { t: 'very', _count: 4 },
    ],
  },
  {
    // Ties on _count keep the aggregate's order (keys ascending): delivery before receipt.
    name: 'topk-by-group',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir nodrop | count by t, dir | topk(2, _count) by dir`,
    rows: [
      { t: 'delivery', dir: 'Inbound', _count: 3, _rank: 1 },
      { t: 'receipt', dir: 'Inbound', _count: 3, _rank: 2 },
      { t: 'delivery', dir: 'Outbound', _count: 1, _rank: 1 },
      { t: 'receipt', dir: 'Outbound', _count: 1, _rank: 2 },
      // The DLP records (3) have neither key; av and process (1 each) tie and av comes first.
      { t: null, dir: null, _count: 3, _rank: 1 },
      { t: 'av', dir: null, _count: 1, _rank: 2 },
    ],
  },
  {
    name: 'top-several-keys',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir nodrop | count by t, dir | top 3 t by _count, dir asc`,
    rows: [
      { t: 'delivery', dir: 'Inbound', _count: 3 },
      { t: 'receipt', dir: 'Inbound', _count: 3 },
      { t: null, dir: null, _count: 3 },
    ],
  },
  {
    // From 05:00 to 09:00: inbound has 2 at 06:00, outbound 1 at 07:00. Before a group's first row an added row
    // takes -1 (`with`); after it, the value of the slice before (`takeLast`).
    name: 'fillmissing-all-with-takelast',
    query: `_sourceName=dlp | json "route" as route | timeslice 1h | count by _timeslice, route | fillmissing timeslice(1h), values all in route with -1 for _count takeLast`,
    from: DAY + 5 * H,
    to: DAY + 9 * H,
    rows: [
      { _timeslice: DAY + 6 * H, route: 'inbound', _count: 2 },
      { _timeslice: DAY + 7 * H, route: 'inbound', _count: 2 },
      { _timeslice: DAY + 8 * H, route: 'inbound', _count: 2 },
      { _timeslice: DAY + 7 * H, route: 'outbound', _count: 1 },
      { _timeslice: DAY + 8 * H, route: 'outbound', _count: 1 },
      { _timeslice: DAY + 5 * H, route: 'inbound', _count: -1 },
      { _timeslice: DAY + 5 * H, route: 'outbound', _count: -1 },
      { _timeslice: DAY + 6 * H, route: 'outbound', _count: -1 },
    ],
  },
  {
    // `in t`: the slices are in a key that is not the timeslice stage's own field.
    name: 'fillmissing-timeslice-in-field',
    query: `_sourceName=dlp | timeslice 1h | _timeslice as t | count by t | fillmissing timeslice(1h) in t`,
    from: DAY + 5 * H,
    to: DAY + 9 * H,
    rows: [
      { t: DAY + 6 * H, _count: 2 },
      { t: DAY + 7 * H, _count: 1 },
      { t: DAY + 5 * H, _count: 0 },
      { t: DAY + 8 * H, _count: 0 },
    ],
  },
  {
    // Sumo's defaults for an added row: 0 for integer and double results (the average too), null for text.
    name: 'fillmissing-defaults-by-type',
    query: `_sourceName=dlp | json "route", "subject" as route, subject | length(subject) as len | count, avg(len), first(subject) by route | fillmissing values("inbound", "outbound", "internal") in route`,
    rows: [
      { route: 'inbound', _count: 2, _avg: 35, _first: 'Undelivered Mail Returned to Sender' },
      { route: 'outbound', _count: 1, _avg: 13, _first: 'Customer list' },
      { route: 'internal', _count: 0, _avg: 0, _first: null },
    ],
  },
  {
    // Named columns first, in that order and found case-insensitively (null when no row has one), then `*` the rest.
    name: 'transpose-as-named-and-rest',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir | where t = "delivery" or t = "receipt" | count by t, dir | transpose row t column dir as %"outbound", sideways, *`,
    rows: [
      { t: 'delivery', outbound: 1, sideways: null, Inbound: 3 },
      { t: 'receipt', outbound: 1, sideways: null, Inbound: 3 },
    ],
  },
  {
    name: 'transpose-as-named-only',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir | where t = "delivery" or t = "receipt" | count by t, dir | transpose row t column dir as inbound`,
    rows: [
      { t: 'delivery', inbound: 3 },
      { t: 'receipt', inbound: 3 },
    ],
  },
  {
    // A message is kept when one pattern matches: the receipts have senderIp (two a subject too), DLP records a subject.
    name: 'parse-several-patterns',
    query: String.raw`_sourceCategory=mimecast | parse "\"senderIp\":\"*\"" as ip, "\"subject\":\"*\"" as subj | count by ip, subj`,
    rows: [
      { ip: null, subj: 'Undelivered Mail Returned to Sender', _count: 2 },
      { ip: '10.0.0.5', subj: null, _count: 1 },
      { ip: '175.16.199.1', subj: null, _count: 1 },
      { ip: '81.2.69.142', subj: 'Quarterly report', _count: 1 },
      { ip: '89.160.20.112', subj: 'Invoice', _count: 1 },
      { ip: null, subj: 'Customer list', _count: 1 },
    ],
  },
  {
    name: 'size-suffixes',
    query: `_sourceCategory=mimecast | json "spamScore" as s | s * 1Ki as b | where b > 5K and b < 0.011M | 1Gi / 1Mi as r | count by b, r`,
    rows: [
      { b: 5120, r: 1024, _count: 1 },
      { b: 10240, r: 1024, _count: 1 },
    ],
  },
  {
    // The items whose k reads x (as text: the number 1 reads "1"); != keeps the others that have k.
    name: 'json-path-filter',
    query: String.raw`_sourceCategory=mimecast _sourceName=dlp | "{\"a\":[{\"k\":\"x\",\"b\":1},{\"k\":\"y\",\"b\":2},{\"k\":\"x\",\"b\":{\"c\":3}},{\"b\":4},{\"k\":1,\"b\":5}]}" as j | json field=j "a[?(@.k == 'x')].b", "a[?(@.k != 'x')].b", "a[?(@.k == 1)]", "a[?(@.k == 'z')].b" as xs, others, one, none nodrop | count by xs, others, one, none`,
    rows: [{ xs: '[1,{"c":3}]', others: '[2,5]', one: '[{"k":1,"b":5}]', none: null, _count: 3 }],
  },
];
