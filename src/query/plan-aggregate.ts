import type { AggregateCall, Operator } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { asNumber, fn, typeOf } from './plan-expr.js';
import type { AggregateSpec, OrderKey, PExpr, PostStage, ValueType } from './plan-types.js';

export interface AggregateContext {
  field(name: string, pos: Pos): PExpr;
  newColumn(): string;
  /** first/last order by message time, which an earlier aggregate removes. */
  hasMessageTime: boolean;
  /** Group keys of the same stage: a result may not take one of their names. */
  keyNames: readonly string[];
}

/** The result columns of one aggregate stage, named as Sumo Logic names them (`_count`, `_x_pct_95`, …). */
export function aggregateSpecs(calls: readonly AggregateCall[], ctx: AggregateContext): (AggregateSpec & { name: string })[] {
  const aggs: (AggregateSpec & { name: string })[] = [];
  for (const call of calls) {
    const arg = call.field === null ? null : ctx.field(call.field, call.pos);
    const add = (name: string, spec: Omit<AggregateSpec, 'col'>) => {
      if (aggs.some((a) => a.name === name) || ctx.keyNames.includes(name)) {
        throw queryError(call.pos, `two results named '${name}'`, "a different name with 'as'");
      }
      aggs.push({ ...spec, col: ctx.newColumn(), name });
    };
    const numeric = arg ? asNumber(arg, call.pos, call.fn) : null;
    switch (call.fn) {
      case 'count':
        add(call.alias ?? '_count', { fn: arg ? 'countField' : 'count', arg, type: 'number' });
        break;
      case 'count_frequent':
        add('_approxcount', { fn: 'count', arg: null, type: 'number' });
        break;
      case 'count_distinct':
        add(call.alias ?? '_count_distinct', { fn: 'count_distinct', arg, type: 'number' });
        break;
      case 'sum':
      case 'avg':
      case 'min':
      case 'max':
        add(call.alias ?? `_${call.fn}`, { fn: call.fn, arg: numeric, type: 'number' });
        break;
      case 'pct':
        for (const p of call.percentiles) {
          add(call.alias ?? `_${call.field}_pct_${String(p).replace('.', '_')}`, {
            fn: 'pct',
            arg: numeric,
            fraction: p / 100,
            type: 'number',
          });
        }
        break;
      case 'first':
      case 'last':
        if (!ctx.hasMessageTime)
          throw queryError(
            call.pos,
            `${call.fn} needs the message time, which an earlier aggregate removed`,
            'first/last before the first aggregate',
          );
        add(call.alias ?? `_${call.fn}`, { fn: call.fn, arg, type: arg ? (typeOf(arg) as ValueType) : 'text' });
        break;
    }
  }
  return aggs;
}

/** Numbers sort as numbers: text that reads as a number sorts by its value first. */
export function orderFor(expr: PExpr, desc: boolean): OrderKey[] {
  const t = typeOf(expr);
  if (t === 'text')
    return [
      { expr: fn('toNumber', [expr], 'number'), desc },
      { expr, desc },
    ];
  return [{ expr, desc }];
}

/** What fillmissing needs to know of the aggregate before it. */
export interface AggregateShape {
  keys: string[];
  /** Results that count (0 in an added row); every other result is null there. */
  zero: string[];
  /** Every result's name (the fields `with … for` may fill). */
  results: string[];
  timeslice: string | null;
}

/** fillmissing adds rows in JS after the SQL: one per missing time slice of the range and listed value. */
export function fillmissingStage(
  op: Extract<Operator, { op: 'fillmissing' }>,
  last: AggregateShape,
  timesliceSpan: number | null,
): PostStage {
  const span = op.spanMs ?? timesliceSpan;
  const wantsTimeslice = op.timeslice || op.values.length === 0;
  if (wantsTimeslice && (span === null || !last.timeslice)) {
    throw queryError(op.pos, 'fillmissing timeslice needs an aggregate by _timeslice', 'timeslice … | count by _timeslice');
  }
  for (const v of op.values)
    if (!last.keys.includes(v.field)) throw queryError(op.pos, `'${v.field}' is not a group key`, last.keys.join(', '));
  for (const d of op.defaults)
    if (!last.results.includes(d.field))
      throw queryError(d.pos, `'${d.field}' is not a result of the aggregate`, last.results.join(', ') || 'an aggregate result');
  if (op.takeLast && !wantsTimeslice)
    throw queryError(op.pos, 'takeLast needs the timeslice generator', 'fillmissing timeslice, … takeLast');
  return {
    stage: 'fillmissing',
    spanMs: wantsTimeslice ? (span as number) : 0,
    timesliceField: wantsTimeslice ? (last.timeslice as string) : '',
    keyFields: last.keys,
    zeroFields: last.zero,
    values: op.values,
    defaults: Object.fromEntries(op.defaults.map((d) => [d.field, d.value])),
    takeLast: op.takeLast,
  };
}
