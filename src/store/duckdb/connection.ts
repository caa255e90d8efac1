import { DOUBLE, type DuckDBConnection, DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { Row } from '../store.js';

/**
 * Opens the database file, turning DuckDB's file-lock error into `store.locked`: a second process
 * (a running server, while the CLI imports) cannot open the same file.
 */
export async function openInstance(file: string, displayDir: string, settings: Record<string, string> = {}): Promise<DuckDBInstance> {
  try {
    return await DuckDBInstance.create(file, settings);
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (/lock/i.test(text)) {
      throw new AppError('store.locked', `the data directory ${displayDir} is in use by another mimecast-c2c process (a running server?)`, {
        cause: error,
      });
    }
    throw new AppError('store.open', `cannot open the store in ${displayDir}: ${firstLine(text)}`, { cause: error });
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}

/** Binds JS values as DuckDB parameters: whole numbers as BIGINT so they compare and LIMIT like integers. */
export function toParam(value: unknown): DuckDBValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (value instanceof Date) return BigInt(value.getTime());
  return JSON.stringify(value);
}

/**
 * The types to bind `params` with where inference would fail: the driver binds a whole JS number beyond the
 * safe integers as BIGINT, which 2^63 and more do not fit ("bigint out of int64 range"), so those are DOUBLE
 * (what such a number is). Elsewhere (holes in the array) the driver infers from the value.
 */
export function paramTypes(params: readonly unknown[]): DuckDBType[] {
  const types: DuckDBType[] = [];
  params.forEach((value, i) => {
    if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) types[i] = DOUBLE;
  });
  return types;
}

/** Makes a DuckDB value plain and JSON-serialisable: BIGINTs become numbers (strings beyond 2^53), dates ISO text. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value.toString();
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  return value;
}

/** Runs one statement and returns plain rows. */
export async function all(connection: DuckDBConnection, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const reader = await connection.runAndReadAll(sql, params.map(toParam), paramTypes(params));
  const names = reader.deduplicatedColumnNames();
  const rows = reader.getRowsJS();
  return rows.map((values) => {
    const row: Row = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = toPlain(values[i]);
    return row;
  });
}

/** Runs one statement and returns how many rows it changed. */
export async function exec(connection: DuckDBConnection, sql: string, params: readonly unknown[] = []): Promise<number> {
  const result = await connection.run(sql, params.map(toParam), paramTypes(params));
  return result.rowsChanged;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error);
}
