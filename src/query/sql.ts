import type { Dialect } from './dialect/dialect.js';
import type { OrderKey, PExpr, Plan, SqlStage } from './plan-types.js';

/** A parameter filled in at execution: the JSON table of geo lookups for the n-th geo stage. */
export interface GeoParam {
  geoTable: number;
}

/** A parameter filled in at execution: the n-th transactionize stage's transactions as a JSON table. */
export interface TransactionParam {
  transactionTable: number;
}

/** A parameter filled in at execution: the rows of the post stages before a requery, as a JSON table. */
export interface RowsParam {
  rowsTable: true;
}

export interface SqlText {
  sql: string;
  params: unknown[];
}

export interface GeneratedSql extends SqlText {
  /** The output columns c0, c1, … in order, with the query-language field each holds. */
  columns: string[];
  /** Per geo stage, in order: the distinct IP addresses it must look up (run before the main SQL). */
  geo: SqlText[];
  /** Messages per time bucket before any aggregate (the Search Job API histogram). */
  histogram: SqlText;
  /** Per `parse … multi` or join stage: how many rows it makes (`n`), checked against the budget before the main SQL. */
  expansions: (SqlText & { stage: 'parse multi' | 'join' })[];
  /** Per subquery: its distinct composed rows up to one more than it keeps (`n`), to warn when some are cut. */
  subqueryCounts: (SqlText & { maxResults: number })[];
  /** Per transactionize stage: its messages' key (`s`, `k`), time (`t`) and fields (`f0`, `f1`, …), run before the main SQL. */
  transactions: SqlText[];
}

const MARK = '\u0001';

/** Collects bound values; placeholders are numbered in text order only at the end, so any build order is safe. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `${MARK}${this.values.length - 1}${MARK}`;
  }
  finish(text: string, dialect: Dialect): SqlText {
    const params: unknown[] = [];
    const numbers = new Map<number, number>();
    const sql = text.replace(new RegExp(`${MARK}(\\d+)${MARK}`, 'g'), (_m, i: string) => {
      const index = Number(i);
      if (dialect.name === 'postgres') {
        let n = numbers.get(index);
        if (n === undefined) {
          params.push(this.values[index]);
          n = params.length;
          numbers.set(index, n);
        }
        return dialect.placeholder(n);
      }
      params.push(this.values[index]);
      return dialect.placeholder(params.length);
    });
    return { sql, params };
  }
}

class Renderer {
  constructor(
    private readonly d: Dialect,
    private readonly p: Params,
    /** The CTE of each subquery's composed rows, by index. */
    private readonly subqueries: string[] = [],
  ) {}

  param(value: unknown, type: 'text' | 'number' | 'bool' | 'bigint'): string {
    return `CAST(${this.p.add(value)} AS ${this.d.types[type]})`;
  }

  /** A condition in a WHERE: NULL already means false there, so comparisons need no COALESCE. */
  cond(e: PExpr): string {
    if (e.k === 'and' || e.k === 'or') return `(${e.args.map((a) => this.cond(a)).join(e.k === 'and' ? ' AND ' : ' OR ')})`;
    if (e.k === 'cmp') return this.cmp(e);
    return this.expr(e);
  }

  expr(e: PExpr): string {
    switch (e.k) {
      case 'lit':
        if (e.value === null) return 'NULL';
        if (e.inline) return String(Math.trunc(Number(e.value)));
        return this.param(e.value, e.type === 'null' ? 'text' : e.type);
      case 'col':
        return e.col;
      case 'fn': {
        const sql = this.d.functions[e.fn](e.args.map((a) => this.expr(a)));
        return e.type === 'bool' ? `coalesce(${sql}, false)` : sql;
      }
      case 'cmp':
        return `coalesce(${this.cmp(e)}, false)`;
      case 'arith':
        return `(${this.expr(e.left)} ${e.op} ${this.expr(e.right)})`;
      case 'and':
      case 'or':
        return `(${e.args.map((a) => this.expr(a)).join(e.k === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.expr(e.arg)})`;
      case 'isnull':
        return `(${this.expr(e.arg)} IS NULL)`;
      case 'neg':
        return `(-${this.expr(e.arg)})`;
      case 'if':
        return `CASE WHEN ${this.expr(e.cond)} THEN ${this.expr(e.whenTrue)} ELSE ${this.expr(e.whenFalse)} END`;
      case 'exists':
        // A semi-join the database plans once, not a query per row; the other columns are the outer row's.
        return `EXISTS (SELECT 1 FROM ${this.subqueries[e.sub]} AS z${e.sub} WHERE ${this.cond(e.cond)})`;
    }
  }

  private cmp(e: Extract<PExpr, { k: 'cmp' }>): string {
    const op = e.op === '!=' ? '<>' : e.op;
    if (e.mode !== 'dynamic') return `(${this.expr(e.left)} ${op} ${this.expr(e.right)})`;
    // Both sides read as numbers → numeric comparison, else text (query-language.md).
    const num = (x: PExpr) =>
      x.k === 'lit' && typeof x.value === 'string'
        ? this.param(Number(x.value), 'number')
        : x.k === 'lit' || typeOfNumber(x)
          ? this.expr(x)
          : this.d.tryNumber(this.expr(x));
    const text = (x: PExpr) =>
      x.k === 'lit' ? this.param(String(x.value), 'text') : typeOfNumber(x) ? this.d.functions.toText([this.expr(x)]) : this.expr(x);
    const ln = num(e.left);
    const rn = num(e.right);
    const checks = [e.left, e.right].filter((x) => x.k !== 'lit').map((x) => `${num(x)} IS NOT NULL`);
    return `CASE WHEN ${checks.join(' AND ')} THEN ${ln} ${op} ${rn} ELSE ${text(e.left)} ${op} ${text(e.right)} END`;
  }

  order(keys: OrderKey[]): string {
    return keys.map((k) => this.d.orderItem(this.expr(k.expr), k.desc)).join(', ');
  }
}

function typeOfNumber(e: PExpr): boolean {
  return (e.k === 'col' || e.k === 'fn' || e.k === 'if') && e.type === 'number' ? true : e.k === 'arith' || e.k === 'neg';
}

export function generateSql(plan: Plan, dialect: Dialect): GeneratedSql {
  const p = new Params();
  const subqueryCtes: string[] = [];
  const r = new Renderer(dialect, p, subqueryCtes);
  const ctes: string[] = [];
  /** Name of the CTE holding the rows after each stage. */
  const after: string[] = [];
  let current = '';
  const cte = (body: string) => {
    const name = `s${ctes.length}`;
    ctes.push(`${name} AS (${body})`);
    current = name;
  };
  const geoPrepasses: { ctes: number; from: string; ip: PExpr }[] = [];
  const expansionCounts: { ctes: number; from: string; stage: 'parse multi' | 'join' }[] = [];
  const transactionPrepasses: { ctes: number; from: string; stage: Extract<SqlStage, { stage: 'transactions' }> }[] = [];
  let timeColumn = 'messagetime';
  /** compare: the histogram counts the present window's messages only. */
  let histogramWhere = '';

  const emit = (stage: SqlStage): void => {
    switch (stage.stage) {
      case 'rows':
        cte(dialect.rowsTable(p.add({ rowsTable: true } satisfies RowsParam)));
        break;
      case 'scan': {
        timeColumn = stage.timeColumn;
        const where = [
          `idx = ${r.param(stage.index, 'text')}`,
          // compare: the range reaches back to the oldest window; each message joins the windows it falls in.
          `${stage.timeColumn} >= ${r.param(stage.from - Math.max(0, ...(stage.shifts ?? [])), 'bigint')}`,
          `${stage.timeColumn} < ${r.param(stage.to, 'bigint')}`,
          ...(stage.filter ? [r.cond(stage.filter)] : []),
        ];
        const rowId = plan.kind === 'messages' && dialect.rowId ? `, ${dialect.rowId} AS rid` : '';
        if (stage.shifts) {
          histogramWhere = ' WHERE qshift = 0';
          const windows = stage.shifts.map((s) => `(${r.param(s, 'bigint')})`).join(', ');
          const t = `m.${stage.timeColumn} + w.shift`;
          cte(
            `SELECT m.*, w.shift AS qshift, m.messagetime + w.shift AS qtime FROM messages AS m JOIN (VALUES ${windows}) AS w(shift) ON ${t} >= ${r.param(stage.from, 'bigint')} AND ${t} < ${r.param(stage.to, 'bigint')} WHERE ${where.join(' AND ')}`,
          );
        } else cte(`SELECT *${rowId} FROM messages WHERE ${where.join(' AND ')}`);
        break;
      }
      case 'join': {
        const base = current;
        const ends = stage.branches.map((b) => {
          current = base;
          for (const sub of b.stages) emit(sub);
          return current;
        });
        const cols = stage.branches.flatMap((b, i) => b.columns.map((c) => `b${i}.${c.from} AS ${c.col}`));
        const joins = ends.slice(1).map((end, j) => {
          const conds = stage.on.filter((o) => o.branch === j + 1).map((o) => `${r.expr(o.left)} = ${r.expr(o.right)}`);
          return ` JOIN ${end} AS b${j + 1} ON ${conds.join(' AND ')}`;
        });
        cte(`SELECT ${cols.join(', ')} FROM ${ends[0]} AS b0${joins.join('')}`);
        expansionCounts.push({ ctes: ctes.length, from: current, stage: 'join' });
        break;
      }
      case 'pivot': {
        const columns = stage.columns.map((c) => {
          const inWindows = c.shifts.map((s) => r.param(s, 'bigint')).join(', ');
          return `${c.fn}(CASE WHEN ${stage.shiftCol} IN (${inWindows}) THEN ${r.expr(c.arg)} END) AS ${c.col}`;
        });
        const groupBy = stage.keys.length ? ` GROUP BY ${stage.keys.join(', ')}` : '';
        cte(`SELECT ${[...stage.keys, ...columns].join(', ')} FROM ${current}${groupBy}`);
        break;
      }
      case 'extend':
        cte(`SELECT *, ${stage.columns.map((c) => `${r.expr(c.expr)} AS ${c.col}`).join(', ')} FROM ${current}`);
        if (stage.filter) cte(`SELECT * FROM ${current} WHERE ${r.cond(stage.filter)}`);
        break;
      case 'unnest':
        cte(`SELECT *, ${dialect.unnestRange(r.expr(stage.count), stage.keepEmpty)} AS ${stage.col} FROM ${current}`);
        expansionCounts.push({ ctes: ctes.length, from: current, stage: 'parse multi' });
        break;
      case 'filter':
        cte(`SELECT * FROM ${current} WHERE ${r.cond(stage.cond)}`);
        break;
      case 'aggregate': {
        // Computed keys get their own column first, so GROUP BY names columns, never repeats an expression.
        const computed = stage.keys.filter((k) => k.expr.k !== 'col');
        if (computed.length > 0) cte(`SELECT *, ${computed.map((k) => `${r.expr(k.expr)} AS ${k.col}`).join(', ')} FROM ${current}`);
        const keyExpr = (k: (typeof stage.keys)[number]) => (k.expr.k === 'col' ? k.expr.col : k.col);
        const keys = stage.keys.map((k) => (keyExpr(k) === k.col ? k.col : `${keyExpr(k)} AS ${k.col}`));
        const aggs = stage.aggs.map((a) => {
          const arg = a.arg ? r.expr(a.arg) : '';
          const extra = { time: 'messagetime', fractionSql: a.fraction === undefined ? undefined : r.param(a.fraction, 'number') };
          return `${dialect.aggregates[a.fn](arg, extra)} AS ${a.col}`;
        });
        const groupBy = stage.keys.length ? ` GROUP BY ${stage.keys.map(keyExpr).join(', ')}` : '';
        cte(`SELECT ${[...keys, ...aggs].join(', ')} FROM ${current}${groupBy}`);
        break;
      }
      case 'limit':
        cte(`SELECT * FROM ${current} ORDER BY ${r.order(stage.order)} LIMIT ${r.param(stage.n, 'bigint')}`);
        break;
      case 'window': {
        const arg = stage.arg ? r.expr(stage.arg) : '';
        const call =
          stage.fn === 'rowNumber' ? 'row_number()' : stage.fn === 'lag' ? `lag(${arg}, ${stage.offset ?? 1})` : `${stage.fn}(${arg})`;
        const frame = stage.frame;
        const over = [
          ...(stage.partition.length ? [`PARTITION BY ${stage.partition.map((e) => r.expr(e)).join(', ')}`] : []),
          ...(stage.order.length ? [`ORDER BY ${r.order(stage.order)}`] : []),
          ...(frame
            ? [
                `ROWS BETWEEN ${frame.start === null ? 'UNBOUNDED' : frame.start} PRECEDING AND ${frame.end === 0 ? 'CURRENT ROW' : `${frame.end} PRECEDING`}`,
              ]
            : []),
        ];
        cte(`SELECT *, ${call} OVER (${over.join(' ')}) AS ${stage.col} FROM ${current}`);
        break;
      }
      case 'transactions': {
        transactionPrepasses.push({ ctes: ctes.length, from: current, stage });
        const table = dialect.transactionTable(p.add({ transactionTable: stage.index } satisfies TransactionParam));
        const cols = `t.tx_group AS ${stage.outputs.group}, t.tx_duration AS ${stage.outputs.duration}, t.tx_size AS ${stage.outputs.size}`;
        const join = stage.keepOrphans ? 'LEFT JOIN' : 'JOIN';
        cte(`SELECT p.*, ${cols} FROM ${current} AS p ${join} (${table}) AS t ON t.tx_source = p.source_id AND t.tx_key = p.dedupe_key`);
        break;
      }
      case 'geo': {
        geoPrepasses.push({ ctes: ctes.length, from: current, ip: stage.ip });
        // GeoLite2 has no area or metro codes: those fields are always null (docs/query-language.md).
        const cols = stage.outputs
          .map((o) => `${o.field === 'area_code' || o.field === 'metro_code' ? 'CAST(NULL AS VARCHAR)' : `g.geo_${o.field}`} AS ${o.col}`)
          .join(', ');
        const table = dialect.geoTable(p.add({ geoTable: stage.geoIndex } satisfies GeoParam));
        cte(`SELECT p.*, ${cols} FROM ${current} AS p LEFT JOIN (${table}) AS g ON g.geo_ip = ${r.expr(stage.ip)}`);
        break;
      }
      case 'threat':
        cte(threatJoin(stage, current, r));
        break;
      case 'tableScan':
        cte(
          `SELECT row_key AS qkey, row_values AS qrow FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = ${r.param(stage.path, 'text')})`,
        );
        break;
      case 'table': {
        const cols = stage.outputs.map((o) => `${r.expr(o.expr)} AS ${o.col}`).join(', ');
        const rows = `SELECT row_key, row_values FROM lookup_rows WHERE table_id = (SELECT id FROM lookup_tables WHERE path = ${r.param(stage.path, 'text')})`;
        cte(`SELECT p.*, ${cols} FROM ${current} AS p LEFT JOIN (${rows}) AS t ON t.row_key = ${r.expr(stage.key)}`);
        break;
      }
    }
  };
  // Subqueries first, so every later CTE can read their rows: the first maxResults distinct composed rows in
  // the child query's own order.
  const subqueryCounts: { ctes: number; from: string; keys: string; maxResults: number }[] = [];
  for (const sub of plan.subqueries) {
    for (const stage of sub.stages) emit(stage);
    const keys = sub.keys.map((_k, j) => `qk${j}`).join(', ');
    const over = sub.order.length ? `ORDER BY ${r.order(sub.order)}` : '';
    cte(`SELECT ${sub.keys.map((k, j) => `${r.expr(k)} AS qk${j}`).join(', ')}, row_number() OVER (${over}) AS qrn FROM ${current}`);
    subqueryCounts.push({ ctes: ctes.length, from: current, keys, maxResults: sub.maxResults });
    cte(`SELECT ${keys} FROM ${current} GROUP BY ${keys} ORDER BY min(qrn) LIMIT ${r.param(sub.maxResults, 'bigint')}`);
    subqueryCtes.push(current);
  }
  plan.stages.forEach((stage: SqlStage) => {
    emit(stage);
    after.push(current);
  });

  const withClause = (count: number) => (count > 0 ? `WITH ${ctes.slice(0, count).join(',\n')}\n` : '');
  const limit = plan.limit === null ? '' : ` LIMIT ${r.param(plan.limit, 'bigint')}`;
  let main: string;
  if (plan.kind === 'messages' && dialect.rowId) {
    // Sort and cut on the small columns, then fetch the raw text of only the rows on the page.
    const small = plan.output.flatMap((f, i) => (f.col === 'raw' ? [] : [`${f.col} AS c${i}`]));
    const orderCols = plan.order.map((k, j) => `${r.expr(k.expr)} AS o${j}`);
    const pageOrder = plan.order.map((k, j) => dialect.orderItem(`o${j}`, k.desc)).join(', ');
    const page = `page AS (SELECT rid, ${[...small, ...orderCols].join(', ')} FROM ${current} ORDER BY ${pageOrder}${limit})`;
    const outputCols = plan.output.map((f, i) => (f.col === 'raw' ? `m.raw AS c${i}` : `page.c${i}`));
    outputCols.push(`m.fields AS c${plan.output.length}`);
    main = `WITH ${[...ctes, page].join(',\n')}\nSELECT ${outputCols.join(', ')} FROM page JOIN messages AS m ON m.${dialect.rowId} = page.rid ORDER BY ${plan.order.map((k, j) => dialect.orderItem(`page.o${j}`, k.desc)).join(', ')}`;
  } else {
    const outputCols = plan.output.map((f, i) => `${f.col} AS c${i}`);
    if (plan.kind === 'messages') outputCols.push(`fields AS c${plan.output.length}`);
    main = `${withClause(ctes.length)}SELECT ${outputCols.join(', ')} FROM ${current} ORDER BY ${r.order(plan.order)}${limit}`;
  }

  const geo = geoPrepasses.map((g) => {
    const ip = r.expr(g.ip);
    return p.finish(`${withClause(g.ctes)}SELECT DISTINCT ${ip} AS ip FROM ${g.from} WHERE ${ip} IS NOT NULL`, dialect);
  });
  const transactions = transactionPrepasses.map((x) => {
    const fields = x.stage.fields.map((f, i) => `${r.expr(f)} AS f${i}`).join(', ');
    return p.finish(
      `${withClause(x.ctes)}SELECT source_id AS s, dedupe_key AS k, ${r.expr(x.stage.time)} AS t, ${fields} FROM ${x.from}`,
      dialect,
    );
  });
  const subqueryCountSql = subqueryCounts.map((x) => ({
    ...p.finish(
      `${withClause(x.ctes)}SELECT count(*) AS n FROM (SELECT ${x.keys} FROM ${x.from} GROUP BY ${x.keys} LIMIT ${r.param(x.maxResults + 1, 'bigint')}) AS d`,
      dialect,
    ),
    maxResults: x.maxResults,
  }));
  const expansions = expansionCounts.map((x) => ({
    ...p.finish(`${withClause(x.ctes)}SELECT count(*) AS n FROM ${x.from}`, dialect),
    stage: x.stage,
  }));
  const histogramFrom = after[Math.max(0, plan.messageStageCount - 1)];
  const histogramCtes = ctes.indexOf(ctes.find((c) => c.startsWith(`${histogramFrom} AS`)) as string) + 1;
  const bucket = dialect.functions.timeBucket([timeColumn, r.param(histogramBucketMs(plan), 'bigint'), r.param(plan.timeZone, 'text')]);
  // A lookup table's rows (cat) have no time: no histogram.
  const histogram = p.finish(
    plan.stages[0]?.stage === 'tableScan'
      ? 'SELECT 0 AS bucket, 0 AS n WHERE 1 = 0'
      : `${withClause(histogramCtes)}SELECT ${bucket} AS bucket, count(*) AS n FROM ${histogramFrom}${histogramWhere} GROUP BY 1 ORDER BY 1`,
    dialect,
  );
  const columns = plan.output.map((f) => f.name);
  if (plan.kind === 'messages') columns.push('__fields');
  return { ...p.finish(main, dialect), columns, geo, histogram, expansions, transactions, subqueryCounts: subqueryCountSql };
}

/** About 100 histogram buckets over the search range, at least a second each. */
export function histogramBucketMs(plan: Pick<Plan, 'from' | 'to'>): number {
  return Math.max(1000, Math.ceil((plan.to - plan.from) / 100 / 1000) * 1000);
}

/**
 * The rows of `from` with the threat-intelligence columns of their indicator: every matching entry, or with
 * `single` the best one (highest confidence, then most recently updated; source and id break ties so both
 * databases pick the same) and how many matched.
 */
function threatJoin(stage: Extract<SqlStage, { stage: 'threat' }>, from: string, r: Renderer): string {
  const valid = [`(valid_until IS NULL OR valid_until > ${r.param(stage.now, 'bigint')})`];
  if (stage.source !== null) valid.push(`source = ${r.param(stage.source, 'text')}`);
  const best = stage.single
    ? ', row_number() OVER (PARTITION BY match_key ORDER BY confidence DESC NULLS LAST, updated DESC, source, id) AS best, count(*) OVER (PARTITION BY match_key) AS num_matches'
    : '';
  const indicators = `SELECT *${best} FROM threat_indicators WHERE ${valid.join(' AND ')}`;
  const cols = stage.outputs.map((o) => `t.${o.column} AS ${o.col}`).join(', ');
  const on = `t.match_key = ${r.expr(stage.key)}${stage.single ? ' AND t.best = 1' : ''}`;
  return `SELECT p.*, ${cols} FROM ${from} AS p LEFT JOIN (${indicators}) AS t ON ${on}`;
}
