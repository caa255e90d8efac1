import { METADATA_COLUMNS } from '../model/message.js';
import type { AggregateCall, Operator, Query, Subquery } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { planTableScan, tableColumn, tableField } from './lookup-table.js';
import { type AggregateShape, orderFor, planAggregate } from './plan-aggregate.js';
import { type AnalyticsContext, planAnalytics } from './plan-analytics.js';
import { compareShifts } from './plan-compare.js';
import { asBool, asText, type ExprContext, fn, lit, resolveExpr, typeOf } from './plan-expr.js';
import { type ExtractContext, planJson, planParse, planParseRegex, planSplit } from './plan-extract.js';
import { type JsonAuto, jsonAutoField, planJsonAuto } from './plan-json-auto.js';
import { planKeyvalue } from './plan-keyvalue.js';
import { planLookup } from './plan-lookup.js';
import { keepFields, rowField } from './plan-requery.js';
import { scanStage } from './plan-scope.js';
import { type SegmentContext, Segments } from './plan-segments.js';
import { planDedup, planTimeslice, planTotal, type ShapeContext } from './plan-shape.js';
import { type PlannedSubquery, planSubquery, whereMatch } from './plan-subquery.js';
import { planTop, planTopk } from './plan-top.js';
import type { OrderKey, OutputField, PExpr, Plan, PlanOptions, SqlStage, SubqueryPlan, ValueType } from './plan-types.js';

/** Turns the AST into stages over resolved, typed columns. Pure: the same query and options give the same plan. */
export function plan(query: Query, options: PlanOptions): Plan {
  return new Planner(options).run(query);
}

class Planner {
  private fields = new Map<string, OutputField>();
  private stages: SqlStage[] = [];
  private segments: Segments;
  private order: OrderKey[] = [{ expr: { k: 'col', col: 'messagetime', type: 'number' }, desc: true }];
  private aggregated = false;
  private messageStageCount = 0;
  private jsonAuto: JsonAuto | null = null;
  private autoFields = false;
  private nextCol = 1;
  private geoCount = 0;
  private lastAggregate: AggregateShape | null = null;
  private timesliceSpan: number | null = null;
  private timesliceField: string | null = null;
  /** compare: the column of each row's window shift, until the compare pivots the windows into columns. */
  private shiftCol: string | null = null;
  private previous: Operator | null = null;
  /** What the nodrop parses right before the next parse matched (plan-extract.ts). */
  private nodropRun: PExpr[] = [];
  /** The JSON of each `lookup *` row (and of `cat`'s rows): fields no operator made are read from them. */
  private tableRows: PExpr[] = [];
  /** `cat`: the rows are a lookup table's, with no message fields. */
  private catTable = false;

  constructor(
    private readonly options: PlanOptions,
    /** Every subquery of the query, nested ones included: one list, so their indexes are the query's. */
    private readonly subqueries: SubqueryPlan[] = [],
  ) {
    this.segments = new Segments(options, subqueries);
    for (const m of METADATA_COLUMNS) {
      if (m.field === '_index') continue;
      this.fields.set(m.field, { name: m.field, col: m.column, type: m.type === 'text' ? 'text' : 'number', key: false });
    }
  }

  run(query: Query): Plan {
    const shifts = compareShifts(query.operators);
    if (shifts) {
      this.shiftCol = 'qshift';
      this.fields.set('_messagetime', { name: '_messagetime', col: 'qtime', type: 'number', key: false });
    }
    if (query.table) this.catRows(query.table);
    else this.stages.push(scanStage(query.scope, this.options, shifts, (sub) => this.subquery(sub)));
    if (this.options.autoParse) this.jsonAutoOn({ src: this.fieldExpr('_raw', query.scope.pos), maxDepth: null });
    for (const op of query.operators) {
      this.operator(op);
      this.previous = op;
    }
    return this.segments.plan(this.segmentContext());
  }

  private catRows(table: NonNullable<Query['table']>): void {
    this.catTable = true;
    this.fields = new Map();
    this.tableRows.push(planTableScan(table, this.extractContext()));
    this.order = [{ expr: { k: 'col', col: 'qkey', type: 'text' }, desc: false }];
  }

  private col(): string {
    return `q${this.nextCol++}`;
  }

  private ctx(): ExprContext {
    const field = (name: string, pos: Pos) => this.fieldExpr(name, pos);
    const subquery = (sub: Subquery) => whereMatch(sub, this.subquery(sub), field);
    return { field, now: this.options.now, timeZone: this.options.timeZone, subquery };
  }

  private subquery(sub: Subquery): PlannedSubquery {
    return planSubquery(sub, this.options, this.subqueries, (range) => {
      const child = new Planner({ ...this.options, ...range }, this.subqueries);
      return { plan: child.run(sub.query), field: (name, pos) => child.fieldExpr(name, pos) };
    });
  }

  private fieldExpr(name: string, pos: Pos): PExpr {
    const f = this.fields.get(name);
    if (f) return { k: 'col', col: f.col, type: f.type };
    // A transposed column the query names: null in the rows that do not have it.
    const rowType = this.segments.rowType;
    if (rowType) return rowField(name, rowType);
    if (this.aggregated) {
      const known = [...this.fields.keys()].join(', ');
      throw queryError(pos, `field '${name}' does not exist after the aggregate`, `one of ${known}`);
    }
    const auto = this.jsonAuto && jsonAutoField(this.jsonAuto, name, this.options.useExtractedColumns);
    if (auto) return auto;
    // A name no operator created: a custom field of the source (null when the message has none).
    const custom = this.catTable ? lit(null) : fn('jsonTextCI', [{ k: 'col', col: 'fields', type: 'text' }, lit(name)], 'text');
    return this.tableRows.length > 0 ? tableField(this.tableRows, name, custom) : custom;
  }

  private jsonAutoOn(auto: JsonAuto | null): void {
    if (!auto) return;
    this.jsonAuto = auto;
    if (auto.src.k === 'col' && auto.src.col === 'raw') this.autoFields = true;
  }

  private setField(name: string, col: string, type: ValueType, key = false): void {
    this.fields.delete(name);
    this.fields.set(name, { name, col, type, key });
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
      earlier: (name) => {
        const f = this.fields.get(name);
        return f ? { k: 'col', col: f.col, type: f.type } : null;
      },
      nodropRun: this.nodropRun,
    };
  }

  /** What outlier, accum, backshift, transactionize and compare read and change (plan-analytics.ts). */
  private analyticsContext(): AnalyticsContext {
    const slice = this.lastAggregate?.timeslice;
    return {
      ...this.extractContext(),
      field: (name, pos) => this.fieldExpr(name, pos),
      order: this.order,
      setOrder: (order) => {
        this.order = order;
      },
      aggregated: this.aggregated,
      timeslice: slice && this.timesliceSpan !== null ? { field: slice, spanMs: this.timesliceSpan } : null,
      to: this.options.to,
      stages: this.stages,
      shiftCol: this.shiftCol,
      previous: this.previous,
      fields: [...this.fields.values()],
      replaceFields: (fields) => {
        this.fields = new Map(fields.map((f) => [f.name, f]));
        this.shiftCol = null;
      },
      branch: (operators) => this.branch(operators),
      toRecords: () => {
        if (!this.aggregated) this.messageStageCount = this.stages.length;
        this.aggregated = true;
        this.jsonAuto = null;
      },
    };
  }

  /** A join's table: its operators planned from the rows so far, then the planner as it was before. */
  private branch(operators: Operator[]): { stages: SqlStage[]; fields: OutputField[]; post: number } {
    const keys = ['fields', 'stages', 'segments', 'order', 'aggregated', 'jsonAuto', 'lastAggregate', 'previous'] as const;
    const saved = Object.fromEntries(keys.map((k) => [k, this[k]]));
    const [timesliceSpan, timesliceField] = [this.timesliceSpan, this.timesliceField];
    this.stages = [];
    this.segments = this.segments.branch();
    this.fields = new Map(this.fields);
    try {
      for (const op of operators) {
        this.operator(op);
        this.previous = op;
      }
      return { stages: this.stages, fields: [...this.fields.values()], post: this.segments.postCount };
    } finally {
      // A table's nodrop parses say nothing of the parses after the join.
      this.nodropRun.splice(0);
      Object.assign(this, saved);
      [this.timesliceSpan, this.timesliceField] = [timesliceSpan, timesliceField];
    }
  }

  private operator(op: Operator): void {
    if (op.op !== 'parse' && op.op !== 'parseRegex') this.nodropRun.splice(0);
    // fillmissing and transpose, and sort, limit and fields after them, are post stages (plan-segments.ts).
    if (this.segments.operator(op, this.segmentContext())) return;
    switch (op.op) {
      case 'json':
        planJson(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'jsonAuto':
        this.requireRows(op.pos, 'json auto');
        this.jsonAutoOn(planJsonAuto(op, this.textField(op.field, op.pos), this.extractContext()));
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
      case 'keyvalue':
        planKeyvalue(op, this.textField(op.field, op.pos), this.extractContext());
        return;
      case 'fields': {
        const table = this.tableRows.length > 0 ? (n: string) => tableColumn(n, this.fieldExpr(n, op.pos), this.extractContext()) : null;
        this.fields = keepFields(this.fields, op.names, op.remove, table);
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
        this.timesliceSpan = planTimeslice(op, this.shapeContext());
        this.timesliceField = op.name;
        return;
      case 'total':
        planTotal(op, this.shapeContext());
        return;
      case 'dedup':
        planDedup(op, this.shapeContext());
        return;
      case 'outlier':
      case 'accum':
      case 'backshift':
      case 'transactionize':
      case 'compare':
      case 'join':
        planAnalytics(op, this.analyticsContext());
        return;
      case 'aggregate':
        this.aggregate(op.aggs, op.by);
        return;
      case 'sort':
        // A stable sort: rows equal on the sort keys keep their previous order (for aggregates, the default one).
        this.order = [...op.keys.flatMap((k) => orderFor(this.fieldExpr(k.field, k.pos), k.desc)), ...this.order];
        return;
      case 'limit':
        this.stages.push({ stage: 'limit', n: op.n, order: this.order, note: `limit ${op.n}` });
        return;
      case 'top': {
        const { order, fields } = planTop(op, this.shapeContext());
        this.order = order;
        this.fields = fields;
        return;
      }
      case 'topk':
        this.order = planTopk(op, this.shapeContext());
        return;
      case 'geo':
      case 'table':
      case 'threat':
        planLookup(op, {
          ...this.extractContext(),
          field: (name, pos) => this.fieldExpr(name, pos),
          known: (name) => this.fields.has(name),
          now: this.options.now,
          nextGeoIndex: () => this.geoCount++,
          addTableRow: (row) => this.tableRows.push(row),
        });
        return;
    }
  }

  private aggregate(calls: AggregateCall[], by: { name: string; pos: Pos }[]): void {
    const a = planAggregate(calls, by, {
      field: (name, pos) => this.fieldExpr(name, pos),
      newColumn: () => this.col(),
      hasMessageTime: this.fields.has('_messagetime'),
      shiftCol: this.shiftCol,
      timesliceField: this.timesliceField,
    });
    if (!this.aggregated) this.messageStageCount = this.stages.length;
    this.stages.push(a.stage);
    this.shiftCol = a.shiftCol;
    this.fields = a.fields;
    this.aggregated = true;
    this.jsonAuto = null;
    this.segments.aggregate();
    this.lastAggregate = a.shape;
    this.order = a.order;
  }

  private shapeContext(): ShapeContext {
    const planner = this;
    return {
      aggregated: this.aggregated,
      from: this.options.from,
      to: this.options.to,
      timeZone: this.options.timeZone,
      field: (name, pos) => this.fieldExpr(name, pos),
      get fields() {
        return planner.fields;
      },
      get order() {
        return planner.order;
      },
      newColumn: () => this.col(),
      addStage: (stage) => this.stages.push(stage),
      setField: (name, col) => this.setField(name, col, 'number'),
      aggregate: (calls, by) => this.aggregate(calls, by),
    };
  }

  /** What the post stages and requeries read and change (plan-segments.ts). */
  private segmentContext(): SegmentContext {
    return {
      stages: this.stages,
      fields: this.fields,
      order: this.order,
      aggregated: this.aggregated,
      messageStageCount: this.messageStageCount,
      catTable: this.catTable,
      autoFields: this.autoFields,
      lastAggregate: this.lastAggregate,
      timesliceSpan: this.timesliceSpan,
      field: (name, pos) => this.fieldExpr(name, pos),
      newColumn: () => this.col(),
      setLastAggregate: (shape) => {
        this.lastAggregate = shape;
      },
      restart: (input) => {
        this.stages = input.stages;
        this.fields = new Map(input.fields.map((f) => [f.name, f]));
        this.order = [{ expr: input.order, desc: false }];
        // The table rows' columns were the first SQL's: the requery's rows hold their values as fields.
        this.tableRows = [];
      },
    };
  }
}
