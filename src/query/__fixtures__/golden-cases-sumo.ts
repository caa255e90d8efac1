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
  {
    name: 'replace-regex-and-literal',
    query:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Sumo's ${name} group reference, not a template
      '_sourceCategory=mimecast | json "senderIp" as ip | replace(ip, /(\\d+)\\.(?<b>\\d+)\\..*/, "$1-${b}-$0\\\\$") as r | replace(ip, ".", "_") as l | count by r, l',
    rows: [
      { r: '10-0-10.0.0.5$', l: '10_0_0_5', _count: 1 },
      { r: '175-16-175.16.199.1$', l: '175_16_199_1', _count: 1 },
      { r: '81-2-81.2.69.142$', l: '81_2_69_142', _count: 1 },
      { r: '89-160-89.160.20.112$', l: '89_160_20_112', _count: 1 },
    ],
  },
  {
    name: 'ip-tests',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | isValidIPv4(ip) as v4 | isValidIPv6(ip) as v6 | isPrivateIP(ip) as priv | isPublicIP(ip) as pub | count by v4, v6, priv, pub`,
    rows: [
      { v4: true, v6: false, priv: false, pub: true, _count: 3 },
      { v4: true, v6: false, priv: true, pub: false, _count: 1 },
    ],
  },
  {
    name: 'math-and-casts',
    query: `_sourceCategory=mimecast | json "spamScore" as s | toInt(s / 3) as i | sqrt(s - 1) as q | log(exp(2)) as l | atan2(0, 1) + sin(0) + cos(0) as one | fromSeconds(s) as ms | toLong(s) | count by s, i, q, l, one, ms`,
    rows: [
      { s: 5, i: 1, q: 2, l: 2, one: 1, ms: 5000, _count: 1 },
      { s: 10, i: 3, q: 3, l: 2, one: 1, ms: 10000, _count: 1 },
    ],
  },
  {
    name: 'matches-forms',
    query: `_sourceCategory=mimecast | json "subject" as s | "*voice*" as p | where s matches ("*report*") or s matches p or s matches /^Cust/ | count by s`,
    rows: [
      { s: 'Customer list', _count: 1 },
      { s: 'Invoice', _count: 1 },
      { s: 'Quarterly report', _count: 1 },
    ],
  },
  {
    name: 'format-date-defaults',
    query: `_sourceCategory=mimecast _sourceName=dlp | formatDate(_messagetime) as d | formatDate(_messagetime, "HH:mm") as t | count by d, t`,
    rows: [
      { d: '11/20/2026 06:00:00.000 +00', t: '06:00', _count: 2 },
      { d: '11/20/2026 07:00:00.000 +00', t: '07:00', _count: 1 },
    ],
  },
  {
    name: 'parse-regex-slash-literal',
    query: String.raw`_sourceCategory=mimecast | parse regex field=_raw /"senderIp":"(?<ip>[\d.]+)"/ | where ip matches /^8/ | count by ip`,
    rows: [
      { ip: '81.2.69.142', _count: 1 },
      { ip: '89.160.20.112', _count: 1 },
    ],
  },
  {
    // `%"…"` names a field with any characters, `%a.b[0]` one with brackets; neither is ever a keyword.
    name: 'quoted-field-names',
    query: `_sourceCategory=mimecast | json "eventType", "spamScore" as %"event type", %"as" | where %"event type" != "av" and %"as" > 0 | %"as" * 2 as %score.x[0] | count by %"event type", %score.x[0]`,
    rows: [
      { 'event type': 'receipt', 'score.x[0]': 10, _count: 1 },
      { 'event type': 'receipt', 'score.x[0]': 20, _count: 1 },
    ],
  },
  {
    // format's conversions and haversine's distance (3,512.71 km in Sumo's own example).
    name: 'format-and-haversine',
    query: `_sourceCategory=mimecast | json "spamScore" as s | format("%s=%.2f (%d%%) %S", "score", s / 3, s / 3, "ok") as f | round(haversine(39.04380, -77.48790, 45.73723, -119.81143) * 100) / 100 as km | count by f, km`,
    rows: [
      { f: 'score=1.67 (1%) OK', km: 3512.71, _count: 1 },
      { f: 'score=3.33 (3%) OK', km: 3512.71, _count: 1 },
    ],
  },
  {
    name: 'timeslice-by',
    query: `_sourceCategory=mimecast _sourceName=dlp | timeslice by 1h | count by _timeslice`,
    rows: [
      { _timeslice: Date.UTC(2026, 10, 20, 6), _count: 2 },
      { _timeslice: Date.UTC(2026, 10, 20, 7), _count: 1 },
    ],
  },
  {
    // Only alice (01:00) and carol (02:00) have a sender envelope.
    name: 'withtime-most-least-recent',
    query: `_sourceCategory=mimecast | json "senderEnvelope" as s | withtime s | most_recent(s_withtime), least_recent(s_withtime) as oldest by _sourceName`,
    rows: [{ _sourcename: 'siem', _mostrecent: 'carol@example.net', oldest: 'alice@example.org' }],
  },
  {
    name: 'parse-after-aggregate',
    query: String.raw`_sourceCategory=mimecast | json "senderEnvelope" as s | count by s | parse field=s "*@*" as user, domain | parse regex field=domain "\.(?<tld>[a-z]+)$" | where tld != "com" | count by tld`,
    rows: [
      { tld: 'net', _count: 1 },
      { tld: 'org', _count: 1 },
    ],
  },
  {
    // The newest siem message (05:00) has no subject, so json without nodrop drops its row.
    name: 'json-after-aggregate',
    query: `_sourceCategory=mimecast | first(_raw) as r by _sourceName | json field=r "subject" as subj | fields _sourcename, subj`,
    rows: [{ _sourcename: 'dlp', subj: 'Customer list' }],
  },
  {
    // json auto's names for array items and nested keys, written with `%`.
    name: 'json-auto-array-names',
    query: String.raw`_sourceCategory=mimecast _sourceName=dlp | "{\"users\":[{\"n\":\"a\"},{\"n\":\"b\"}]}" as j | json auto field=j | count by %users[1].n, %"users[0]"`,
    rows: [{ 'users[1].n': 'b', 'users[0]': '{"n":"a"}', _count: 3 }],
  },
  {
    // maxdepth 1: `details` holds its object's JSON and `details.error` is no field of the JSON.
    name: 'json-auto-maxdepth',
    query: `_index=sumologic_system_events | json auto maxdepth 1 | count by details, %details.error`,
    rows: [{ details: '{"error":"Client credentials are invalid"}', 'details.error': null, _count: 1 }],
  },
  {
    // keys are found case-insensitively; with refonly `direction` is not a JSON field (null for every message).
    name: 'json-auto-keys-refonly',
    query: `_sourceCategory=mimecast _sourceName=siem | json auto keys "EVENTTYPE", "senderIp" refonly as t, ip | where isNull(direction) and t in ("receipt", "av") | count by t, ip`,
    rows: [
      { t: 'av', ip: null, _count: 1 },
      { t: 'receipt', ip: '10.0.0.5', _count: 1 },
      { t: 'receipt', ip: '175.16.199.1', _count: 1 },
      { t: 'receipt', ip: '81.2.69.142', _count: 1 },
      { t: 'receipt', ip: '89.160.20.112', _count: 1 },
    ],
  },
  {
    // `[*]`: every item's value, as a JSON array's text; items without the key are left out, none at all is null.
    name: 'json-path-wildcard',
    query: String.raw`_sourceCategory=mimecast _sourceName=dlp | "{\"a\":[{\"b\":1},{\"b\":\"x\"},{\"c\":2},{\"b\":{\"d\":[1]}}],\"e\":[]}" as j | json field=j "a[*].b", "a[*]", "e[*]", "a[0].b" as b, all, e, first nodrop | json auto field=j | count by b, all, e, first, %a[*].c`,
    rows: [{ b: '[1,"x",{"d":[1]}]', all: '[{"b":1},{"b":"x"},{"c":2},{"b":{"d":[1]}}]', e: null, first: '1', 'a[*].c': '[2]', _count: 3 }],
  },
  {
    // 10 typed events: delivery 4, receipt 4, av 1, process 1; each row's share of all of them.
    name: 'total-share',
    query: `_sourceCategory=mimecast | json "eventType" as t | count by t | total _count as all | _count / all * 100 as pct | where pct > 10`,
    rows: [
      { t: 'delivery', _count: 4, all: 10, pct: 40 },
      { t: 'receipt', _count: 4, all: 10, pct: 40 },
    ],
  },
  {
    name: 'total-by',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, d | count by t, d | total _count by t`,
    rows: [
      { t: 'delivery', d: 'Inbound', _count: 3, _total: 4 },
      { t: 'receipt', d: 'Inbound', _count: 3, _total: 4 },
      { t: 'delivery', d: 'Outbound', _count: 1, _total: 4 },
      { t: 'receipt', d: 'Outbound', _count: 1, _total: 4 },
    ],
  },
  {
    // The most recent message of each type: av A5 (05:00), delivery A4 (04:05), receipt A4 (04:00), process A3 (03:01).
    name: 'dedup-latest',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType", "aggregateId" as t, id | dedup by t | count by t, id`,
    rows: [
      { t: 'av', id: 'A5', _count: 1 },
      { t: 'delivery', id: 'A4', _count: 1 },
      { t: 'process', id: 'A3', _count: 1 },
      { t: 'receipt', id: 'A4', _count: 1 },
    ],
  },
  {
    name: 'dedup-two',
    query: `_sourceCategory=mimecast | json "eventType" as t | dedup 2 by t | count by t`,
    rows: [
      { t: 'delivery', _count: 2 },
      { t: 'receipt', _count: 2 },
      { t: 'av', _count: 1 },
      { t: 'process', _count: 1 },
    ],
  },
  {
    // 06:30:15.250 UTC; 07:00 in Paris is 06:00 UTC; text that does not read is null; parsedate.md's example.
    name: 'parse-date',
    query: `_sourceCategory=mimecast _sourceName=dlp | parseDate("2026-11-20 06:30:15.250", "yyyy-MM-dd HH:mm:ss.SSS") as a | parseDate("20/11/2026 07:00", "dd/MM/yyyy HH:mm", "Europe/Paris") as b | parseDate("nope", "yyyy") as c | parseDate("20170720000030", "yyyyMMddHHmmss", "etc/utc") as d | count by a, b, c, d`,
    rows: [
      { a: Date.UTC(2026, 10, 20, 6, 30, 15, 250), b: Date.UTC(2026, 10, 20, 6), c: null, d: Date.UTC(2017, 6, 20, 0, 0, 30), _count: 3 },
    ],
  },
];
