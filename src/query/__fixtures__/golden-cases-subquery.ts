import type { GoldenCase } from './golden-case.js';
import { DAY } from './messages.js';

/** `[subquery: … | compose …]` in the scope, in where and in if (Sumo's subqueries page), over messages.ts. */
export const SUBQUERY_CASES: GoldenCase[] = [
  {
    // The values as phrases (ignoring case, as a quoted search term): the rejection's type and the file name.
    name: 'subquery-scope-keywords',
    query: `_sourceCategory=mimecast [subquery: _sourceCategory=mimecast | json "rejectionType", "fileName" as r, f nodrop | where !isNull(r) or !isNull(f) | compose r keywords] | json "eventType" as e | count by e`,
    rows: [{ e: 'receipt', _count: 1 }],
  },
  {
    // Composed metadata: the source name of the message naming Eicar, as _sourceName=siem in the scope.
    name: 'subquery-scope-fields',
    query: `[subquery: Eicar | count by _sourcename, _sourcecategory | compose _sourcename, _sourcecategory] | count by _sourcename, _sourcecategory`,
    rows: [{ _sourcename: 'siem', _sourcecategory: 'mimecast', _count: 10 }],
  },
  {
    name: 'subquery-where',
    query: `_sourceCategory=mimecast | json "aggregateId", "eventType" as id, e nodrop | where [subquery: _sourceCategory=mimecast | json "aggregateId", "delivered" as id, delivered | where delivered = "false" | compose id] | count by e`,
    rows: [
      { e: 'delivery', _count: 1 },
      { e: 'receipt', _count: 1 },
    ],
  },
  {
    // `!` before the subquery in if; the child's rows are the ids of two fields' combination.
    name: 'subquery-if-not',
    query: `_sourceCategory=mimecast | json "aggregateId", "eventType" as id, e | if(![subquery: _sourceCategory=mimecast | json "aggregateId", "eventType" as id, e | where e = "av" or e = "process" | compose id, e], "plain", "flagged") as k | count by k`,
    rows: [
      { k: 'plain', _count: 8 },
      { k: 'flagged', _count: 2 },
    ],
  },
  {
    // from=(-20h) before the end of the day: only ids from 04:00 on; maxresults=1 keeps the first in the
    // child's order (A4 before A5).
    name: 'subquery-time-maxresults',
    query: `_sourceCategory=mimecast | json "aggregateId" as id | where [subquery from=(-20h): _sourceCategory=mimecast | json "aggregateId" as id | count by id | sort by id asc | compose id maxresults=1] | count by id`,
    rows: [{ id: 'A4', _count: 2 }],
    to: DAY + 86_400_000,
  },
];
