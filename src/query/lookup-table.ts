import { KEY_SEPARATOR, keyOrder, type LookupTable } from '../model/lookup-table.js';
import type { Operator } from './ast.js';
import type { Dialect } from './dialect/dialect.js';
import { type Pos, queryError } from './errors.js';
import { asText, fn, lit } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import type { PExpr, SqlStage, TableUse } from './plan-types.js';

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
): void {
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
  const outputs = op.outputs.map((o) => ({ col: ctx.newColumn(), name: o.name, expr: fn('jsonTextCI', [values, lit(o.field)], 'text') }));
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
}

/** What running the query checks first for each table lookup: that the table exists and has those keys and fields. */
export interface TableCheck extends TableUse {
  sql: string;
  params: unknown[];
}

export function tableChecks(stages: readonly SqlStage[], dialect: Dialect): TableCheck[] {
  return stages.flatMap((s) =>
    s.stage === 'table'
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
  if (keys.length !== check.keys.length || keys.some((k) => !check.keys.includes(k)))
    throw refused(check, `the lookup table ${check.path} is keyed on ${table.primaryKeys.join(', ')}: 'on' must name exactly those`);
}
