import { METADATA_COLUMNS } from '../model/message.js';
import type { Operator } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { orderFor } from './plan-aggregate.js';
import { type CompareContext, planCompare } from './plan-compare.js';
import { asText, fn, lit } from './plan-expr.js';
import type { OrderKey, OutputField, PExpr, SqlStage, ValueType } from './plan-types.js';

/**
 * outlier, accum and backshift: window functions over the rows in SQL (one result per row, so nothing grows
 * and no budget is needed beyond the 1000-row windows the parser allows). Sums and counts rather than the
 * databases' avg/stddev, so that integer series (counts) give bit-identical answers on DuckDB and PostgreSQL.
 */
export interface AnalyticsContext extends CompareContext {
  field(name: string, pos: Pos): PExpr;
  newColumn(): string;
  addStage(stage: SqlStage): void;
  setField(name: string, col: string, type: ValueType): void;
  /** The order the rows are in now (the result's order so far). */
  order: OrderKey[];
  setOrder(order: OrderKey[]): void;
  aggregated: boolean;
  /** The time-slice key of the last aggregate and its span, when it had one. */
  timeslice: { field: string; spanMs: number } | null;
  /** End of the search range: a time slice reaching past it is incomplete. */
  to: number;
  /** The SQL stages so far. */
  stages: readonly SqlStage[];
  /** Plans a join's table from the rows so far, leaving the planner as it was. */
  branch(operators: Operator[]): { stages: SqlStage[]; fields: OutputField[]; post: number };
  /** From now on the rows are records (a join's output). */
  toRecords(): void;
}

export function planAnalytics(
  op: Extract<Operator, { op: 'outlier' | 'accum' | 'backshift' | 'transactionize' | 'compare' | 'join' }>,
  ctx: AnalyticsContext,
): void {
  if (op.op === 'outlier') planOutlier(op, ctx);
  else if (op.op === 'join') planJoin(op, ctx);
  else if (op.op === 'transactionize') planTransactionize(op, ctx);
  else if (op.op === 'compare') planCompare(op, ctx);
  else planRunning(op, ctx);
}

type Outlier = Extract<Operator, { op: 'outlier' }>;

/** Larger values are not part of an outlier series (they are skipped, as values that are not numbers are). */
const MAX_OUTLIER_VALUE = 1e18;

const col = (c: string): PExpr => ({ k: 'col', col: c, type: 'number' });
const arith = (op: '+' | '-' | '*' | '/', left: PExpr, right: PExpr): PExpr => ({ k: 'arith', op, left, right });
const cmp = (op: '>' | '<' | '<=' | '=', left: PExpr, right: PExpr): PExpr => ({ k: 'cmp', op, left, right, mode: 'number' });
const when = (cond: PExpr, whenTrue: PExpr, whenFalse: PExpr): PExpr => ({ k: 'if', cond, whenTrue, whenFalse, type: 'number' });
const partitionOf = (ctx: AnalyticsContext, by: string[], pos: Pos) => by.map((f) => ctx.field(f, pos));
/** The field as a DOUBLE in both databases (a BIGINT count would make PostgreSQL's arithmetic NUMERIC). */
const numberOf = (ctx: AnalyticsContext, name: string, pos: Pos) => fn('toNumber', [ctx.field(name, pos)], 'number');

/**
 * Sumo's outlier (outlier.md): over each `by` group's time slices in time order, the mean and standard
 * deviation of the trailing `window` points before this one, the band mean ± threshold·σ, an indicator when
 * the value leaves the band (in `direction`), a violation at `consecutive` indicators in a row.
 */
function planOutlier(op: Outlier, ctx: AnalyticsContext): void {
  const slice = ctx.timeslice;
  if (!ctx.aggregated || !slice)
    throw queryError(op.pos, 'outlier needs aggregate rows by a timeslice', 'timeslice 1h | count by _timeslice | outlier _count');
  const value = numberOf(ctx, op.field, op.pos);
  // Squares and sums of up to 1000 values stay finite up to 1e18 (PostgreSQL fails on a DOUBLE overflow), and
  // the bound itself binds as a BIGINT: DuckDB cannot bind a whole number past 2^63.
  const x = when(cmp('<=', fn('abs', [value], 'number'), lit(MAX_OUTLIER_VALUE)), value, lit(null));
  const partition = partitionOf(ctx, op.by, op.pos);
  const order = orderFor(ctx.field(slice.field, op.pos), false);
  const trailing = { start: op.window, end: 1 };
  const window = (fnName: 'sum' | 'count', arg: PExpr, frame = trailing) => {
    const c = ctx.newColumn();
    ctx.addStage({ stage: 'window', col: c, fn: fnName, arg, partition, order, frame, note: `outlier ${op.field}` });
    return col(c);
  };
  const sum = window('sum', x);
  const squares = window('sum', arith('*', x, x));
  const n = window('count', x);
  const mean = when(cmp('>', n, lit(0)), arith('/', sum, n), lit(null));
  // The sample variance from the sums (null below two points).
  const variance = when(
    cmp('>', n, lit(1)),
    arith('/', arith('-', squares, arith('/', arith('*', sum, sum), n)), arith('-', n, lit(1))),
    lit(null),
  );
  const [meanCol, varianceCol, stdCol] = [ctx.newColumn(), ctx.newColumn(), ctx.newColumn()];
  ctx.addStage({
    stage: 'extend',
    columns: [
      { col: meanCol, expr: mean },
      { col: varianceCol, expr: variance },
    ],
    filter: null,
    note: 'outlier mean',
  });
  // Rounding can leave a constant series' variance a hair below 0: that is 0.
  const std = fn('sqrt', [when(cmp('<', col(varianceCol), lit(0)), lit(0), col(varianceCol))], 'number');
  ctx.addStage({ stage: 'extend', columns: [{ col: stdCol, expr: std }], filter: null, note: 'outlier deviation' });
  const band = arith('*', lit(op.threshold), col(stdCol));
  const lower = arith('-', col(meanCol), band);
  const upper = arith('+', col(meanCol), band);
  const outside: PExpr[] = [];
  if (op.direction !== '-') outside.push(cmp('>', x, upper));
  if (op.direction !== '+') outside.push(cmp('<', x, lower));
  // The slice that reaches past the end of the range is still filling: Sumo ignores it (outlier.md "Limitations").
  const complete = cmp('<=', arith('+', ctx.field(slice.field, op.pos), lit(slice.spanMs)), lit(ctx.to));
  const indicator = when(
    { k: 'and', args: [{ k: 'not', arg: { k: 'isnull', arg: col(stdCol) } }, complete, { k: 'or', args: outside }] },
    lit(1),
    lit(0),
  );
  const cols = { lower: ctx.newColumn(), upper: ctx.newColumn(), error: ctx.newColumn(), indicator: ctx.newColumn() };
  ctx.addStage({
    stage: 'extend',
    columns: [
      { col: cols.lower, expr: lower },
      { col: cols.upper, expr: upper },
      { col: cols.error, expr: arith('-', x, col(meanCol)) },
      { col: cols.indicator, expr: indicator },
    ],
    filter: null,
    note: 'outlier indicator',
  });
  const run = window('sum', col(cols.indicator), { start: op.consecutive - 1, end: 0 });
  const violation = ctx.newColumn();
  ctx.addStage({
    stage: 'extend',
    columns: [{ col: violation, expr: when(cmp('=', run, lit(op.consecutive)), lit(1), lit(0)) }],
    filter: null,
    note: `outlier violation after ${op.consecutive}`,
  });
  const name = (suffix: string) => `${op.field}_${suffix}`;
  ctx.setField(name('mean'), meanCol, 'number');
  ctx.setField(name('std'), stdCol, 'number');
  ctx.setField(name('lower'), cols.lower, 'number');
  ctx.setField(name('upper'), cols.upper, 'number');
  ctx.setField(name('error'), cols.error, 'number');
  ctx.setField(name('indicator'), cols.indicator, 'number');
  ctx.setField(name('violation'), violation, 'number');
  // A series reads in time order; the groups after that, so the order is complete.
  ctx.setOrder([...order, ...op.by.flatMap((f) => orderFor(ctx.field(f, op.pos), false)), ...ctx.order]);
}

/**
 * accum (running sum, accum.md) and backshift (the value `shift` rows earlier, backshift.md) in the rows'
 * present order, within each `by` group. Messages at the same time are told apart by their text, as dedup
 * does, so both databases number them alike.
 */
function planRunning(op: Extract<Operator, { op: 'accum' | 'backshift' }>, ctx: AnalyticsContext): void {
  const order: OrderKey[] = ctx.aggregated ? ctx.order : [...ctx.order, { expr: { k: 'col', col: 'raw', type: 'text' }, desc: false }];
  const c = ctx.newColumn();
  const partition = partitionOf(ctx, op.by, op.pos);
  const x = numberOf(ctx, op.field, op.pos);
  if (op.op === 'accum')
    ctx.addStage({
      stage: 'window',
      col: c,
      fn: 'sum',
      arg: x,
      partition,
      order,
      frame: { start: null, end: 0 },
      note: `accum ${op.field}`,
    });
  else ctx.addStage({ stage: 'window', col: c, fn: 'lag', arg: x, partition, order, offset: op.shift, note: `backshift ${op.field}` });
  ctx.setField(op.alias, c, 'number');
  ctx.setOrder(order);
}

/**
 * transactionize on messages: the transactions are found in JS over a pre-pass of the messages (transactionize.ts)
 * and joined back by the message key, so any operator, aggregates too, can follow.
 */
function planTransactionize(op: Extract<Operator, { op: 'transactionize' }>, ctx: AnalyticsContext): void {
  const stages = ctx.stages;
  if (ctx.aggregated)
    throw queryError(op.pos, 'transactionize works on messages, not on aggregate rows', 'transactionize before the first aggregate');
  // Each message must be one row: the transactions join back on the message key.
  const copies = stages.find((s) => s.stage === 'unnest' || (s.stage === 'scan' && s.shifts));
  if (copies)
    throw queryError(
      op.pos,
      `transactionize cannot be used with ${copies.stage === 'unnest' ? 'parse … multi' : 'compare'}`,
      'transactionize on messages',
    );
  const outputs = { group: ctx.newColumn(), duration: ctx.newColumn(), size: ctx.newColumn() };
  ctx.addStage({
    stage: 'transactions',
    index: stages.filter((s) => s.stage === 'transactions').length,
    time: ctx.field('_messagetime', op.pos),
    fields: op.fields.map((f) => asText(ctx.field(f, op.pos))),
    outputs,
    options: { maxSpanMs: op.maxSpanMs, maxPauseMs: op.maxPauseMs, maxLogs: op.maxLogs },
    keepOrphans: op.keepOrphans,
    note: `transactionize ${op.fields.join(', ')}`,
  });
  ctx.setField(op.alias, outputs.group, 'number');
  ctx.setField(`${op.alias}_duration`, outputs.duration, 'number');
  ctx.setField(`${op.alias}_size`, outputs.size, 'number');
}

/** The message metadata a join's tables share: not repeated per table in its output. */
const SHARED_FIELDS = new Set(['_raw', ...METADATA_COLUMNS.map((m) => m.field)]);

/**
 * join (join.md): each table is its sub-query over the messages so far; the output has a record per
 * combination that meets every `t1.a = t2.b` (compared as text), with the tables' fields as `t1_a`, `t2_b`.
 * How many records it makes is counted and held to the budget before the main query runs.
 */
function planJoin(op: Extract<Operator, { op: 'join' }>, ctx: AnalyticsContext): void {
  if (ctx.aggregated) throw queryError(op.pos, 'join works on messages, not on aggregate rows', 'join before the first aggregate');
  if (ctx.shiftCol !== null) throw queryError(op.pos, 'join cannot be used with compare', 'join or compare');
  const tables = op.tables.map((t) => {
    const b = ctx.branch(t.operators);
    if (b.post > 0) throw queryError(t.pos, 'a join table cannot use fillmissing or transpose', 'parse, where, json or aggregates');
    // Its pre-pass would be numbered among the main query's: not supported inside a table.
    if (b.stages.some((s) => s.stage === 'transactions'))
      throw queryError(t.pos, 'a join table cannot use transactionize', 'transactionize before the join');
    const own = b.fields.filter((f) => !SHARED_FIELDS.has(f.name));
    return { ...t, stages: b.stages, fields: own.map((f) => ({ ...f, out: ctx.newColumn() })) };
  });
  const index = (name: string) => tables.findIndex((t) => t.name === name);
  const on = op.on.map((o) => {
    const side = (s: { table: string; field: string }) => {
      const i = index(s.table);
      const f = tables[i].fields.find((x) => x.name === s.field);
      if (!f)
        throw queryError(o.pos, `table ${s.table} has no field '${s.field}'`, `one of ${tables[i].fields.map((x) => x.name).join(', ')}`);
      return { i, expr: asText({ k: 'col', col: `b${i}.${f.col}`, type: f.type }) };
    };
    const [l, r] = [side(o.left), side(o.right)];
    return { branch: Math.max(l.i, r.i), left: l.expr, right: r.expr };
  });
  const unjoined = tables.findIndex((_, i) => i > 0 && !on.some((o) => o.branch === i));
  if (unjoined > 0)
    throw queryError(
      tables[unjoined].pos,
      `table ${tables[unjoined].name} is not in a join condition with an earlier table`,
      `on ${tables[0].name}.a = ${tables[unjoined].name}.b`,
    );
  ctx.toRecords();
  ctx.addStage({
    stage: 'join',
    branches: tables.map((t) => ({ stages: t.stages, columns: t.fields.map((f) => ({ from: f.col, col: f.out })) })),
    on,
    note: `join ${tables.map((t) => t.name).join(', ')}`,
  });
  const fields = tables.flatMap((t) => t.fields.map((f) => ({ name: `${t.name}_${f.name}`, col: f.out, type: f.type, key: false })));
  ctx.replaceFields(fields);
  // No order of its own: the records sort by every field, so both databases give the same order.
  ctx.setOrder(fields.flatMap((f) => orderFor({ k: 'col', col: f.col, type: f.type }, false)));
}
