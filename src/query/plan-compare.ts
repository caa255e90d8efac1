import type { Comparison, Operator } from './ast.js';
import { queryError } from './errors.js';
import { orderFor } from './plan-aggregate.js';
import { fn } from './plan-expr.js';
import type { OrderKey, OutputField, PExpr, SqlStage } from './plan-types.js';

/**
 * compare (compare.md, time-compare.md) in one SQL query: the scan reads every window at once, each message
 * once per window it falls in with its time moved forward by the window's shift (so time slices line up), the
 * aggregates group by the window too, and a pivot puts each window's values beside the present ones. The extra
 * windows are parts of the same search, under its deadline and row budget; Sumo's cap of seven applies.
 */
export interface CompareContext {
  /** The column holding each row's window shift, while a compare is pending. */
  shiftCol: string | null;
  previous: Operator | null;
  fields: OutputField[];
  newColumn(): string;
  addStage(stage: SqlStage): void;
  /** The fields after the pivot; the windows are then columns, no longer rows. */
  replaceFields(fields: OutputField[]): void;
  setOrder(order: OrderKey[]): void;
}

/** The window shifts a query's compare needs (0 is the present), or null without one. */
export function compareShifts(operators: readonly Operator[]): number[] | null {
  const compares = operators.filter((o) => o.op === 'compare');
  if (compares.length > 1) throw queryError(compares[1].pos, 'compare can be used once in a query', 'one compare');
  const [compare] = compares;
  if (!compare) return null;
  // Between the first aggregate and compare only aggregates: a limit or filter there would cut across windows.
  const at = operators.indexOf(compare);
  const first = operators.findIndex((o) => o.op === 'aggregate' || o.op === 'top');
  const between = operators.slice(first < 0 ? at : first, at).find((o) => o.op !== 'aggregate');
  if (between)
    throw queryError(between.pos, `'${between.op}' cannot come between the aggregate and compare`, 'compare right after the aggregate');
  const shifts = new Set([0]);
  for (const c of compare.comparisons) for (let k = 1; k <= c.count; k++) shifts.add(k * c.span.ms);
  return [...shifts];
}

function names(value: string, c: Comparison): { name: string; shifts: number[] }[] {
  const shifts = Array.from({ length: c.count }, (_, i) => (i + 1) * c.span.ms);
  if (c.fn) return [{ name: `${value}_${c.alias ?? `${c.count * c.span.n}${c.span.unit}_${c.fn}`}`, shifts }];
  return shifts.map((shift, i) => ({
    name: c.alias ? `${value}_${c.alias}${c.count > 1 ? `_${i + 1}` : ''}` : `${value}_${(i + 1) * c.span.n}${c.span.unit}`,
    shifts: [shift],
  }));
}

export function planCompare(op: Extract<Operator, { op: 'compare' }>, ctx: CompareContext): void {
  if (ctx.previous?.op !== 'aggregate' || ctx.shiftCol === null)
    throw queryError(op.pos, 'compare must follow an aggregate', 'count by _timeslice | compare timeshift 1d');
  const keys = ctx.fields.filter((f) => f.key);
  const values = ctx.fields.filter((f) => !f.key);
  const columns: { col: string; fn: 'max' | 'avg' | 'min'; arg: PExpr; shifts: number[] }[] = [];
  const out: OutputField[] = [...keys];
  const add = (name: string, field: OutputField, combine: 'max' | 'avg' | 'min', shifts: number[], pos = op.pos) => {
    if (out.some((f) => f.name === name)) throw queryError(pos, `two results named '${name}'`, 'a different alias for the comparison');
    const col = ctx.newColumn();
    const value: PExpr = { k: 'col', col: field.col, type: field.type };
    // Combining windows needs numbers; one window's value is taken as it is.
    const arg = combine === 'max' && shifts.length === 1 ? value : fn('toNumber', [value], 'number');
    columns.push({ col, fn: combine, arg, shifts });
    out.push({ name, col, type: arg === value ? field.type : 'number', key: false });
  };
  for (const v of values) add(v.name, v, 'max', [0]);
  for (const c of op.comparisons) for (const v of values) for (const n of names(v.name, c)) add(n.name, v, c.fn ?? 'max', n.shifts, c.pos);
  ctx.addStage({ stage: 'pivot', shiftCol: ctx.shiftCol, keys: keys.map((k) => k.col), columns, note: 'compare' });
  ctx.replaceFields(out);
  // The aggregate's default order again: the first value descending, ties by the keys.
  const first = out.find((f) => !f.key);
  ctx.setOrder([
    ...(first ? orderFor({ k: 'col', col: first.col, type: first.type }, true) : []),
    ...keys.flatMap((k) => orderFor({ k: 'col', col: k.col, type: k.type }, false)),
  ]);
}
