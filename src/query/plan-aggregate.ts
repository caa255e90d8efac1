import type { AggregateCall, Operator } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { asNumber, fn, typeOf } from './plan-expr.js';
import type { AggregateSpec, OrderKey, OutputField, PExpr, PostStage, SqlStage, ValueType } from './plan-types.js';

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
  /** Numeric results (0 in an added row); every other result is null there. */
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
  if (op.timesliceIn && !last.keys.includes(op.timesliceIn.field))
    throw queryError(op.timesliceIn.pos, `'${op.timesliceIn.field}' is not a group key`, last.keys.join(', ') || 'a group key');
  const sliceField = op.timesliceIn?.field ?? last.timeslice;
  if (wantsTimeslice && (span === null || !sliceField)) {
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
    timesliceField: wantsTimeslice ? (sliceField as string) : '',
    keyFields: last.keys,
    zeroFields: last.zero,
    values: op.values,
    defaults: Object.fromEntries(op.defaults.map((d) => [d.field, d.value])),
    takeLast: op.takeLast,
  };
}

/** What an aggregate stage makes: its SQL stage, the fields of its rows, their default order. */
export interface PlannedAggregate {
  stage: SqlStage;
  fields: Map<string, OutputField>;
  shape: AggregateShape;
  order: OrderKey[];
  /** compare: the hidden key of each row's window. */
  shiftCol: string | null;
}

/** An aggregate's stage over the rows so far: group keys, results and the default order of its rows. */
export function planAggregate(
  calls: AggregateCall[],
  by: { name: string; pos: Pos }[],
  ctx: Omit<AggregateContext, 'keyNames'> & { shiftCol: string | null; timesliceField: string | null },
): PlannedAggregate {
  const keys = by.map((b) => ({ name: b.name, col: ctx.newColumn(), expr: ctx.field(b.name, b.pos) }));
  const aggs = aggregateSpecs(calls, { ...ctx, keyNames: keys.map((k) => k.name) });
  // compare: every window is aggregated apart, by its shift as one more (hidden) key.
  const shift = ctx.shiftCol ? [{ col: ctx.newColumn(), expr: { k: 'col', col: ctx.shiftCol, type: 'number' } as PExpr }] : [];
  const keyType = (e: PExpr) => (typeOf(e) === 'null' ? 'text' : typeOf(e)) as ValueType;
  const fields = new Map<string, OutputField>();
  for (const k of keys) fields.set(k.name, { name: k.name, col: k.col, type: keyType(k.expr), key: true });
  for (const a of aggs) fields.set(a.name, { name: a.name, col: a.col, type: a.type, key: false });
  // Default order of aggregate rows: first aggregate descending, ties by the keys ascending.
  const first = aggs[0];
  return {
    stage: {
      stage: 'aggregate',
      keys: [...keys.map((k) => ({ col: k.col, expr: k.expr })), ...shift],
      aggs: aggs.map(({ name: _n, ...spec }) => spec),
      note: `${calls.map((c) => c.fn).join(', ')}${by.length ? ` by ${by.map((b) => b.name).join(', ')}` : ''}`,
    },
    fields,
    shape: {
      keys: keys.map((k) => k.name),
      // Sumo's fillmissing defaults: 0 for integer and double results (counts, sum, avg, pct…), null for text.
      zero: aggs.filter((a) => a.type === 'number').map((a) => a.name),
      results: aggs.map((a) => a.name),
      timeslice: keys.find((k) => k.name === ctx.timesliceField)?.name ?? null,
    },
    order: [
      ...(first ? orderFor({ k: 'col', col: first.col, type: first.type }, true) : []),
      ...keys.flatMap((k) => orderFor({ k: 'col', col: k.col, type: keyType(k.expr) }, false)),
    ],
    shiftCol: shift[0]?.col ?? null,
  };
}

/** transpose runs in JS over the rows; a fillmissing after it fills the row fields' combinations, every made column null (Sumo's rule). */
export function transposeStage(
  op: Extract<Operator, { op: 'transpose' }>,
  fields: Map<string, OutputField>,
  check: (name: string, pos: Pos) => unknown,
  last: AggregateShape | null,
): { stage: PostStage; shape: AggregateShape } {
  const known = new Set([...op.row, ...op.column]);
  for (const name of known) if (!fields.has(name)) check(name, op.pos);
  const valueFields = [...fields.keys()].filter((n) => !known.has(n));
  const timeslice = last?.timeslice ?? null;
  return {
    stage: { stage: 'transpose', row: op.row, column: op.column, valueFields, outputs: op.outputs, rest: op.rest },
    shape: { keys: op.row, zero: [], results: [], timeslice: timeslice && op.row.includes(timeslice) ? timeslice : null },
  };
}
