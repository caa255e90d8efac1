import type { GoldenCase } from './golden-case.js';

/** Lookups: geo://default with aliases and the `on ip` shorthand, and the threat-intelligence lookups over indicators.ts. */
export const LOOKUP_CASES: GoldenCase[] = [
  {
    name: 'geo-default-alias',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | lookup country_code as cc, area_code, metro_code from geo://default on ip | where !isNull(cc) | count by cc, area_code, metro_code`,
    rows: [
      { cc: 'CN', area_code: null, metro_code: null, _count: 1 },
      { cc: 'GB', area_code: null, metro_code: null, _count: 1 },
      { cc: 'SE', area_code: null, metro_code: null, _count: 1 },
    ],
  },
  {
    name: 'threat-cs',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | count by ip | lookup type, actor, raw, threatlevel as malicious_confidence from sumo://threat/cs on threat=ip | where !isNull(malicious_confidence)`,
    rows: [{ ip: '81.2.69.142', _count: 1, type: 'IP_ADDRESS', actor: 'FANCY BEAR', raw: '{"id":"a-1"}', malicious_confidence: 'high' }],
  },
  {
    // cat: the table's rows in key order, each field of the table a column (the Owner column lower-cased).
    name: 'cat-table',
    query: `cat path://"/Library/Users/analyst@example.com/Senders"`,
    rows: [
      { ip: '81.2.69.142', owner: 'mail-gw', risk: '1' },
      { ip: '89.160.20.112', owner: 'partner', risk: '5' },
    ],
  },
  {
    name: 'cat-where-fields',
    query: `cat /Library/Users/analyst@example.com/Senders | where risk > 1 | fields ip, owner`,
    rows: [{ ip: '89.160.20.112', owner: 'partner' }],
  },
  {
    name: 'cat-count',
    query: `cat path://"/Library/Users/analyst@example.com/Pairs" | count by ip`,
    rows: [{ ip: '81.2.69.142', _count: 2 }],
  },
  {
    name: 'lookup-all',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | lookup * from path://"/Library/Users/analyst@example.com/Senders" on ip=ip | where !isNull(owner) | count by ip, owner, risk`,
    rows: [
      { ip: '81.2.69.142', owner: 'mail-gw', risk: '1', _count: 1 },
      { ip: '89.160.20.112', owner: 'partner', risk: '5', _count: 1 },
    ],
  },
  {
    // Messages carry the table's fields as they carry custom fields.
    name: 'lookup-all-messages',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | lookup * from path://"/Library/Users/analyst@example.com/Senders" on ip | where risk > 1`,
    rows: [{ ip: '89.160.20.112', owner: 'partner', risk: '5' }],
  },
  {
    // The subqueries page writes the key on the right: `on src_ip=threat`.
    name: 'threat-cs-field-first',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | count by ip | lookup actor from sumo://threat/cs on ip=threat | where !isNull(actor)`,
    rows: [{ ip: '81.2.69.142', _count: 1, actor: 'FANCY BEAR' }],
  },
  {
    name: 'threatip',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | threatip ip | count by ip, actor, malicious_confidence, type`,
    rows: [
      // 175.16.199.1's only entry expired before the query's time.
      { ip: '10.0.0.5', actor: null, malicious_confidence: null, type: null, _count: 1 },
      { ip: '175.16.199.1', actor: null, malicious_confidence: null, type: null, _count: 1 },
      { ip: '81.2.69.142', actor: 'FANCY BEAR', malicious_confidence: 'high', type: 'IP_ADDRESS', _count: 1 },
      { ip: '89.160.20.112', actor: null, malicious_confidence: null, type: null, _count: 1 },
    ],
  },
  {
    name: 'threatlookup-single',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | count by ip | threatlookup singleIndicator ip | where !isNull(_threatlookup.source) | fields ip, _threatlookup.source, _threatlookup.actors, _threatlookup.confidence, _threatlookup.num_matches, _threatlookup.type`,
    rows: [
      {
        ip: '81.2.69.142',
        '_threatlookup.source': 'feed-a',
        '_threatlookup.actors': 'FANCY BEAR',
        '_threatlookup.confidence': 90,
        '_threatlookup.num_matches': 2,
        '_threatlookup.type': 'ipv4-addr:value',
      },
    ],
  },
  {
    name: 'threatlookup-all',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | count by ip | threatlookup ip | where _threatlookup.confidence > 50 | count by _threatlookup.source, _threatlookup.valid_until`,
    rows: [
      { '_threatlookup.source': 'feed-a', '_threatlookup.valid_until': null, _count: 1 },
      { '_threatlookup.source': 'feed-b', '_threatlookup.valid_until': null, _count: 1 },
    ],
  },
  {
    name: 'threatlookup-source',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | threatlookup source="feed-b" ip | count by %"_threatlookup.actors"`,
    rows: [
      { '_threatlookup.actors': null, _count: 3 },
      { '_threatlookup.actors': 'COZY BEAR', _count: 1 },
    ],
  },
  {
    name: 'lookup-table-path',
    query: `_sourceCategory=mimecast | json "senderIp" as ip | lookup owner as who, risk from path://"/Library/Users/analyst@example.com/Senders" on ip=ip | count by ip, who, risk`,
    rows: [
      { ip: '10.0.0.5', who: null, risk: null, _count: 1 },
      { ip: '175.16.199.1', who: null, risk: null, _count: 1 },
      { ip: '81.2.69.142', who: 'mail-gw', risk: '1', _count: 1 },
      { ip: '89.160.20.112', who: 'partner', risk: '5', _count: 1 },
    ],
  },
  {
    name: 'lookup-table-bare-path-two-keys',
    query: `_sourceCategory=mimecast | json "senderIp" as sender | lookup tag from /Library/Users/analyst@example.com/pairs on category=_sourcecategory, ip=sender | where !isNull(tag) | count by sender, tag`,
    rows: [{ sender: '81.2.69.142', tag: 'known', _count: 1 }],
  },
  {
    // The message's field on the left (Sumo's `on userEmail=email`), the path in another case.
    name: 'lookup-table-field-first',
    query: `_sourceCategory=mimecast | json "senderIp" as sender | lookup owner from path://"/Library/Users/analyst@example.com/SENDERS" on sender=ip | count by owner`,
    rows: [
      { owner: null, _count: 2 },
      { owner: 'mail-gw', _count: 1 },
      { owner: 'partner', _count: 1 },
    ],
  },
];
