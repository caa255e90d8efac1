import { EXTRACTED_FIELDS, MAIN_INDEX, METADATA_COLUMNS } from '../model/message.js';
import type { AggregateCall, Operator, Query } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { splitJsonPath } from './json-path.js';
import { planTableLookup } from './lookup-table.js';
import { type AggregateShape, aggregateSpecs, fillmissingStage, orderFor } from './plan-aggregate.js';
import { allOf, asBool, asNumber, asText, type ExprContext, fn, lit, resolveExpr, typeOf } from './plan-expr.js';
import { type ExtractContext, jsonRead, planJson, planParse, planParseRegex, planSplit } from './plan-extract.js';
import { defaultScope, scopeFilter, scopeIndex } from './plan-scope.js';
import type { OrderKey, OutputField, PExpr, Plan, PostStage, SqlStage, ValueType } from './plan-types.js';
import { planThreatLookup } from './threat.js';

export interface PlanOptions {
  from: number;
  to: number;
  timeZone: string;
  now: number;
  /** Read a typed column for `json "<key>"` when the store has one (false: always parse `_raw`; same answers). */
  useExtractedColumns: boolean;
  /** AutoParse mode: `json auto` before the first operator. */
  autoParse: boolean;
  byReceiptTime: boolean;
  /** Most rows a query returns (messages or records). */
  maxRows: number;
  /** Partitions a scope without `_index` leaves out (Sumo's default scope). */
  excludedPartitions: readonly string[];
}

const BUCKET_ORIGIN = Date.UTC(2000, 0, 3);

/** Turns the AST into stages over resolved, typed columns. Pure: the same query and options give the same plan. */
export function plan(query: Query, options: PlanOptions): Plan {
  return new Planner(options).run(query);
}

class Planner {
  private fields = new Map<string, OutputField>();
  private stages: SqlStage[] = [];
  private post: PostStage[] = [];
  private order: OrderKey[] = [{ expr: { k: 'col', col: 'messagetime', type: 'number' }, desc: true }];
  private aggregated = false;
  private messageStageCount = 0;
  private jsonAuto: PExpr | null = null;
  private jsonAutoDepth: number | null = null;
  private autoFields = false;
  private nextCol = 1;
  private geoCount = 0;
  private lastAggregate: AggregateShape | null = null;
  private timesliceSpan: number | null = null;
  private timesliceField: string | null = null;
  private dynamicFields = false;

  constructor(private readonly options: PlanOptions) {
    for (const m of METADATA_COLUMNS) {
      if (m.field === '_index') continue;
      this.fields.set(m.field, { name: m.field, col: m.column, type: m.type === 'text' ? 'text' : 'number', key: false });
    }
  }

  run(query: Query): Plan {
    const { index, rest, partition: named } = scopeIndex(query.scope);
    const partition = named ?? (index === MAIN_INDEX ? defaultScope(this.options.excludedPartitions) : null);
    const filter = scopeFilter(rest);
    this.stages.push({
      stage: 'scan',
      index,
      timeColumn: this.options.byReceiptTime ? 'receipttime' : 'messagetime',
      from: this.options.from,
      to: this.options.to,
      filter: partition === null ? filter : filter === null ? partition : allOf([partition, filter]),
    });
    if (this.options.autoParse) this.jsonAutoOn(this.fieldExpr('_raw', query.scope.pos));
    for (const op of query.operators) this.operator(op);
    if (!this.aggregated) this.messageStageCount = this.stages.length;
    const output = [...this.fields.values()];
    return {
      kind: this.aggregated ? 'records' : 'messages',
      stages: this.stages,
      messageStageCount: this.messageStageCount,
      output: this.aggregated ? output : this.messageOutput(output),
      order: this.order,
      limit: this.options.maxRows,
      autoFields: this.autoFields && !this.aggregated,
      post: this.post,
      from: this.options.from,
      to: this.options.to,
      timeZone: this.options.timeZone,
    };
  }

  private messageOutput(fields: OutputField[]): OutputField[] {
    const base: OutputField[] = [
      { name: '_raw', col: 'raw', type: 'text', key: false },
      { name: '_messagetime', col: 'messagetime', type: 'number', key: false },
    ];
    return [...base, ...fields.filter((f) => f.name !== '_raw' && f.name !== '_messagetime')];
  }

  private col(): string {
    return `q${this.nextCol++}`;
  }

  private ctx(): ExprContext {
    return { field: (name, pos) => this.fieldExpr(name, pos), now: this.options.now, timeZone: this.options.timeZone };
  }

  private fieldExpr(name: string, pos: Pos): PExpr {
    const f = this.fields.get(name);
    if (f) return { k: 'col', col: f.col, type: f.type };
    if (this.aggregated) {
      const known = [...this.fields.keys()].join(', ');
      throw queryError(pos, `field '${name}' does not exist after the aggregate`, `one of ${known}`);
    }
    if (this.jsonAuto && this.withinAutoDepth(name)) return this.jsonAutoField(name);
    // A name no operator created: a custom field of the source (null when the message has none).
    return fn('jsonTextCI', [{ k: 'col', col: 'fields', type: 'text' }, lit(name)], 'text');
  }

  private withinAutoDepth(name: string): boolean {
    if (this.jsonAutoDepth === null) return true;
    const keys = (splitJsonPath(name) ?? []).filter((s) => 'key' in s).length;
    return keys <= this.jsonAutoDepth;
  }

  private jsonAutoOn(src: PExpr, maxDepth: number | null = null): void {
    this.jsonAuto = src;
    this.jsonAutoDepth = maxDepth;
    if (src.k === 'col' && src.col === 'raw') this.autoFields = true;
  }

  private jsonAutoField(name: string): PExpr {
    const src = this.jsonAuto as PExpr;
    const extracted = EXTRACTED_FIELDS.find((f) => f.key.toLowerCase() === name);
    if (extracted && src.k === 'col' && src.col === 'raw' && this.options.useExtractedColumns)
      return { k: 'col', col: extracted.column, type: 'text' };
    // `foo.bar`, `users[2].address.street`: json auto's names for nested keys and array items.
    const segments = /[.[]/.test(name) ? splitJsonPath(name) : null;
    if (segments) return jsonRead(src, segments);
    return fn('jsonTextCI', [src, lit(name)], 'text');
  }

  private setField(name: string, col: string, type: ValueType, key = false): void {
    this.fields.delete(name);
    this.fields.set(name, { name, col, type, key });
  }

  private requirePostFree(pos: Pos, what: string): void {
    if (this.post.length > 0)
      throw queryError(pos, `${what} cannot follow fillmissing or transpose`, 'sort, limit, fields, fillmissing or transpose');
  }

  private requireRows(pos: Pos, what: string): void {
    if (this.aggregated)
      throw queryError(pos, `${what} works on messages, not on aggregate rows`, 'an operator before the first aggregate');
  }

  private textField(name: string, pos: Pos): PExpr {
    return asText(this.fieldExpr(name, pos));
  }

  private extractContext(): ExtractContext {
    return {
      newColumn: () => this.col(),
      addStage: (stage) => this.stages.push(stage),
      setField: (name, col, type) => this.setField(name, col, type),
      useExtractedColumns: this.options.useExtractedColumns,
    };
  }

  private operator(op: Operator): void {
    if (this.post.length > 0 && !['sort', 'limit', 'fields', 'fillmissing', 'transpose'].includes(op.op)) {
      this.requirePostFree(op.pos, `'${op.op}'`);
    }
    switch (op.op) {
      case 'json':
        planJson(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'jsonAuto':
        this.requireRows(op.pos, 'json auto');
        this.planJsonAuto(op);
        return;
      case 'parse':
        planParse(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'parseRegex':
        planParseRegex(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'split':
        planSplit(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'fields': {
        if (this.post.length > 0 || this.dynamicFields) {
          this.post.push({ stage: 'fields', remove: op.remove, names: op.names });
          return;
        }
        if (op.remove) for (const n of op.names) this.fields.delete(n);
        else {
          const kept = new Map<string, OutputField>();
          for (const n of op.names) {
            const f = this.fields.get(n);
            if (f) kept.set(n, f);
          }
          this.fields = kept;
        }
        return;
      }
      case 'where': {
        const cond = asBool(resolveExpr(op.expr, this.ctx()), op.expr.pos, 'where');
        if (!(cond.k === 'lit' && cond.value === true)) this.stages.push({ stage: 'filter', cond, note: 'where' });
        return;
      }
      case 'eval': {
        const expr = resolveExpr(op.expr, this.ctx());
        const t = typeOf(expr);
        const col = this.col();
        this.stages.push({ stage: 'extend', columns: [{ col, expr }], filter: null, note: `as ${op.name}` });
        this.setField(op.name, col, t === 'null' ? 'text' : t);
        return;
      }
      case 'timeslice':
        this.timeslice(op);
        return;
      case 'total':
        this.total(op);
        return;
      case 'dedup':
        this.dedup(op);
        return;
      case 'aggregate':
        this.aggregate(op.aggs, op.by);
        return;
      case 'sort': {
        if (this.post.length > 0 || this.dynamicFields) {
          this.post.push({ stage: 'sort', keys: op.keys.map((k) => ({ field: k.field, desc: k.desc })) });
          return;
        }
        // A stable sort: rows equal on the sort keys keep their previous order (for aggregates, the default one).
        this.order = [...op.keys.flatMap((k) => orderFor(this.fieldExpr(k.field, k.pos), k.desc)), ...this.order];
        return;
      }
      case 'limit':
        if (this.post.length > 0) {
          this.post.push({ stage: 'limit', n: op.n });
          return;
        }
        this.stages.push({ stage: 'limit', n: op.n, order: this.order, note: `limit ${op.n}` });
        return;
      case 'top':
        this.top(op);
        return;
      case 'fillmissing':
        this.fillmissing(op);
        return;
      case 'transpose': {
        if (!this.aggregated) throw queryError(op.pos, 'transpose needs aggregate rows', 'an aggregate before transpose');
        const known = new Set([...op.row, ...op.column]);
        for (const name of known) if (!this.dynamicFields && !this.fields.has(name)) this.fieldExpr(name, op.pos);
        const valueFields = [...this.fields.keys()].filter((n) => !known.has(n));
        this.post.push({ stage: 'transpose', row: op.row, column: op.column, valueFields });
        this.dynamicFields = true;
        return;
      }
      case 'geo': {
        const ip = this.textField(op.field, op.pos);
        const outputs = op.outputs.map((o) => ({ col: this.col(), field: o.field, name: o.name }));
        this.stages.push({ stage: 'geo', geoIndex: this.geoCount++, ip, outputs, note: `geo lookup on ${op.field}` });
        for (const o of outputs) this.setField(o.name, o.col, o.field === 'latitude' || o.field === 'longitude' ? 'number' : 'text');
        return;
      }
      case 'table':
        planTableLookup(op, (name, pos) => this.fieldExpr(name, pos), this.extractContext());
        return;
      case 'threat':
        planThreatLookup(op, this.textField(op.field, op.pos), this.options.now, this.extractContext());
        return;
    }
  }

  private timeslice(op: Extract<Operator, { op: 'timeslice' }>): void {
    this.requireRows(op.pos, 'timeslice');
    const range = Math.max(1, this.options.to - this.options.from);
    const span = op.spanMs ?? Math.max(1000, Math.ceil(range / (op.buckets as number) / 1000) * 1000);
    const col = this.col();
    const time = this.fieldExpr('_messagetime', op.pos);
    // In UTC a bucket start is plain arithmetic (much cheaper than a time-zone-aware bucket), aligned like
    // the databases' time_bucket: on 2000-01-03 (a Monday), so days start at midnight and weeks on Mondays.
    const expr: PExpr =
      this.options.timeZone === 'UTC'
        ? {
            k: 'arith',
            op: '-',
            left: time,
            right: { k: 'arith', op: '%', left: { k: 'arith', op: '-', left: time, right: lit(BUCKET_ORIGIN) }, right: lit(span) },
          }
        : fn('timeBucket', [time, lit(span), lit(this.options.timeZone)], 'number');
    this.stages.push({ stage: 'extend', columns: [{ col, expr }], filter: null, note: `timeslice ${span} ms` });
    this.setField(op.name, col, 'number');
    this.timesliceSpan = span;
    this.timesliceField = op.name;
  }

  private aggregate(calls: AggregateCall[], by: { name: string; pos: Pos }[]): void {
    const keys = by.map((b) => ({ name: b.name, col: this.col(), expr: this.fieldExpr(b.name, b.pos) }));
    const aggs = aggregateSpecs(calls, {
      field: (name, pos) => this.fieldExpr(name, pos),
      newColumn: () => this.col(),
      hasMessageTime: this.fields.has('_messagetime'),
      keyNames: keys.map((k) => k.name),
    });
    if (!this.aggregated) this.messageStageCount = this.stages.length;
    this.stages.push({
      stage: 'aggregate',
      keys: keys.map((k) => ({ col: k.col, expr: k.expr })),
      aggs: aggs.map(({ name: _n, ...spec }) => spec),
      note: `${calls.map((c) => c.fn).join(', ')}${by.length ? ` by ${by.map((b) => b.name).join(', ')}` : ''}`,
    });
    const timesliceKey = keys.find((k) => k.name === this.timesliceField)?.name ?? null;
    this.fields = new Map();
    for (const k of keys)
      this.fields.set(k.name, {
        name: k.name,
        col: k.col,
        type: (typeOf(k.expr) === 'null' ? 'text' : typeOf(k.expr)) as ValueType,
        key: true,
      });
    for (const a of aggs) this.fields.set(a.name, { name: a.name, col: a.col, type: a.type, key: false });
    this.aggregated = true;
    this.jsonAuto = null;
    this.lastAggregate = {
      keys: keys.map((k) => k.name),
      zero: aggs.filter((a) => a.fn === 'count' || a.fn === 'countField' || a.fn === 'count_distinct').map((a) => a.name),
      timeslice: timesliceKey,
    };
    // Default order of aggregate rows: first aggregate descending, ties by the keys ascending.
    const first = aggs[0];
    this.order = [
      ...(first ? orderFor({ k: 'col', col: first.col, type: first.type }, true) : []),
      ...keys.flatMap((k) =>
        orderFor({ k: 'col', col: k.col, type: (typeOf(k.expr) === 'null' ? 'text' : typeOf(k.expr)) as ValueType }, false),
      ),
    ];
  }

  private total(op: Extract<Operator, { op: 'total' }>): void {
    const col = this.col();
    const arg = asNumber(this.fieldExpr(op.field, op.pos), op.pos, 'total');
    const partition = op.by.map((f) => this.fieldExpr(f, op.pos));
    this.stages.push({ stage: 'window', col, fn: 'sum', arg, partition, order: [], note: `total ${op.field}` });
    this.setField(op.alias, col, 'number');
  }

  private dedup(op: Extract<Operator, { op: 'dedup' }>): void {
    const col = this.col();
    const partition = op.by.map((f) => this.fieldExpr(f, op.pos));
    // Messages at the same time are told apart by their text, so both databases keep the same one.
    const order = this.aggregated ? this.order : [...this.order, { expr: { k: 'col', col: 'raw', type: 'text' } as PExpr, desc: false }];
    this.stages.push({ stage: 'window', col, fn: 'rowNumber', arg: null, partition, order, note: `dedup ${op.n}` });
    this.stages.push({
      stage: 'filter',
      cond: { k: 'cmp', op: '<=', left: { k: 'col', col, type: 'number' }, right: lit(op.n), mode: 'number' },
      note: `dedup ${op.n}`,
    });
  }

  private planJsonAuto(op: Extract<Operator, { op: 'jsonAuto' }>): void {
    const src = this.textField(op.field, op.pos);
    if (op.keys.length > 0) {
      const columns = op.keys.map((k) => ({ col: this.col(), expr: fn('jsonTextCI', [src, lit(k.key.toLowerCase())], 'text') }));
      this.stages.push({ stage: 'extend', columns, filter: null, note: 'json auto keys' });
      op.keys.forEach((k, i) => {
        this.setField(k.name, columns[i].col, 'text');
      });
    }
    if (!op.refOnly) this.jsonAutoOn(src, op.maxDepth);
  }

  private top(op: Extract<Operator, { op: 'top' }>): void {
    this.requirePostFree(op.pos, 'top');
    if (op.by && !('fn' in op.by)) {
      const byField = op.by.field;
      this.order = [
        ...orderFor(this.fieldExpr(byField, op.by.pos), true),
        ...op.fields.flatMap((f) => orderFor(this.fieldExpr(f, op.pos), false)),
      ];
      this.stages.push({ stage: 'limit', n: op.n, order: this.order, note: `top ${op.n}` });
      const kept = new Map<string, OutputField>();
      for (const name of [...op.fields, byField]) {
        const f = this.fields.get(name);
        if (f) kept.set(name, f);
      }
      this.fields = kept;
      return;
    }
    const call: AggregateCall = op.by ?? { fn: 'count', field: null, percentiles: [], alias: null, pos: op.pos };
    this.aggregate(
      [call],
      op.fields.map((name) => ({ name, pos: op.pos })),
    );
    this.stages.push({ stage: 'limit', n: op.n, order: this.order, note: `top ${op.n}` });
  }

  private fillmissing(op: Extract<Operator, { op: 'fillmissing' }>): void {
    if (!this.aggregated || !this.lastAggregate)
      throw queryError(op.pos, 'fillmissing needs aggregate rows', 'an aggregate before fillmissing');
    this.post.push(fillmissingStage(op, this.lastAggregate, this.timesliceSpan));
  }
}
