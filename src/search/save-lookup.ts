import { type LookupRow, lookupValueError, rowKey } from '../model/lookup-table.js';
import { queryError } from '../query/errors.js';
import type { QueryResult } from '../query/execute.js';
import type { CompiledQuery } from '../query/index.js';
import type { Store } from '../store/store.js';

/**
 * `save [append] path://"…"` (Sumo's save page): the results become the table's rows, merged by primary key
 * with `append`, else replacing every row. Every field of the table must be among the results (others are
 * dropped) and fit its type; otherwise nothing is written and the query fails at the save's position.
 */
export async function saveToLookupTable(
  store: Pick<Store, 'lookupTables'>,
  save: NonNullable<CompiledQuery['save']>,
  result: QueryResult,
): Promise<void> {
  const table = await store.lookupTables.getByPath(save.path);
  if (!table) throw queryError(save.pos, `there is no lookup table at ${save.path}`, 'a table created in the library first');
  const names = new Set(result.fields.map((f) => f.name.toLowerCase()));
  const missing = table.fields.find((f) => !names.has(f.fieldName.toLowerCase()));
  if (missing) throw queryError(save.pos, `the results have no field ${missing.fieldName} for the lookup table ${save.path}`);
  const rows: LookupRow[] = result.rows.map((r, n) => {
    const values: Record<string, string> = {};
    for (const f of table.fields) {
      const v = r[f.fieldName.toLowerCase()];
      const text = v === null || v === undefined ? '' : String(v);
      const broken = lookupValueError(f.fieldType, text);
      if (broken) throw queryError(save.pos, `result row ${n + 1}: ${f.fieldName} ${broken} (${f.fieldType})`);
      values[f.fieldName] = text;
    }
    return { key: rowKey(table, values), values };
  });
  await store.lookupTables.writeRows(table.id, rows, !save.append);
}
