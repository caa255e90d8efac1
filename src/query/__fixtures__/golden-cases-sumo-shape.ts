import type { GoldenCase } from './golden-case.js';

/** Golden cases for Sumo Logic's shaping operators: top, topk. Rows worked out by hand from messages.ts. */
export const SUMO_SHAPE_CASES: GoldenCase[] = [
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
];
