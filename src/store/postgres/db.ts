import type pg from 'pg';
import { duplicateNameError } from '../rules.js';
import { storeError } from './connect.js';

/** The pool with every driver error turned into an AppError, and a transaction helper. */
export class Db {
  constructor(readonly pool: pg.Pool) {}

  async rows<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return (await this.pool.query<T>(sql, params as unknown[])).rows;
    } catch (error) {
      throw storeError(error);
    }
  }

  async count(sql: string, params: readonly unknown[] = []): Promise<number> {
    try {
      return (await this.pool.query(sql, params as unknown[])).rowCount ?? 0;
    } catch (error) {
      throw storeError(error);
    }
  }

  /** Runs `fn` in one transaction: committed if it returns, rolled back if it throws. */
  async tx<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw storeError(error);
    } finally {
      // A client whose connection failed mid-transaction must not go back to the pool.
      client.release(broken ? true : undefined);
    }
  }
}

/** A unique index said no: the caller's name (or key) is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return ((error as { cause?: { code?: string } }).cause?.code ?? '') === '23505';
}

/** Runs a write, turning a unique-name clash into DuckDB's DuplicateResourceName: the index does the check here. */
export async function uniqueName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError();
    throw error;
  }
}
