import type { LookupRow } from '../model/lookup-table.js';

/**
 * The lookup tables' two tables, shared by both stores and the query compiler's tests: `lookup_tables` (the
 * definition as JSON, and its content path lower-cased, which `lookup … from path://"…"` joins on) and
 * `lookup_rows` (one row per primary key, its values as a JSON object of text).
 */
export function lookupTablesDdl(dialect: 'duckdb' | 'postgres'): string[] {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  return [
    `CREATE TABLE IF NOT EXISTS lookup_tables (id ${text} PRIMARY KEY, path ${text} NOT NULL, body ${text} NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS lookup_rows (table_id ${text} NOT NULL, row_key ${text} NOT NULL, row_values ${text} NOT NULL,
      updated_at BIGINT NOT NULL, PRIMARY KEY (table_id, row_key))`,
  ];
}

const BATCH = 1_000;

/** The statements that insert or replace `rows` of one table by key, in batches; a later duplicate wins. */
export function lookupRowUpserts(
  dialect: 'duckdb' | 'postgres',
  tableId: string,
  rows: readonly LookupRow[],
  now: number,
): { sql: string; params: unknown[] }[] {
  const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
  const statements: { sql: string; params: unknown[] }[] = [];
  for (let start = 0; start < unique.length; start += BATCH) {
    const params: unknown[] = [];
    const place = (v: unknown) => {
      params.push(v);
      return dialect === 'duckdb' ? '?' : `$${params.length}`;
    };
    const values = unique
      .slice(start, start + BATCH)
      .map((r) => `(${place(tableId)}, ${place(r.key)}, ${place(JSON.stringify(r.values))}, ${place(now)})`);
    statements.push({
      sql: `INSERT INTO lookup_rows (table_id, row_key, row_values, updated_at) VALUES ${values.join(', ')} ON CONFLICT (table_id, row_key) DO UPDATE SET row_values = excluded.row_values, updated_at = excluded.updated_at`,
      params,
    });
  }
  return statements;
}

export function toLookupRow(r: Record<string, unknown>): LookupRow {
  return { key: String(r.row_key), values: JSON.parse(String(r.row_values)) as Record<string, string> };
}
