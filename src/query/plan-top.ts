import type { AggregateCall, Operator } from './ast.js';
import type { Pos } from './errors.js';
import { orderFor } from './plan-aggregate.js';
import { lit } from './plan-coerce.js';
import type { OrderKey, OutputField, PExpr, SqlStage } from './plan-types.js';

// `top` and `topk`: the largest rows, of all or of each group.

/** What top and topk need of the planner. */
export interface TopContext {
  field(name: string, pos: Pos): PExpr;
  fields: Map<string, OutputField>;
  order: OrderKey[];
  newColumn(): string;
  addStage(stage: SqlStage): void;
  setField(name: string, col: string): void;
  aggregate(calls: AggregateCall[], by: { name: string; pos: Pos }[]): void;
}

/**
 * `top 5 x` (= `count by x`, the largest 5), `top 5 x by sum(b)`, or `top 5 x by a, b asc` over rows that have
 * a and b: the rows largest on a, then smallest on b, keeping x and the ranking fields. Returns the new order
 * and the fields that remain.
 */
export function planTop(op: Extract<Operator, { op: 'top' }>, ctx: TopContext): { order: OrderKey[]; fields: Map<string, OutputField> } {
  if (Array.isArray(op.by)) {
    const order = [
      ...op.by.flatMap((k) => orderFor(ctx.field(k.field, k.pos), k.desc)),
      ...op.fields.flatMap((f) => orderFor(ctx.field(f, op.pos), false)),
    ];
    ctx.addStage({ stage: 'limit', n: op.n, order, note: `top ${op.n}` });
    const kept = new Map<string, OutputField>();
    for (const name of [...op.fields, ...op.by.map((k) => k.field)]) {
      const f = ctx.fields.get(name);
      if (f) kept.set(name, f);
    }
    return { order, fields: kept };
  }
  const call: AggregateCall = op.by ?? { fn: 'count', field: null, percentiles: [], alias: null, pos: op.pos };
  ctx.aggregate(
    [call],
    op.fields.map((name) => ({ name, pos: op.pos })),
  );
  ctx.addStage({ stage: 'limit', n: op.n, order: ctx.order, note: `top ${op.n}` });
  return { order: ctx.order, fields: ctx.fields };
}

/**
 * `topk(n, a[, b …]) [by g …]`: each row's rank within its group (largest a first, then b; rows equal on
 * every key in their previous order) in `_rank`, and the rows ranked 1 to n. The rows come by group, then rank.
 */
export function planTopk(op: Extract<Operator, { op: 'topk' }>, ctx: TopContext): OrderKey[] {
  const col = ctx.newColumn();
  const partition = op.by.map((g) => ctx.field(g, op.pos));
  const ranking = [...op.keys.flatMap((k) => orderFor(ctx.field(k.field, k.pos), k.desc)), ...ctx.order];
  ctx.addStage({ stage: 'window', col, fn: 'rowNumber', arg: null, partition, order: ranking, note: `topk ${op.n}` });
  const rank: PExpr = { k: 'col', col, type: 'number' };
  ctx.addStage({ stage: 'filter', cond: { k: 'cmp', op: '<=', left: rank, right: lit(op.n), mode: 'number' }, note: `topk ${op.n}` });
  ctx.setField('_rank', col);
  return [...partition.flatMap((g) => orderFor(g, false)), { expr: rank, desc: false }];
}
