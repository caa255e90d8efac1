import { KEY_SEPARATOR, keyOrder, type LookupTable } from '../model/lookup-table.js';
import type { Operator } from './ast.js';
import type { Dialect } from './dialect/dialect.js';
import { type Pos, queryError } from './errors.js';
import { asText, fn, lit } from './plan-expr.js';
import type { ExtractContext } from './plan-extract.js';
import type { PExpr } from './plan-types.js';

/**
 * `lookup … from path://"/Library/…"`: a left join on the table's rows (store/lookup-tables.ts). A row's key
 * is its primary key values in key order (model/lookup-table.ts keyOrder) joined by KEY_SEPARATOR, so the
 * `on` pairs are put in that order here; each output reads its field from the row's JSON, ignoring case.
 */
export function planTableLookup(
  op: Extract<Operator, { op: 'table' }>,
  field: (name: string, pos: Pos) => PExpr,
  ctx: ExtractContext,
): void {
  const byKey = new Map(op.on.map((o) => [o.key, o.field]));
  const parts = keyOrder([...byKey.keys()]).map((k) => asText(field(byKey.get(k) as string, op.pos)));
  const key =
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
    key,
    outputs: outputs.map(({ col, expr }) => ({ col, expr })),
    note: `lookup from ${op.path}`,
  });
  for (const o of outputs) ctx.setField(o.name, o.col, 'text');
}

/** What running the query checks first for each table lookup: that the table exists and has those keys and fields. */
export interface TableCheck {
  sql: string;
  params: unknown[];
  path: string;
  keys: string[];
  fields: string[];
  pos: Pos;
}

export function tableChecks(ops: readonly Operator[], dialect: Dialect): TableCheck[] {
  return ops.flatMap((op) =>
    op.op === 'table'
      ? [
          {
            sql: `SELECT body FROM lookup_tables WHERE path = ${dialect.placeholder(1)}`,
            params: [op.path.toLowerCase()],
            path: op.path,
            keys: op.on.map((o) => o.key),
            fields: op.outputs.map((o) => o.field),
            pos: op.pos,
          },
        ]
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
