import type { Operator } from './ast.js';
import { queryError } from './errors.js';
import { asNumber } from './plan-coerce.js';
import { fn, lit } from './plan-expr.js';
import type { TopContext } from './plan-top.js';
import type { PExpr } from './plan-types.js';

// `timeslice`, `total` and `dedup`: stages that bucket, sum over or thin out the rows without aggregating them.

/** What timeslice, total and dedup need of the planner (with top and topk's needs). */
export interface ShapeContext extends TopContext {
  aggregated: boolean;
  from: number;
  to: number;
  timeZone: string;
}

const BUCKET_ORIGIN = Date.UTC(2000, 0, 3);

/** Adds the bucket column and sets the field; returns the bucket's span in milliseconds. */
export function planTimeslice(op: Extract<Operator, { op: 'timeslice' }>, ctx: ShapeContext): number {
  if (ctx.aggregated)
    throw queryError(op.pos, 'timeslice works on messages, not on aggregate rows', 'an operator before the first aggregate');
  const range = Math.max(1, ctx.to - ctx.from);
  const span = op.spanMs ?? Math.max(1000, Math.ceil(range / (op.buckets as number) / 1000) * 1000);
  const col = ctx.newColumn();
  const time = ctx.field('_messagetime', op.pos);
  // In UTC a bucket start is plain arithmetic (much cheaper than a time-zone-aware bucket), aligned like
  // the databases' time_bucket: on 2000-01-03 (a Monday), so days start at midnight and weeks on Mondays.
  const expr: PExpr =
    ctx.timeZone === 'UTC'
      ? {
          k: 'arith',
          op: '-',
          left: time,
          right: { k: 'arith', op: '%', left: { k: 'arith', op: '-', left: time, right: lit(BUCKET_ORIGIN) }, right: lit(span) },
        }
      : fn('timeBucket', [time, lit(span), lit(ctx.timeZone)], 'number');
  ctx.addStage({ stage: 'extend', columns: [{ col, expr }], filter: null, note: `timeslice ${span} ms` });
  ctx.setField(op.name, col);
  return span;
}

export function planTotal(op: Extract<Operator, { op: 'total' }>, ctx: ShapeContext): void {
  const col = ctx.newColumn();
  const arg = asNumber(ctx.field(op.field, op.pos), op.pos, 'total');
  const partition = op.by.map((f) => ctx.field(f, op.pos));
  ctx.addStage({ stage: 'window', col, fn: 'sum', arg, partition, order: [], note: `total ${op.field}` });
  ctx.setField(op.alias, col);
}

export function planDedup(op: Extract<Operator, { op: 'dedup' }>, ctx: ShapeContext): void {
  const col = ctx.newColumn();
  const partition = op.by.map((f) => ctx.field(f, op.pos));
  // Messages at the same time are told apart by their text, so both databases keep the same one.
  const order = ctx.aggregated ? ctx.order : [...ctx.order, { expr: { k: 'col', col: 'raw', type: 'text' } as PExpr, desc: false }];
  ctx.addStage({ stage: 'window', col, fn: 'rowNumber', arg: null, partition, order, note: `dedup ${op.n}` });
  ctx.addStage({
    stage: 'filter',
    cond: { k: 'cmp', op: '<=', left: { k: 'col', col, type: 'number' }, right: lit(op.n), mode: 'number' },
    note: `dedup ${op.n}`,
  });
}
