import type { GoldenCase } from './golden-case.js';
import { DAY } from './messages.js';

const H = (h: number) => DAY + h * 3_600_000;

/**
 * Golden cases for outlier, accum, backshift, compare, transactionize and join (Sumo's outlier.md, accum.md,
 * backshift.md, compare.md, transactionize-operator.md, join.md). The hourly counts
 * of `_sourceCategory=mimecast*` in messages.ts are 2, 3, 2, 2, 1, 2, 1, 6 (01:00 to 08:00); the means and
 * sample deviations below are those of the trailing points, worked out by hand from them.
 * compare runs over 02:00–05:00; the hour before 01:00 (the day before, 23:00) has one message, 00:00 none.
 */
export const ANALYTICS_CASES: GoldenCase[] = [
  {
    name: 'outlier-trailing-window',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice | outlier _count window=3, threshold=2 | fields _timeslice, _count, _count_mean, _count_std, _count_indicator, _count_violation`,
    rows: [
      { _timeslice: H(1), _count: 2, _count_mean: null, _count_std: null, _count_indicator: 0, _count_violation: 0 },
      { _timeslice: H(2), _count: 3, _count_mean: 2, _count_std: null, _count_indicator: 0, _count_violation: 0 },
      { _timeslice: H(3), _count: 2, _count_mean: 2.5, _count_std: Math.SQRT1_2, _count_indicator: 0, _count_violation: 0 },
      {
        _timeslice: H(4),
        _count: 2,
        _count_mean: 2.3333333333333335,
        _count_std: 0.5773502691896263,
        _count_indicator: 0,
        _count_violation: 0,
      },
      // 1 is below 7/3 − 2·0.577 = 1.18 (the deviation of 2 and 3 above is √½).
      {
        _timeslice: H(5),
        _count: 1,
        _count_mean: 2.3333333333333335,
        _count_std: 0.5773502691896263,
        _count_indicator: 1,
        _count_violation: 1,
      },
      {
        _timeslice: H(6),
        _count: 2,
        _count_mean: 1.6666666666666667,
        _count_std: 0.5773502691896255,
        _count_indicator: 0,
        _count_violation: 0,
      },
      {
        _timeslice: H(7),
        _count: 1,
        _count_mean: 1.6666666666666667,
        _count_std: 0.5773502691896255,
        _count_indicator: 0,
        _count_violation: 0,
      },
      {
        _timeslice: H(8),
        _count: 6,
        _count_mean: 1.3333333333333333,
        _count_std: 0.5773502691896258,
        _count_indicator: 1,
        _count_violation: 1,
      },
    ],
  },
  {
    // Per _sourceName series; only drops count (direction=-), and a violation takes two indicators in a row.
    name: 'outlier-by-group-direction',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice, _sourcename | outlier _count by _sourcename window=2, threshold=1, consecutive=2, direction=- | where _count_indicator = 1 | fields _timeslice, _sourcename, _count, _count_lower, _count_violation`,
    rows: [{ _timeslice: H(5), _sourcename: 'siem', _count: 1, _count_lower: 2, _count_violation: 0 }],
  },
  {
    // The full day: 08:00 (6) is above the band of the seven hours before it (mean 13/7, σ 0.69).
    name: 'outlier-defaults-complete-slice',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice | outlier _count threshold=1 | sort by _timeslice desc | limit 2 | fields _timeslice, _count, _count_indicator`,
    rows: [
      { _timeslice: H(8), _count: 6, _count_indicator: 1 },
      { _timeslice: H(7), _count: 1, _count_indicator: 1 },
    ],
  },
  {
    // The range ends at 08:30: the 08:00 slice is incomplete, so it is never an outlier (outlier.md "Limitations").
    name: 'outlier-incomplete-slice',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice | outlier _count threshold=1 | sort by _timeslice desc | limit 2 | fields _timeslice, _count, _count_indicator`,
    to: H(8.5),
    rows: [
      { _timeslice: H(8), _count: 3, _count_indicator: 0 },
      { _timeslice: H(7), _count: 1, _count_indicator: 1 },
    ],
  },
  {
    // A value past 1e18 (e⁵⁰⁰) is skipped (its square could overflow PostgreSQL’s DOUBLE): no error, no indicator.
    name: 'outlier-huge-value-skipped',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice | if(_count = 6, exp(500), _count) as v | outlier v window=2 | sort by _timeslice desc | limit 1 | fields _timeslice, v_mean, v_error, v_indicator`,
    rows: [{ _timeslice: H(8), v_mean: 1.5, v_error: null, v_indicator: 0 }],
  },
  {
    name: 'accum-backshift-by',
    query: `_sourceCategory=mimecast* | timeslice 1h | count by _timeslice, _sourcename | sort by _timeslice asc | accum _count as running by _sourcename | backshift _count as previous by _sourcename`,
    rows: [
      { _timeslice: H(1), _sourcename: 'siem', _count: 2, running: 2, previous: null },
      { _timeslice: H(2), _sourcename: 'siem', _count: 3, running: 5, previous: 2 },
      { _timeslice: H(3), _sourcename: 'siem', _count: 2, running: 7, previous: 3 },
      { _timeslice: H(4), _sourcename: 'siem', _count: 2, running: 9, previous: 2 },
      { _timeslice: H(5), _sourcename: 'siem', _count: 1, running: 10, previous: 2 },
      { _timeslice: H(6), _sourcename: 'dlp', _count: 2, running: 2, previous: null },
      { _timeslice: H(7), _sourcename: 'dlp', _count: 1, running: 3, previous: 2 },
      { _timeslice: H(8), _sourcename: 'siem', _count: 6, running: 16, previous: 1 },
    ],
  },
  {
    // backshift.md's example shape: a shift of 2 under an alias, accum's default name.
    name: 'accum-backshift-defaults',
    query: `_sourceCategory=mimecast* | timeslice by 1h | count by _timeslice | sort + _timeslice | accum _count | backshift _count,2 as size | limit 4`,
    rows: [
      { _timeslice: H(1), _count: 2, _accum: 2, size: null },
      { _timeslice: H(2), _count: 3, _accum: 5, size: null },
      { _timeslice: H(3), _count: 2, _accum: 7, size: 2 },
      { _timeslice: H(4), _count: 2, _accum: 9, size: 3 },
    ],
  },
  {
    // On messages: newest first, as the result is ordered.
    name: 'accum-backshift-messages',
    query: `_sourceCategory=mimecast _sourceName=siem | json "spamScore" as s | accum s | backshift s | fields s, _accum, _backshift`,
    rows: [
      { s: '10', _accum: 10, _backshift: null },
      { s: '5', _accum: 15, _backshift: 10 },
    ],
  },
  {
    name: 'compare-timeshift',
    query: `_sourceCategory=mimecast | timeslice 1h | count by _timeslice | compare timeshift 1h`,
    from: H(2),
    to: H(5),
    rows: [
      { _timeslice: H(2), _count: 3, _count_1h: 2 },
      { _timeslice: H(3), _count: 2, _count_1h: 3 },
      { _timeslice: H(4), _count: 2, _count_1h: 2 },
    ],
  },
  {
    // Two shifts one by one, and the average of three (a window with no messages has no value: 02:00 averages 01:00 and 23:00).
    name: 'compare-several-and-avg',
    query: `_sourceCategory=mimecast | timeslice 1h | count by _timeslice | compare with timeshift 1h 2, timeshift 1h 3 avg | sort by _timeslice asc`,
    from: H(2),
    to: H(5),
    rows: [
      { _timeslice: H(2), _count: 3, _count_1h: 2, _count_2h: null, _count_3h_avg: 1.5 },
      { _timeslice: H(3), _count: 2, _count_1h: 3, _count_2h: 2, _count_3h_avg: 2.5 },
      { _timeslice: H(4), _count: 2, _count_1h: 2, _count_2h: 3, _count_3h_avg: 7 / 3 },
    ],
  },
  {
    // Groups that are not time slices, an alias, and a group only the present has.
    name: 'compare-categories-alias',
    query: `_sourceCategory=mimecast | json "eventType" as t | count by t | compare timeshift 2h as before`,
    from: H(2),
    to: H(5),
    rows: [
      { t: 'delivery', _count: 3, _count_before: 3 },
      { t: 'receipt', _count: 3, _count_before: 2 },
      { t: 'process', _count: 1, _count_before: null },
    ],
  },
  {
    // After compare the rows are aggregate rows like any: expressions and where (time-compare.md's alert).
    name: 'compare-then-where',
    query: `_sourceCategory=mimecast | count | compare timeshift 1h 2 max | _count - _count_2h_max as change | where change = 0`,
    from: H(2),
    to: H(5),
    rows: [{ _count: 7, _count_2h_max: 7, change: 0 }],
  },
  {
    // A4's receipt has no tlsUsed but shares A4 with a delivery whose tlsUsed "No" is A2's: one transaction.
    name: 'transactionize-transitive',
    query: `_sourceCategory=mimecast _sourceName=siem | json "aggregateId", "tlsUsed" as id, tls nodrop | transactionize id, tls | count by _group, _group_size, _group_duration | sort by _group asc`,
    rows: [
      { _group: 1, _group_size: 2, _group_duration: 300_000, _count: 2 },
      { _group: 2, _group_size: 5, _group_duration: 7_500_000, _count: 5 },
      { _group: 3, _group_size: 2, _group_duration: 60_000, _count: 2 },
      { _group: 4, _group_size: 1, _group_duration: 0, _count: 1 },
    ],
  },
  {
    // Cut after a pause over 3 minutes (A1 at 01:00 and 01:05, A2 between 02:00 and 02:05, A4) or past 2 messages.
    name: 'transactionize-maxpause-maxlogs',
    query: `_sourceCategory=mimecast _sourceName=siem | json "aggregateId" as id | transactionize id as t maxPause=3m maxLogs=2 | count by t, t_size | sort by t asc`,
    rows: [
      { t: 1, t_size: 1, _count: 1 },
      { t: 2, t_size: 1, _count: 1 },
      { t: 3, t_size: 1, _count: 1 },
      { t: 4, t_size: 2, _count: 2 },
      { t: 5, t_size: 2, _count: 2 },
      { t: 6, t_size: 1, _count: 1 },
      { t: 7, t_size: 1, _count: 1 },
      { t: 8, t_size: 1, _count: 1 },
    ],
  },
  {
    // On messages, newest first: A2's 02:05 and 02:06 are within 2 minutes, 02:00 is not (A1 made transactions 1 and 2).
    name: 'transactionize-maxspan-messages',
    query: `_sourceCategory=mimecast _sourceName=siem | json "aggregateId" as id | transactionize id maxSpan=2m | where id = "A2" | fields id, _group, _group_size, _group_duration`,
    rows: [
      { id: 'A2', _group: 4, _group_size: 2, _group_duration: 60_000 },
      { id: 'A2', _group: 4, _group_size: 2, _group_duration: 60_000 },
      { id: 'A2', _group: 3, _group_size: 1, _group_duration: 0 },
    ],
  },
  {
    // Only the four receipts have a sender address; keepOrphans=false drops the other messages.
    name: 'transactionize-drop-orphans',
    query: `_sourceCategory=mimecast | json "senderIp" as ip nodrop | transactionize ip keepOrphans=false | count`,
    rows: [{ _count: 4 }],
  },
  {
    // Receipts (A1–A4 have a sender address) beside the deliveries of the same message (A1, A2 twice, A4).
    name: 'join-two-tables',
    query: `_sourceCategory=mimecast _sourceName=siem | join (json "aggregateId", "senderIp" as id, ip) as r, (json "aggregateId", "delivered" as id, ok) as d on r.id = d.id`,
    rows: [
      { r_id: 'A1', r_ip: '81.2.69.142', d_id: 'A1', d_ok: 'true' },
      { r_id: 'A2', r_ip: '89.160.20.112', d_id: 'A2', d_ok: 'true' },
      { r_id: 'A2', r_ip: '89.160.20.112', d_id: 'A2', d_ok: 'true' },
      { r_id: 'A4', r_ip: '175.16.199.1', d_id: 'A4', d_ok: 'false' },
    ],
  },
  {
    // A table may aggregate (join.md "Rules"), and the join's records go on like any: here an aggregate.
    name: 'join-aggregate-table',
    query: `_sourceCategory=mimecast _sourceName=siem | join (json "aggregateId" as id | count by id) as a, (json "aggregateId", "delivered" as id, ok) as b on a.id = b.id | count by b_ok, a__count`,
    rows: [
      { b_ok: 'true', a__count: 3, _count: 2 },
      { b_ok: 'false', a__count: 2, _count: 1 },
      { b_ok: 'true', a__count: 2, _count: 1 },
    ],
  },
];
