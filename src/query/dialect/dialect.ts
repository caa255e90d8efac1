import type { AggregateSpec, FnName, ValueType } from '../plan-types.js';

/**
 * What differs between databases, as a table: one entry per function, aggregate and cast. The SQL
 * generator never asks which database it is writing for; a new dialect fills in this table.
 * Arguments arrive as SQL text; parameters are already placeholders.
 */
export interface Dialect {
  name: 'duckdb' | 'postgres';
  /** The placeholder of the n-th bound parameter (1-based). */
  placeholder(n: number): string;
  /** SQL type names used in casts. */
  types: Record<ValueType | 'bigint', string>;
  /** Text that reads as a number → that number, anything else → NULL. */
  tryNumber(sql: string): string;
  functions: Record<FnName, (args: string[]) => string>;
  aggregates: Record<AggregateSpec['fn'], (arg: string, extra: { fraction?: number; time: string; fractionSql?: string }) => string>;
  /** Expands a list (from `range` of a count) into rows, keeping a row with NULL when the list is empty if `keepEmpty`. */
  unnestRange(count: string, keepEmpty: boolean): string;
  /** A FROM-clause item with columns geo_ip, geo_latitude, … from one JSON parameter (array of objects). */
  geoTable(param: string): string;
  /** A FROM-clause item with columns row_n (a number) and row_json (text) from one JSON parameter ([{n, r}]). */
  rowsTable(param: string): string;
  /** A FROM-clause item with columns tx_source, tx_key, tx_group, tx_duration, tx_size from one JSON parameter. */
  transactionTable(param: string): string;
  /**
   * The physical row id of a table row (DuckDB `rowid`, PostgreSQL `ctid`): messages are sorted on their small
   * columns, then only the page's rows are fetched whole. Without it the raw text rides through the sort.
   */
  rowId?: string;
  /** ORDER BY item with NULLs after values in both directions. */
  orderItem(sql: string, desc: boolean): string;
}
