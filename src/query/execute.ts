import { AppError } from '../core/errors.js';
import { budgetExceeded, CHUNK_ROWS, DEFAULT_BUDGET, pause, type QueryBudget } from './budget.js';
import type { GeoLookup } from './geo.js';
import type { CompiledField, CompiledQuery } from './index.js';
import { checkTable } from './lookup-table.js';
import { type PostStage, TABLE_ROW_FIELD } from './plan-types.js';
import { type PostResult, type ResultRow, runPostStages } from './post.js';
import type { GeoParam, RowsParam, TransactionParam } from './sql.js';
import { transactionize } from './transactionize.js';
import { normalizeValue } from './values.js';

/** The one store method running a query needs (Store.query). */
export interface QueryRunner {
  query(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Record<string, unknown>[]>;
}

export interface QueryResult {
  kind: 'messages' | 'records';
  fields: CompiledField[];
  /** Typed values keyed by field name (lower case). */
  rows: ResultRow[];
  /** For the user (pendingWarnings): rows cut to the row cap. */
  warnings: string[];
}

const MAX_AUTO_FIELDS = 100;

function isGeoParam(v: unknown): v is GeoParam {
  return typeof v === 'object' && v !== null && 'geoTable' in v;
}

function isRowsParam(v: unknown): v is RowsParam {
  return typeof v === 'object' && v !== null && 'rowsTable' in v;
}

function isTransactionParam(v: unknown): v is TransactionParam {
  return typeof v === 'object' && v !== null && 'transactionTable' in v;
}

/** Every key of a JSON object as a field (nested keys as `a.b`), at most 100, names in lower case. */
export function flattenJson(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  const walk = (v: unknown, prefix: string) => {
    if (count >= MAX_AUTO_FIELDS || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (count >= MAX_AUTO_FIELDS) return;
      const name = (prefix ? `${prefix}.${k}` : k).toLowerCase();
      if (child !== null && typeof child === 'object' && !Array.isArray(child)) walk(child, name);
      else if (!(name in out)) {
        out[name] =
          child === null ? null : typeof child === 'object' ? JSON.stringify(child) : typeof child === 'boolean' ? String(child) : child;
        count++;
      }
    }
  };
  walk(value, '');
  return out;
}

/**
 * Runs a compiled query: geo lookups first (on the distinct addresses only), then the budget checks of
 * `parse … multi`, then the main SQL, then the JS post stages in bounded chunks. Used by the search service
 * and by the dashboards, so both give the same rows.
 */
export async function runCompiledQuery(
  runner: QueryRunner,
  compiled: CompiledQuery,
  deps: { geo?: GeoLookup; signal?: AbortSignal; budget?: QueryBudget } = {},
): Promise<QueryResult> {
  const budget = deps.budget ?? DEFAULT_BUDGET;
  for (const check of compiled.tableChecks) {
    const [found] = await runner.query(check.sql, check.params, deps.signal);
    checkTable(check, found?.body);
  }
  const geoTables: string[] = [];
  const transactionTables: string[] = [];
  const bind = (params: unknown[]) =>
    params.map((p) =>
      isGeoParam(p) ? (geoTables[p.geoTable] ?? '[]') : isTransactionParam(p) ? (transactionTables[p.transactionTable] ?? '[]') : p,
    );
  const geoTable = async (pre: { sql: string; params: unknown[] }) => {
    if (!deps.geo)
      throw new AppError('searchQueryError', 'geo lookups are not available here', { details: { line: 1, column: 1, expected: null } });
    const ips = await runner.query(pre.sql, bind(pre.params), deps.signal);
    const table = [];
    for (const r of ips) {
      const ip = String(Object.values(r)[0]);
      const loc = deps.geo.lookup(ip);
      if (loc) table.push({ ip, ...loc });
    }
    return JSON.stringify(table);
  };
  for (const pre of compiled.geo) geoTables.push(await geoTable(pre));
  for (const tx of compiled.transactions) {
    // Counted first: the messages are held in memory while their transactions are found.
    const [counted] = await runner.query(`SELECT count(*) AS n FROM (${tx.sql.sql}) AS x`, bind(tx.sql.params), deps.signal);
    const values = Number(counted?.n ?? 0) * (tx.fieldCount + 3);
    if (values > budget.maxStageValues)
      throw budgetExceeded('transactionize', `${values} values`, budget.maxStageValues, 'narrow the search or its time range');
    const messages = await runner.query(tx.sql.sql, bind(tx.sql.params), deps.signal);
    const input = messages.map((m) => ({
      key: [String(m.s), String(m.k)] as [string, string],
      time: Number(normalizeValue(m.t)),
      values: Array.from({ length: tx.fieldCount }, (_, i) =>
        m[`f${i}`] === null || m[`f${i}`] === undefined ? null : String(m[`f${i}`]),
      ),
    }));
    const rows = transactionize(input, tx.options);
    transactionTables.push(JSON.stringify(rows.map((r) => ({ s: r.source, k: r.key, g: r.group, d: r.duration, n: r.size }))));
    await pause(deps.signal);
  }
  // A geo lookup after a transactionize reads its messages through the transactions: look those up again.
  for (const [i, pre] of compiled.geo.entries()) if (pre.params.some(isTransactionParam)) geoTables[i] = await geoTable(pre);
  for (const count of compiled.expansions) {
    const [row] = await runner.query(count.sql, bind(count.params), deps.signal);
    const n = Number(row?.n ?? 0);
    if (n > budget.maxExpandedRows) {
      const hint =
        count.stage === 'join' ? 'narrow the search or the tables of the join' : 'narrow the search or match fewer times per message';
      throw budgetExceeded(count.stage, `${n} rows`, budget.maxExpandedRows, hint);
    }
  }
  const warnings: string[] = [];
  for (const count of compiled.subqueryCounts) {
    const [row] = await runner.query(count.sql, bind(count.params), deps.signal);
    // Sumo's own warning (subqueries page): the child's rows beyond maxresults are not composed.
    if (Number(row?.n ?? 0) > count.maxResults)
      warnings.push(
        `Subquery returned more records than your current limit allows (${count.maxResults}). Some records might be truncated. You can increase your limit with maxresults (up to 10000).`,
      );
  }
  const raw = await runner.query(compiled.sql, bind(compiled.params), deps.signal);
  const rows: ResultRow[] = [];
  for (const r of raw) {
    rows.push(toResultRow(compiled, r));
    if (rows.length % CHUNK_ROWS === 0) await pause(deps.signal);
  }
  const fields = withTableFields(compiled.kind, compiled.columns, compiled.fields, rows);
  if (compiled.postProcess.length === 0) return { kind: compiled.kind, fields, rows, warnings };
  const types = new Map(compiled.fields.map((f) => [f.name, f.fieldType]));
  const valueType = compiled.fields.find((f) => !f.keyField)?.fieldType ?? 'string';
  const ctx = { from: compiled.plan.from, to: compiled.plan.to, timeZone: compiled.plan.timeZone, budget, signal: deps.signal };
  let current: PostResult = { rows, fields: fields.map((f) => ({ name: f.name, key: f.keyField })) };
  let pending: PostStage[] = [];
  const runPending = async () => {
    if (pending.length === 0) return;
    current = await runPostStages(current, pending, ctx);
    warnings.push(...(current.warnings ?? []));
    pending = [];
  };
  for (const stage of compiled.postProcess) {
    if (stage.stage !== 'requery') {
      pending.push(stage);
      continue;
    }
    await runPending();
    const query = compiled.requeries[stage.index];
    for (const f of query.fields) types.set(f.name, f.fieldType);
    current = await requery(runner, query, stage.passthrough, current, { ...deps, budget });
    // A lookup * after fillmissing or transpose: the table's fields join the requery's.
    const made = withTableFields(
      'records',
      query.columns,
      current.fields.map((f) => ({ name: f.name, fieldType: 'string', keyField: f.key })),
      current.rows,
    );
    current = { ...current, fields: made.map((f) => ({ name: f.name, key: f.keyField })) };
  }
  await runPending();
  return {
    kind: compiled.kind,
    fields: current.fields.map((f) => ({ name: f.name, fieldType: types.get(f.name) ?? valueType, keyField: f.key })),
    rows: current.rows,
    warnings,
  };
}

/**
 * Sends the rows so far back to the database for the operators after fillmissing or transpose: each row as
 * JSON (keys in lower case, as the query names fields), numbered to keep their order.
 */
async function requery(
  runner: QueryRunner,
  query: CompiledQuery['requeries'][number],
  passthrough: boolean,
  input: PostResult,
  deps: { signal?: AbortSignal; budget: QueryBudget },
): Promise<PostResult> {
  const table = JSON.stringify(
    input.rows.map((r, n) => ({ n, r: JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]))) })),
  );
  const params = query.params.map((p) => (isRowsParam(p) ? table : p));
  for (const count of query.expansions) {
    const [row] = await runner.query(
      count.sql,
      count.params.map((p) => (isRowsParam(p) ? table : p)),
      deps.signal,
    );
    const n = Number(row?.n ?? 0);
    if (n > deps.budget.maxExpandedRows) throw budgetExceeded(count.stage, `${n} rows`, deps.budget.maxExpandedRows, 'narrow the search');
  }
  const raw = await runner.query(query.sql, params, deps.signal);
  const rows: ResultRow[] = [];
  for (const r of raw) {
    const out: ResultRow = passthrough ? { ...input.rows[Number(r[`c${query.columns.indexOf('__row')}`])] } : {};
    query.columns.forEach((name, i) => {
      if (name !== '__row') readColumn(out, name, normalizeValue(r[`c${i}`]));
    });
    rows.push(out);
    if (rows.length % CHUNK_ROWS === 0) await pause(deps.signal);
  }
  const made = query.fields.filter((f) => f.name !== '__row').map((f) => ({ name: f.name, key: f.keyField }));
  const fields = passthrough ? [...input.fields, ...made.filter((f) => !input.fields.some((g) => g.name === f.name))] : made;
  return { rows, fields };
}

/** The fields of records after `cat` or `lookup *`: the tables' fields found in the rows join the query's. */
function withTableFields(kind: string, columns: string[], known: CompiledField[], rows: readonly ResultRow[]): CompiledField[] {
  if (kind !== 'records' || !columns.includes(TABLE_ROW_FIELD)) return known;
  const fields = [...known];
  const names = new Set(fields.map((f) => f.name));
  for (const row of rows)
    for (const name of Object.keys(row))
      if (!names.has(name)) {
        names.add(name);
        fields.push({ name, fieldType: 'string', keyField: false });
      }
  return fields;
}

/** One output column into a row; a lookup table row's values (cat, lookup *) by field name lower-cased, fields of the query winning. */
function readColumn(out: ResultRow, name: string, v: unknown): void {
  if (name !== TABLE_ROW_FIELD) out[name] = v as ResultRow[string];
  else if (typeof v === 'string')
    for (const [k, fv] of Object.entries(JSON.parse(v) as Record<string, unknown>)) out[k.toLowerCase()] ??= fv as ResultRow[string];
}

/** One database row as typed values by field name, custom fields and (json auto) JSON keys added. */
function toResultRow(compiled: CompiledQuery, r: Record<string, unknown>): ResultRow {
  const out: ResultRow = {};
  compiled.columns.forEach((name, i) => {
    const v = normalizeValue(r[`c${i}`]);
    if (name === TABLE_ROW_FIELD) {
      // A lookup table row's values (cat, lookup *), by field name lower-cased; fields of the query win.
      if (typeof v === 'string')
        for (const [k, fv] of Object.entries(JSON.parse(v) as Record<string, unknown>)) out[k.toLowerCase()] ??= fv;
      return;
    }
    if (name !== '__fields') {
      out[name] = v;
      return;
    }
    if (typeof v === 'string' && v !== '') {
      try {
        for (const [k, fv] of Object.entries(JSON.parse(v) as Record<string, unknown>)) {
          const key = k.toLowerCase();
          if (!(key in out)) out[key] = fv;
        }
      } catch {
        // A message whose custom fields are not JSON simply shows none.
      }
    }
  });
  if (compiled.autoFields && typeof out._raw === 'string') {
    for (const [k, v] of Object.entries(flattenJson(out._raw))) if (!(k in out)) out[k] = v;
  }
  return out;
}
