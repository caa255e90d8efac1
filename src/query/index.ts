import { AppError } from '../core/errors.js';
import type { Operator, Query, ScopeExpr } from './ast.js';
import { DEFAULT_MAX_ROWS } from './budget.js';
import type { Dialect } from './dialect/dialect.js';
import { duckdbDialect } from './dialect/duckdb.js';
import { postgresDialect } from './dialect/postgres.js';
import type { Pos } from './errors.js';
import { lex, type Token } from './lexer.js';
import { type TableCheck, tableChecks } from './lookup-table.js';
import { parse } from './parser.js';
import { plan as makePlan } from './plan.js';
import { type Plan, type PostStage, TABLE_ROW_FIELD, type ValueType } from './plan-types.js';
import { type GeneratedSql, generateSql, type SqlText } from './sql.js';
import type { TransactionOptions } from './transactionize.js';
import { substituteVariables } from './variables.js';

export type { ScopeExpr } from './ast.js';
export type { Plan, PostStage, ValueType } from './plan-types.js';
export type { GeoParam, RowsParam, SqlText, TransactionParam } from './sql.js';

export interface CompileOptions {
  dialect: 'duckdb' | 'postgres';
  /** Search range, epoch ms: from inclusive, to exclusive. */
  from: number;
  to: number;
  /** IANA zone for timeslice alignment and formatDate (default UTC). */
  timeZone?: string;
  /** Values of `{{name}}` dashboard variables (the one substitution rule: ./variables.ts); unset ones become `*`. */
  variables?: Readonly<Record<string, string>>;
  /** AutoParse mode: every message's JSON keys are fields. */
  autoParse?: boolean;
  byReceiptTime?: boolean;
  /** `now()` (default: `to`). */
  now?: number;
  /** Most rows returned (default 10 000). */
  maxRows?: number;
  /** Read the store's extracted columns for `json "<key>"` (default true; false parses `_raw`, same answers). */
  useExtractedColumns?: boolean;
  /** Partitions (lower-case names) a scope without `_index` leaves out: isIncludedInDefaultSearch false. */
  excludedPartitions?: readonly string[];
}

export interface CompiledField {
  name: string;
  fieldType: 'string' | 'long' | 'double' | 'boolean';
  keyField: boolean;
}

export interface CompiledQuery extends SqlText {
  /** The query text compiled: the caller's with its variables substituted (what "Open in Search" shows). */
  text: string;
  kind: 'messages' | 'records';
  fields: CompiledField[];
  /** Output column `c<i>` holds field `columns[i]` (`__fields`: the custom fields JSON of a message). */
  columns: string[];
  /** Run first, one per geo lookup stage: distinct IPs whose locations fill that stage's parameter. */
  geo: SqlText[];
  /** `save [append] path://"…"`: the lookup table the results are written to, after they are read. */
  save: { path: string; append: boolean; pos: Pos } | null;
  /** Run first of all: each table lookup's table must exist with the keys and fields the query names. */
  tableChecks: TableCheck[];
  /** Run next, one per `parse … multi`: the rows it makes, refused over the budget before the main SQL runs. */
  expansions: (SqlText & { stage: 'parse multi' | 'join' })[];
  /** Per subquery: how many distinct rows it has, up to one more than it keeps (run first, for the warning). */
  subqueryCounts: (SqlText & { maxResults: number })[];
  /** Run after the geo lookups, one per transactionize: its messages, grouped in JS into that stage's parameter. */
  transactions: { sql: SqlText; options: TransactionOptions; fieldCount: number }[];
  histogram: SqlText;
  /** JS stages over the result rows (fillmissing, transpose, and what follows them). */
  postProcess: PostStage[];
  /** Per requery post stage, in order: its SQL over the rows so far (a RowsParam), output column `c<i>` field `columns[i]`. */
  requeries: (SqlText & { columns: string[]; expansions: (SqlText & { stage: string })[]; fields: CompiledField[] })[];
  /** Messages also get every key of their JSON as fields. */
  autoFields: boolean;
  plan: Plan;
}

const DIALECTS: Partial<Record<CompileOptions['dialect'], Dialect>> = { duckdb: duckdbDialect, postgres: postgresDialect };

export function registerDialect(dialect: Dialect): void {
  DIALECTS[dialect.name] = dialect;
}

function fieldType(t: ValueType, name: string): CompiledField['fieldType'] {
  if (t === 'bool') return 'boolean';
  if (t === 'number')
    return name === '_messagetime' ||
      name === '_receipttime' ||
      name === '_size' ||
      name.startsWith('_count') ||
      name === '_approxcount' ||
      name === '_timeslice'
      ? 'long'
      : 'double';
  return 'string';
}

interface Stages {
  text: string;
  tokens: Token[];
  ast: Query;
  plan: Plan;
  save: Extract<Operator, { op: 'save' }> | null;
  sql: GeneratedSql;
}

function stages(text: string, options: CompileOptions): Stages {
  const dialect = DIALECTS[options.dialect];
  if (!dialect)
    throw new AppError('searchQueryError', `the ${options.dialect} dialect is not available`, {
      details: { line: 1, column: 1, expected: 'duckdb' },
    });
  const source = substituteVariables(text, options.variables);
  const tokens = lex(source);
  const ast = parse(tokens);
  // `save` (always last) writes the results: the search runs what comes before it (search/save-lookup.ts).
  const last = ast.operators.at(-1);
  const save = last?.op === 'save' ? last : null;
  const plan = makePlan(save ? { ...ast, operators: ast.operators.slice(0, -1) } : ast, {
    from: options.from,
    to: options.to,
    timeZone: options.timeZone ?? 'UTC',
    now: options.now ?? options.to,
    useExtractedColumns: options.useExtractedColumns ?? true,
    autoParse: options.autoParse ?? false,
    byReceiptTime: options.byReceiptTime ?? false,
    maxRows: options.maxRows ?? DEFAULT_MAX_ROWS,
    excludedPartitions: options.excludedPartitions ?? [],
  });
  return { text: source, tokens, ast, plan, save, sql: generateSql(plan, dialect) };
}

/** The SQL of each requery post stage, in order: the operators after fillmissing or transpose, over their rows. */
function requeries(plan: Plan, options: CompileOptions): CompiledQuery['requeries'] {
  return plan.post.flatMap((p) => {
    if (p.stage !== 'requery') return [];
    const { sql, params, columns, expansions } = generateSql(p.plan, DIALECTS[options.dialect] as Dialect);
    const fields = p.plan.output.flatMap((f) =>
      f.name === TABLE_ROW_FIELD ? [] : [{ name: f.name, fieldType: fieldType(f.type, f.name), keyField: f.key }],
    );
    return [{ sql, params, columns, expansions, fields }];
  });
}

/** Query text → SQL with bound parameters. Errors are AppError `searchQueryError` with line and column. */
export function compileQuery(text: string, options: CompileOptions): CompiledQuery {
  const s = stages(text, options);
  return {
    text: s.text,
    sql: s.sql.sql,
    params: s.sql.params,
    kind: s.plan.kind,
    fields: s.plan.output.flatMap((f) =>
      f.name === TABLE_ROW_FIELD ? [] : [{ name: f.name, fieldType: fieldType(f.type, f.name), keyField: f.key }],
    ),
    columns: s.sql.columns,
    geo: s.sql.geo,
    tableChecks: tableChecks(
      [
        ...s.plan.subqueries.flatMap((q) => q.stages),
        ...s.plan.stages,
        ...s.plan.post.flatMap((p) => (p.stage === 'requery' ? p.plan.stages : [])),
      ],
      DIALECTS[options.dialect] as Dialect,
    ),
    save: s.save ? { path: s.save.path, append: s.save.append, pos: s.save.pos } : null,
    expansions: s.sql.expansions,
    subqueryCounts: s.sql.subqueryCounts,
    transactions: s.sql.transactions.map((sql, i) => {
      const stage = s.plan.stages.flatMap((x) => (x.stage === 'transactions' ? [x] : []))[i];
      return { sql, options: stage.options, fieldCount: stage.fields.length };
    }),
    histogram: s.sql.histogram,
    postProcess: s.plan.post,
    requeries: requeries(s.plan, options),
    autoFields: s.plan.autoFields,
    plan: s.plan,
  };
}

export interface Explanation {
  tokens: string;
  ast: string;
  plan: string;
  sql: string;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x), 2);

/** Every compilation stage, printable (`mimecast-c2c search --explain`). */
export function explainQuery(text: string, options: CompileOptions): Explanation {
  const s = stages(text, options);
  return {
    tokens: s.tokens.map((t) => `${t.pos.line}:${t.pos.column} ${t.kind} ${JSON.stringify(t.value)}`).join('\n'),
    ast: json(s.ast),
    plan: json({ kind: s.plan.kind, stages: s.plan.stages, order: s.plan.order, output: s.plan.output, post: s.plan.post }),
    sql: `${s.sql.sql}\n-- params: ${json(s.sql.params)}${s.sql.geo.map((g, i) => `\n-- geo lookup ${i} (runs first):\n${g.sql}`).join('')}${requeries(
      s.plan,
      options,
    )
      .map((q, i) => `\n-- requery ${i + 1} (over the rows of fillmissing or transpose):\n${q.sql}`)
      .join('')}`,
  };
}

/**
 * The search scope of `text` (what comes before the first `|`), parsed as a query's would be: partition
 * routing expressions use it. Errors are AppError `searchQueryError`; a text with operators is refused.
 */
export function parseScopeExpression(text: string): ScopeExpr {
  const ast = parse(lex(text));
  if (ast.operators.length > 0)
    throw new AppError('searchQueryError', 'takes a search scope only, without operators', {
      details: { line: 1, column: 1, expected: 'scope' },
    });
  return ast.scope;
}
