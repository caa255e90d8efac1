import type { DuckDBConnection, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import type { Mutex } from '../../core/mutex.js';
import type { SecretBox } from '../secrets.js';
import type { Row } from '../store.js';
import { all, exec } from './connection.js';

/** Test-only fault injection: lets tests fail a batch between its message insert and its checkpoint write. */
export interface DuckDbFaults {
  afterMessagesInsert?: () => void | Promise<void>;
}

/** What the parts of the DuckDB store share: one writer connection behind a mutex. */
export class DuckDbContext {
  constructor(
    private readonly writer: DuckDBConnection,
    private readonly lock: Mutex,
    readonly clock: Clock,
    readonly logger: Logger,
    readonly secrets: SecretBox,
    readonly faults: DuckDbFaults,
  ) {}

  private readonly statements = new Map<string, DuckDBPreparedStatement>();

  /**
   * Runs a statement of the write path through a prepared statement kept for the writer's lifetime: one
   * round trip to DuckDB's thread instead of three (extract, prepare, run) and no parsing per batch.
   */
  async runPrepared(connection: DuckDBConnection, sql: string, values: DuckDBValue[]): Promise<number> {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = await connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    statement.bind(values);
    return (await statement.run()).rowsChanged;
  }

  /** Runs `section` alone on the writer connection (reads too, so they see committed writes in order). */
  serial<T>(section: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.lock.run(() => section(this.writer));
  }

  all(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    return this.serial((c) => all(c, sql, params));
  }

  exec(sql: string, params: readonly unknown[] = []): Promise<number> {
    return this.serial((c) => exec(c, sql, params));
  }

  /** Runs `work` in one transaction on the writer connection; any error rolls it back and is rethrown. */
  transaction<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.serial(async (c) => {
      await exec(c, 'BEGIN TRANSACTION');
      try {
        const result = await work(c);
        await exec(c, 'COMMIT');
        return result;
      } catch (error) {
        await exec(c, 'ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }
}
