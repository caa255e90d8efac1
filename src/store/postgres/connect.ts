import pg from 'pg';
import { AppError, type ErrorCode } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';

/** Where a URL points, without its password: safe to print. */
export interface Target {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Parses a `postgres://` URL, failing with `store.connect` and a message that names what is wrong. */
export function parseDatabaseUrl(url: string): Target {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('store.connect', 'the database URL is not a valid URL (expected postgres://user:password@host:5432/database)');
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new AppError('store.connect', `the database URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!database) throw new AppError('store.connect', 'the database URL names no database (postgres://user:password@host:5432/DATABASE)');
  return {
    host: parsed.hostname || 'localhost',
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    user: decodeURIComponent(parsed.username) || 'postgres',
  };
}

const NUMBER_TYPES = new Set([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);

/**
 * BIGINT and NUMERIC come back as numbers (as DuckDB's rows do), so the same query gives the same rows on
 * both stores. Epoch milliseconds and counts stay far below 2^53.
 */
const types = {
  getTypeParser(oid: number, format?: string) {
    if (NUMBER_TYPES.has(oid)) return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as unknown as pg.CustomTypesConfig;

export function createPool(url: string, logger: Logger, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000, types });
  // A client whose server goes away emits 'error': the pool listens while a client is idle, and this
  // listener covers clients that are checked out (between two statements of a transaction, say). Without
  // it a server restart would end the process; with it the statement in flight fails (store.unavailable),
  // the broken client is dropped when released, and the next statement connects again.
  pool.on('error', (error) => logger.warn('postgres connection lost', { error: error.message }));
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.warn('postgres connection lost', { error: error.message }));
  });
  return pool;
}

/** A first connection, turning every way it can fail into one clear `store.connect` message. */
export async function checkConnection(pool: pg.Pool, target: Target): Promise<void> {
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    throw connectError(error, target);
  }
}

function connectError(error: unknown, target: Target): AppError {
  const where = `${target.host}:${target.port}`;
  const code = (error as { code?: string }).code;
  const reason = (() => {
    switch (code) {
      case '28P01':
        return `password authentication failed for user "${target.user}" at ${where}`;
      case '28000':
        return `user "${target.user}" is not allowed to connect to ${where} (check the user and pg_hba.conf)`;
      case '3D000':
        return `database "${target.database}" does not exist on ${where} (create it with: createdb ${target.database})`;
      case 'ECONNREFUSED':
        return `cannot reach PostgreSQL at ${where}: connection refused (is the server running?)`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `cannot reach PostgreSQL at ${where}: unknown host "${target.host}"`;
      case 'ETIMEDOUT':
        return `cannot reach PostgreSQL at ${where}: connection timed out`;
      case '57P03':
        return `PostgreSQL at ${where} is starting up or shutting down; try again shortly`;
      default:
        return `cannot connect to PostgreSQL at ${where}: ${error instanceof Error ? error.message : String(error)}`;
    }
  })();
  return new AppError('store.connect', reason, { cause: error });
}

/**
 * Classifies an error from a query. Anything that is not a server-side SQL error is the connection failing
 * (server restarting, network), which is worth retrying; so are the server's own "going away" classes.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof pg.DatabaseError)) return !(error instanceof AppError);
  const code = error.code ?? '';
  return code.startsWith('08') || code.startsWith('57P') || code === '53300';
}

/** Wraps a driver error: connection failures become retryable `store.unavailable`. */
export function storeError(error: unknown, fallbackCode: ErrorCode = 'store.query'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isConnectionFailure(error)) {
    return new AppError('store.unavailable', `PostgreSQL is unavailable: ${message}`, { retryable: true, cause: error });
  }
  return new AppError(fallbackCode, message, { cause: error });
}
