import { KEY_SEPARATOR, keyOrder, type LookupTable } from '../model/lookup-table.js';
import type { Operator } from './ast.js';
import type { Dialect } from './dialect/dialect.js';
import { type Pos, queryError } from './errors.js';
import { asText, fn, lit } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import { type OutputField, type PExpr, type SqlStage, TABLE_ROW_FIELD, type TableUse } from './plan-types.js';

/**
 * `lookup … from path://"/Library/…"`: a left join on the table's rows (store/lookup-tables.ts). A row's key
 * is its primary key values in key order (model/lookup-table.ts keyOrder) joined by KEY_SEPARATOR, so the
 * `on` pairs are put in that order here; each output reads its field from the row's JSON, ignoring case.
 */
/**
 * Which side of each `on` pair is the table's key: Sumo's pages write both (`on ip=remote_ip` for geo,
 * `on userEmail=email` for a table). A side that names a field the query has made (parse, json, eval…) is the
 * message's; otherwise the left side is the table's key (docs/query-language.md).
 */
export function planTableLookup(
  op: Extract<Operator, { op: 'table' }>,
  known: (name: string) => boolean,
  field: (name: string, pos: Pos) => PExpr,
  ctx: ExtractContext,
): PExpr | null {
  const pairs = op.on.map((o) =>
    known(o.left) && !known(o.right) ? { key: o.right, field: o.left, pos: o.pos } : { key: o.left, field: o.right, pos: o.pos },
  );
  const byKey = new Map<string, string>();
  for (const p of pairs) {
    if (byKey.has(p.key)) throw queryError(p.pos, `the key ${p.key} is named twice`, 'each primary key once');
    byKey.set(p.key, p.field);
  }
  const parts = keyOrder([...byKey.keys()]).map((k) => asText(field(byKey.get(k) as string, op.pos)));
  const joined =
    parts.length === 1
      ? parts[0]
      : fn(
          'concat',
          parts.flatMap((p, i) => (i === 0 ? [p] : [lit(KEY_SEPARATOR), p])),
          'text',
        );
  const values: PExpr = { k: 'col', col: 't.row_values', type: 'text' };
  const outputs = op.all
    ? [{ col: ctx.newColumn(), name: TABLE_ROW_FIELD, expr: values }]
    : op.outputs.map((o) => ({ col: ctx.newColumn(), name: o.name, expr: fn('jsonTextCI', [values, lit(o.field)], 'text') }));
  ctx.addStage({
    stage: 'table',
    path: op.path.toLowerCase(),
    // Sumo matches lookup values ignoring case: keys are stored lower-cased (model/lookup-table.ts rowKey).
    key: fn('lower', [joined], 'text'),
    outputs: outputs.map(({ col, expr }) => ({ col, expr })),
    check: { path: op.path, keys: [...byKey.keys()], fields: op.outputs.map((o) => o.field), pos: op.pos },
    note: `lookup from ${op.path}`,
  });
  for (const o of outputs) ctx.setField(o.name, o.col, 'text');
  return op.all ? { k: 'col', col: outputs[0].col, type: 'text' } : null;
}

/** `cat`: the table's rows as the query's source, their values' JSON in TABLE_ROW_FIELD, ordered by key. */
export function planTableScan(table: { path: string; pos: Pos }, ctx: ExtractContext): PExpr {
  ctx.addStage({
    stage: 'tableScan',
    path: table.path.toLowerCase(),
    check: { path: table.path, keys: null, fields: [], pos: table.pos },
    note: `cat ${table.path}`,
  });
  ctx.setField(TABLE_ROW_FIELD, 'qrow', 'text');
  return { k: 'col', col: 'qrow', type: 'text' };
}

/** `fields a` of a table's field after `cat` or `lookup *`: the value taken into a column of its own. */
export function tableColumn(name: string, value: PExpr, ctx: ExtractContext): OutputField {
  const col = ctx.newColumn();
  ctx.addStage({ stage: 'extend', columns: [{ col, expr: value }], filter: null, note: `field ${name}` });
  return { name, col, type: 'text', key: false };
}

/**
 * A field no operator made, after `cat` or `lookup *`: the latest table row holding it (Sumo's lookup adds
 * the table's fields), else `otherwise` (the message's custom field; null after `cat`).
 */
export function tableField(rows: readonly PExpr[], name: string, otherwise: PExpr): PExpr {
  let e = otherwise;
  for (const row of rows) {
    const v = fn('jsonTextCI', [row, lit(name)], 'text');
    e =
      e.k === 'lit' && e.value === null
        ? v
        : { k: 'if', cond: { k: 'not', arg: { k: 'isnull', arg: v } }, whenTrue: v, whenFalse: e, type: 'text' };
  }
  return e;
}

/** What running the query checks first for each table lookup: that the table exists and has those keys and fields. */
export interface TableCheck extends TableUse {
  sql: string;
  params: unknown[];
}

export function tableChecks(stages: readonly SqlStage[], dialect: Dialect): TableCheck[] {
  return stages.flatMap((s) =>
    s.stage === 'table' || s.stage === 'tableScan'
      ? [{ ...s.check, sql: `SELECT body FROM lookup_tables WHERE path = ${dialect.placeholder(1)}`, params: [s.path] }]
      : [],
  );
}

const refused = (check: TableCheck, message: string) => queryError(check.pos, message);

/** The table a check found (its body), or the positioned error a user reads when it does not fit. */
export function checkTable(check: TableCheck, body: unknown): void {
  if (typeof body !== 'string') throw refused(check, `there is no lookup table at ${check.path}`);
  const table = JSON.parse(body) as LookupTable;
  const fields = new Set(table.fields.map((f) => f.fieldName.toLowerCase()));
  const keys = table.primaryKeys.map((k) => k.toLowerCase());
  const missing = check.fields.find((f) => !fields.has(f));
  if (missing) throw refused(check, `the lookup table ${check.path} has no field ${missing}`);
  const named = check.keys;
  if (named !== null && (keys.length !== named.length || keys.some((k) => !named.includes(k))))
    throw refused(check, `the lookup table ${check.path} is keyed on ${table.primaryKeys.join(', ')}: 'on' must name exactly those`);
}
