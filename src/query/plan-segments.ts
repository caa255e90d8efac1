import type { Operator } from './ast.js';
import { type Pos, queryError } from './errors.js';
import { type AggregateShape, fillmissingStage, transposeStage } from './plan-aggregate.js';
import { fieldsAfterPost, requeryInput } from './plan-requery.js';
import { messageOutput } from './plan-scope.js';
import type { OrderKey, OutputField, PExpr, Plan, PlanOptions, PostStage, SqlStage, SubqueryPlan, ValueType } from './plan-types.js';

// A plan's SQL comes in segments: the first SQL, then one per requery (a post stage that sends the rows
// fillmissing or transpose made back to the database for the operators after them).

/** The operators that stay post stages after fillmissing or transpose: the others start a requery. */
const POST_OPERATORS: readonly Operator['op'][] = ['sort', 'limit', 'fields', 'fillmissing', 'transpose'];

/** What the post stages and requeries read and change of the planner (plan.ts): its SQL so far and the last aggregate. */
export interface SegmentContext {
  stages: SqlStage[];
  fields: Map<string, OutputField>;
  order: OrderKey[];
  aggregated: boolean;
  /** Set when the rows became records; until then every stage is a message stage. */
  messageStageCount: number;
  /** `cat`: the rows are a lookup table's. */
  catTable: boolean;
  autoFields: boolean;
  lastAggregate: AggregateShape | null;
  timesliceSpan: number | null;
  field(name: string, pos: Pos): PExpr;
  newColumn(): string;
  setLastAggregate(shape: AggregateShape): void;
  /** The operators from here on are planned over a requery's input. */
  restart(input: { stages: SqlStage[]; fields: OutputField[]; order: PExpr }): void;
}

export class Segments {
  private readonly post: PostStage[] = [];
  /** The first SQL, once an operator after fillmissing or transpose sends the rows back to the database. */
  private main: Plan | null = null;
  /** The requery being planned (its plan filled in when it ends) and where its own post stages begin. */
  private requery: Extract<PostStage, { stage: 'requery' }> | null = null;
  private segmentPost = 0;
  /** The rows have columns known only at run time (transpose), so sort and fields run on them in the process. */
  private dynamicFields = false;
  private dynamicType: ValueType | null = null;

  constructor(
    private readonly options: PlanOptions,
    private readonly subqueries: SubqueryPlan[],
    private readonly inBranch = false,
  ) {}

  /** A join table's: its own post stages, and no requery. */
  branch(): Segments {
    return new Segments(this.options, this.subqueries, true);
  }

  get postCount(): number {
    return this.post.length;
  }

  /** In a requery over transposed rows: the type of the columns only known at run time, read by name. */
  get rowType(): ValueType | null {
    return this.dynamicType;
  }

  /** An aggregate's rows have the columns it names. */
  aggregate(): void {
    this.dynamicFields = false;
    this.dynamicType = null;
  }

  /**
   * Plans the operator as a post stage (true), or leaves it to the planner (false), after starting a requery
   * when it must read the rows fillmissing or transpose made in SQL.
   */
  operator(op: Operator, ctx: SegmentContext): boolean {
    if (this.inPost() && !POST_OPERATORS.includes(op.op)) this.startRequery(op.pos, ctx);
    // Their pre-passes run before the first SQL, so they cannot read the rows fillmissing or transpose made.
    if (this.requery && (op.op === 'geo' || op.op === 'join' || op.op === 'compare')) {
      const what = op.op === 'geo' ? 'a geo lookup' : op.op;
      throw queryError(op.pos, `${what} after fillmissing or transpose is not supported`, 'where, expressions, parse, json or aggregates');
    }
    switch (op.op) {
      case 'fields':
        if (!this.inPost() && !this.dynamicFields) return false;
        this.post.push({ stage: 'fields', remove: op.remove, names: op.names });
        return true;
      case 'sort':
        if (!this.inPost() && !this.dynamicFields) return false;
        this.post.push({ stage: 'sort', keys: op.keys.map((k) => ({ field: k.field, desc: k.desc })) });
        return true;
      case 'limit':
        if (!this.inPost()) return false;
        this.post.push({ stage: 'limit', n: op.n });
        return true;
      case 'fillmissing':
        if (!ctx.aggregated || !ctx.lastAggregate)
          throw queryError(op.pos, 'fillmissing needs aggregate rows', 'an aggregate before fillmissing');
        this.post.push(fillmissingStage(op, ctx.lastAggregate, ctx.timesliceSpan));
        return true;
      case 'transpose': {
        if (!ctx.aggregated) throw queryError(op.pos, 'transpose needs aggregate rows', 'an aggregate before transpose');
        const known = this.dynamicFields ? null : ctx.fields;
        const t = transposeStage(op, known ?? ctx.fields, (name, pos) => (known ? ctx.field(name, pos) : null), ctx.lastAggregate);
        this.post.push(t.stage);
        this.dynamicFields = true;
        ctx.setLastAggregate(t.shape);
        return true;
      }
      default:
        return false;
    }
  }

  /** The query's plan, once its last operator is planned: the first SQL with every post stage. */
  plan(ctx: SegmentContext): Plan {
    this.end(ctx);
    return { ...(this.main as Plan), post: this.post };
  }

  private inPost(): boolean {
    return this.post.length > this.segmentPost;
  }

  /**
   * An operator after fillmissing or transpose (other than sort, limit, fields and those two): the rows they
   * made go back to the database as a parameter table, and the operators from here on are planned over them.
   */
  private startRequery(pos: Pos, ctx: SegmentContext): void {
    if (this.inBranch) throw queryError(pos, 'a join table cannot use fillmissing or transpose', 'parse, where, json or aggregates');
    const after = fieldsAfterPost([...ctx.fields.values()], this.post.slice(this.segmentPost));
    this.end(ctx);
    const input = requeryInput(after.fields, ctx.newColumn);
    const index = this.post.filter((s) => s.stage === 'requery').length;
    this.requery = { stage: 'requery', index, plan: { ...(this.main as Plan) }, passthrough: after.dynamic };
    this.post.push(this.requery);
    this.segmentPost = this.post.length;
    this.dynamicFields = after.dynamic;
    this.dynamicType = after.dynamic ? after.valueType : null;
    ctx.restart(input);
  }

  /** The SQL planned since the query's start or the last requery, without the post stages. */
  private end(ctx: SegmentContext): void {
    const output = [...ctx.fields.values()];
    const records = ctx.aggregated || ctx.catTable;
    const segment: Plan = {
      kind: records ? 'records' : 'messages',
      stages: ctx.stages,
      messageStageCount: ctx.aggregated ? ctx.messageStageCount : ctx.stages.length,
      output: records ? output : messageOutput(output),
      order: ctx.order,
      limit: this.options.maxRows,
      autoFields: ctx.autoFields && !ctx.aggregated,
      post: [],
      // Every segment reads the one list (a requery's where may use a subquery too); their counts run once.
      subqueries: this.subqueries,
      from: this.options.from,
      to: this.options.to,
      timeZone: this.options.timeZone,
    };
    if (!this.requery) {
      this.main = segment;
      return;
    }
    // Over transposed rows the columns are known when they exist: each row is kept and the new fields added to it.
    this.requery.passthrough = this.dynamicFields;
    if (this.dynamicFields) segment.output.push({ name: '__row', col: 'row_n', type: 'number', key: false });
    Object.assign(this.requery.plan, segment);
  }
}
