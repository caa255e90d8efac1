import type { GoldenCase } from './golden-case.js';

/** keyvalue (Sumo's keyvalue page) over messages.ts: JSON keys and a plain `a=b` line. */
export const KEYVALUE_CASES: GoldenCase[] = [
  {
    // "senderIp":"81.2.69.142" read by inference; messages with neither key are dropped.
    name: 'keyvalue-infer-json',
    query: `_sourceCategory=mimecast | kv "senderIp", "spamScore" as ip, score | count by ip, score`,
    rows: [
      { ip: '10.0.0.5', score: null, _count: 1 },
      { ip: '175.16.199.1', score: null, _count: 1 },
      { ip: '81.2.69.142', score: '5', _count: 1 },
      { ip: '89.160.20.112', score: '10', _count: 1 },
    ],
  },
  {
    name: 'keyvalue-nodrop',
    query: `_sourceCategory=x | keyvalue infer keys "a" nodrop | count by a`,
    rows: [
      { a: 'b', _count: 4 },
      { a: 'c', _count: 1 },
      { a: null, _count: 1 },
    ],
  },
  {
    // Regex mode: the one group nearest after the key.
    name: 'keyvalue-regex',
    query: String.raw`_sourceCategory=x | keyvalue regex "=(\w+)" "line" as v | count by v`,
    rows: [{ v: 'b', _count: 1 }],
  },
];
