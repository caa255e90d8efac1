import type { GoldenCase } from './golden-case.js';
import { AFTER_POST_CASES } from './golden-cases-after-post.js';
import { ANALYTICS_CASES } from './golden-cases-analytics.js';
import { KEYVALUE_CASES } from './golden-cases-keyvalue.js';
import { LOOKUP_CASES } from './golden-cases-lookup.js';
import { SUBQUERY_CASES } from './golden-cases-subquery.js';
import { SUMO_CASES } from './golden-cases-sumo.js';
import { SUMO_NET_CASES } from './golden-cases-sumo-net.js';
import { SUMO_SHAPE_CASES } from './golden-cases-sumo-shape.js';
import { DAY } from './messages.js';

export type { GoldenCase } from './golden-case.js';

const D = 86_400_000;

export const GOLDEN_CASES: GoldenCase[] = [
  ...SUMO_CASES,
  ...SUMO_NET_CASES,
  ...SUMO_SHAPE_CASES,
  ...AFTER_POST_CASES,
  ...ANALYTICS_CASES,
  ...LOOKUP_CASES,
  ...SUBQUERY_CASES,
  ...KEYVALUE_CASES,
  {
    name: 'seed-legacy-delivered-without-tls',
    query: `_sourceCategory="mimecast_app" Delivered Dir | json "aCode","Delivered","UseTls" as a_code, delivered, use_tls nodrop | where delivered="true" | where use_tls="No" | count_distinct(a_code)`,
    rows: [{ _count_distinct: 2 }],
  },
  {
    name: 'seed-keyword-json-count',
    query: `_sourceCategory=x keyword | json "a" as a nodrop | where a="b" | count by a`,
    rows: [{ a: 'b', _count: 2 }],
  },
  {
    name: 'overview-total-delivered',
    query: `_sourceCategory=mimecast | json "eventType", "aggregateId", "delivered" as event_type, aggregate_id, delivered | where event_type = "delivery" and delivered = "true" | count_distinct(aggregate_id)`,
    rows: [{ _count_distinct: 2 }],
  },
  {
    name: 'overview-delivered-without-tls',
    query: `_sourceCategory=mimecast | json "eventType", "aggregateId", "delivered", "tlsUsed" as event_type, aggregate_id, delivered, tls_used | where event_type = "delivery" and delivered = "true" and tls_used = "No" | count_distinct(aggregate_id)`,
    rows: [{ _count_distinct: 1 }],
  },
  {
    name: 'overview-received-without-tls',
    query: `_sourceCategory=mimecast | json "eventType", "aggregateId", "action" as event_type, aggregate_id, action | json "tlsVersion" as tls_version nodrop | where event_type = "receipt" and action = "Acc" and isBlank(tls_version) | count_distinct(aggregate_id)`,
    rows: [{ _count_distinct: 2 }],
  },
  {
    name: 'overview-dlp-over-time',
    query: `_sourceCategory=mimecast _sourceName=dlp | json "messageId" as message_id | timeslice 1d | count_distinct(message_id) by _timeslice | fillmissing timeslice(1d)`,
    from: DAY - D,
    to: DAY + 2 * D,
    rows: [
      { _timeslice: DAY, _count_distinct: 2 },
      { _timeslice: DAY - D, _count_distinct: 0 },
      { _timeslice: DAY + D, _count_distinct: 0 },
    ],
  },
  {
    name: 'overview-top-dlp-policies',
    query: `_sourceCategory=mimecast _sourceName=dlp | json "policy" | count by policy | top 10 policy by _count`,
    rows: [
      { policy: 'Content Inspection - Watermark', _count: 2 },
      { policy: 'Attachment Block', _count: 1 },
    ],
  },
  {
    name: 'overview-recent-dlp',
    query: `_sourceCategory=mimecast _sourceName=dlp | json "senderAddress", "recipientAddress", "subject", "policy", "action", "route" as sender, recipient, subject, policy, action, route | fields sender, recipient, subject, policy, action, route | limit 100`,
    rows: [
      { policy: 'Attachment Block', sender: 'eve@corp.example', route: 'outbound' },
      { policy: 'Content Inspection - Watermark' },
      { policy: 'Content Inspection - Watermark' },
    ],
  },
  {
    name: 'numeric-comparison',
    query: `_sourceCategory=mimecast | json "spamScore" as spamscore | where spamscore > 6 | count`,
    rows: [{ _count: 1 }],
  },
  {
    name: 'equals-null',
    query: `_sourceCategory=mimecast | json "eventType" as t | json "tlsVersion" as v nodrop | where t = "receipt" and v = null | count`,
    rows: [{ _count: 1 }],
  },
  { name: 'json-drop', query: `_sourceCategory=mimecast | json "rejectionType" as rt | count`, rows: [{ _count: 1 }] },
  {
    name: 'json-auto',
    query: `_sourceCategory=mimecast | json auto | where eventtype = "delivery" | count by tlsused`,
    rows: [
      { tlsused: 'No', _count: 3 },
      { tlsused: 'Yes', _count: 1 },
    ],
  },
  {
    name: 'parse-anchor',
    query: `_sourceName=dlp | parse "\\"policy\\":\\"*\\"" as pol | count by pol`,
    rows: [
      { pol: 'Content Inspection - Watermark', _count: 2 },
      { pol: 'Attachment Block', _count: 1 },
    ],
  },
  {
    name: 'parse-regex',
    query: `_sourceCategory=mimecast | parse regex "\\"senderIp\\":\\"(?<ip>[0-9.]+)\\"" | count by ip`,
    rows: [
      { ip: '10.0.0.5', _count: 1 },
      { ip: '175.16.199.1', _count: 1 },
      { ip: '81.2.69.142', _count: 1 },
      { ip: '89.160.20.112', _count: 1 },
    ],
  },
  {
    name: 'split',
    query: `_sourceName=dlp | json "recipientAddress" as r | split r delim='@' extract 1 as user, 2 as domain | count by domain`,
    rows: [
      { domain: 'example.com', _count: 2 },
      { domain: 'other.example', _count: 1 },
    ],
  },
  {
    name: 'if-in',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType" as t | if(t in ("receipt", "process"), "in", "other") as stage | count by stage`,
    rows: [
      { stage: 'in', _count: 5 },
      { stage: 'other', _count: 5 },
    ],
  },
  {
    name: 'matches',
    query: `_sourceCategory=mimecast | json "eventType" as t | where t matches "rec*" or t matches /^pro/ | count`,
    rows: [{ _count: 5 }],
  },
  {
    name: 'chained-aggregates',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType", "aggregateId" as t, id | count by id, t | count by t`,
    rows: [
      { t: 'receipt', _count: 4 },
      { t: 'delivery', _count: 3 },
      { t: 'av', _count: 1 },
      { t: 'process', _count: 1 },
    ],
  },
  {
    name: 'transpose',
    query: `_sourceCategory=mimecast | json "eventType", "direction" as t, dir | where t = "delivery" or t = "receipt" | count by t, dir | transpose row t column dir`,
    rows: [
      { t: 'delivery', Inbound: 3, Outbound: 1 },
      { t: 'receipt', Inbound: 3, Outbound: 1 },
    ],
  },
  {
    name: 'geo-lookup',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | lookup latitude, longitude, country_code from geo://location on ip = ip | where !isNull(country_code) | count by country_code`,
    rows: [
      { country_code: 'CN', _count: 1 },
      { country_code: 'GB', _count: 1 },
      { country_code: 'SE', _count: 1 },
    ],
  },
  {
    name: 'health-events',
    query: `_index=sumologic_system_events | count by _sourcename`,
    rows: [{ _sourcename: 'ThirdPartyConfigError', _count: 1 }],
  },
  {
    // A partition's messages are searched by its name (any case), and with every other partition without _index.
    name: 'partition-index',
    query: `_index=imports | count by _sourcecategory`,
    rows: [{ _sourcecategory: 'x', _count: 2 }],
  },
  {
    name: 'partition-default-index',
    query: `_index=sumologic_default _sourceCategory=x | count`,
    rows: [{ _count: 4 }],
  },
  {
    name: 'partition-all-without-index',
    query: `_sourceCategory=x | count`,
    rows: [{ _count: 6 }],
  },
  {
    // Left out of the default scope: a search without _index skips it, _index=NAME still finds it.
    name: 'partition-excluded-from-default-scope',
    query: `_sourceCategory=x | count`,
    excludedPartitions: ['imports'],
    rows: [{ _count: 4 }],
  },
  {
    name: 'partition-excluded-still-by-index',
    query: `_index=Imports | count`,
    excludedPartitions: ['imports'],
    rows: [{ _count: 2 }],
  },
  {
    name: 'top-n',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType" as t | top 1 t`,
    rows: [{ t: 'delivery', _count: 4 }],
  },
  {
    name: 'numeric-aggregates',
    query: `_sourceCategory=mimecast | json "spamScore" as s | sum(s) as total, avg(s), min(s), max(s), pct(s, 50)`,
    rows: [{ total: 15, _avg: 7.5, _min: 5, _max: 10, _s_pct_50: 7.5 }],
  },
  {
    name: 'format-date',
    query: `_sourceName=dlp | formatDate(_messagetime, "yyyy-MM-dd HH") as hour | count by hour`,
    rows: [
      { hour: '2026-11-20 06', _count: 2 },
      { hour: '2026-11-20 07', _count: 1 },
    ],
  },
  { name: 'keyword-wildcard', query: `_sourceCategory=mimecast deliv* | count`, rows: [{ _count: 4 }] },
  { name: 'scope-not-phrase', query: `_sourceName=dlp NOT "Attachment Block" | count`, rows: [{ _count: 2 }] },
  {
    name: 'first-last',
    query: `_sourceName=dlp | json "policy" as p | first(p), last(p)`,
    rows: [{ _first: 'Attachment Block', _last: 'Content Inspection - Watermark' }],
  },
  {
    name: 'count-frequent',
    query: `_sourceName=dlp | json "route" as route | count_frequent route`,
    rows: [
      { route: 'inbound', _approxcount: 2 },
      { route: 'outbound', _approxcount: 1 },
    ],
  },
  {
    name: 'sort-numeric',
    query: `_sourceCategory=mimecast | json "aggregateId", "spamScore" as id, s | sort by s asc`,
    rows: [{ id: 'A1' }, { id: 'A2' }],
  },
  {
    name: 'where-on-aggregate-rows',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType" as t | count by t | where _count > 1 | sort by t asc`,
    rows: [
      { t: 'delivery', _count: 4 },
      { t: 'receipt', _count: 4 },
    ],
  },
  {
    name: 'unset-variable',
    query: `_sourceCategory=mimecast | json "direction" as direction | where direction matches "{{direction}}" | count`,
    rows: [{ _count: 8 }],
  },
  {
    name: 'set-variable',
    query: `_sourceCategory=mimecast | json "direction" as direction | where direction matches "{{direction}}" | count`,
    variables: { direction: 'Outbound' },
    rows: [{ _count: 2 }],
  },
  { name: 'legacy-number', query: `_sourceCategory=mimecast_app | json "SpamScore" as s | where s < 5 | count`, rows: [{ _count: 1 }] },
  {
    name: 'legacy-boolean',
    query: `_sourceCategory=mimecast_app | json "Delivered" as d | count by d`,
    rows: [
      { d: 'true', _count: 4 },
      { d: 'false', _count: 1 },
    ],
  },
  {
    name: 'case-and-comments',
    query: `_SOURCECATEGORY=MIMECAST // a comment\n| JSON "eventType" AS T /* another */ | WHERE t = "av" | COUNT`,
    rows: [{ _count: 1 }],
  },
  {
    name: 'arithmetic',
    query: `_sourceCategory=mimecast | json "spamScore" as s | s * 2 + 1 as doubled | where doubled > 15 | count`,
    rows: [{ _count: 1 }],
  },
  {
    name: 'concat-upper',
    query: `_sourceName=dlp | json "route", "action" as route, action | concat(toUpperCase(route), ":", action) as ra | count by ra`,
    rows: [
      { ra: 'INBOUND:hold', _count: 1 },
      { ra: 'INBOUND:notification', _count: 1 },
      { ra: 'OUTBOUND:block', _count: 1 },
    ],
  },
  {
    name: 'fillmissing-values',
    query: `_sourceName=dlp | json "route" as route | count by route | fillmissing values("inbound", "outbound", "internal") in route`,
    rows: [
      { route: 'inbound', _count: 2 },
      { route: 'outbound', _count: 1 },
      { route: 'internal', _count: 0 },
    ],
  },
  {
    name: 'timeslice-hour',
    query: `_sourceName=dlp | timeslice 1h | count by _timeslice`,
    rows: [
      { _timeslice: DAY + 6 * 3_600_000, _count: 2 },
      { _timeslice: DAY + 7 * 3_600_000, _count: 1 },
    ],
  },
  {
    name: 'timeslice-day-in-tokyo',
    query: `_sourceName=dlp | timeslice 1d | count by _timeslice`,
    timeZone: 'Asia/Tokyo',
    rows: [{ _timeslice: DAY - 9 * 3_600_000, _count: 3 }],
  },
  {
    name: 'parse-regex-multi',
    query: `_sourceName=dlp | parse regex "\\"(?<key>[a-z]+)\\":" multi | count by key`,
    rows: [
      { key: 'action', _count: 3 },
      { key: 'policy', _count: 3 },
      { key: 'route', _count: 3 },
      { key: 'subject', _count: 3 },
    ],
  },
  {
    name: 'split-quoted',
    query: `_sourceName=dlp | "x,\\"y,z\\",w" as line | split line delim=',' quote='"' extract 2 as second, 3 as third | count by second, third`,
    rows: [{ second: 'y,z', third: 'w', _count: 3 }],
  },
  {
    name: 'json-field',
    query: `_sourceName=dlp | "{\\"k\\":{\\"n\\":5}}" as doc | json field=doc "k.n" as n | count by n`,
    rows: [{ n: '5', _count: 3 }],
  },
  {
    name: 'sort-is-stable',
    query: `_sourceCategory=mimecast _sourceName=siem | json "eventType" as t | count by t | sort by _count | limit 3`,
    rows: [
      { t: 'delivery', _count: 4 },
      { t: 'receipt', _count: 4 },
      { t: 'av', _count: 1 },
    ],
  },
  {
    name: 'dashboard-filter-unset',
    query: `_sourceCategory=mimecast | json "direction" as direction nodrop | where ("{{direction}}" = "*" or toLowerCase(direction) matches "{{direction}}") | count`,
    rows: [{ _count: 13 }],
  },
  {
    name: 'dashboard-filter-set',
    query: `_sourceCategory=mimecast | json "direction" as direction nodrop | where ("{{direction}}" = "*" or toLowerCase(direction) matches "{{direction}}") | count`,
    variables: { direction: 'outbound' },
    rows: [{ _count: 2 }],
  },
  {
    name: 'literal-comparisons',
    query: `_sourceCategory=mimecast | where "10" > "9" and not ("a" = "b") and 2 >= 2 | count`,
    rows: [{ _count: 13 }],
  },
  {
    name: 'nodrop-nulls',
    query: `_sourceCategory=x | json "a" as a nodrop | count by a`,
    rows: [
      { a: 'b', _count: 3 },
      { a: null, _count: 2 },
      { a: 'c', _count: 1 },
    ],
  },
];
