/**
 * Golden cases: query text → the SQL in golden/<name>.duckdb.sql, and the rows below (counted by hand
 * from messages.ts). Message cases list only the fields they check.
 */
export interface GoldenCase {
  name: string;
  query: string;
  rows: Record<string, unknown>[];
  from?: number;
  to?: number;
  variables?: Record<string, string>;
  timeZone?: string;
  /** Partitions left out of the default scope (isIncludedInDefaultSearch false). */
  excludedPartitions?: string[];
}
