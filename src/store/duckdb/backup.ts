import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import { SECRET_KEY_FILE } from '../secrets.js';
import type { BackupSummary } from '../store.js';
import { all, errorText, exec, openInstance } from './connection.js';

/**
 * A backup is itself a DuckDB database: every table of the store, copied in one statement (so from one
 * snapshot, while batches keep arriving), plus this table saying what it is and, when the store's key came from
 * its key file, that key, without which the copied secrets could never be read again.
 */
export const BACKUP_INFO_TABLE = 'mc2c_backup_info';
export const BACKUP_FORMAT = 1;
const ATTACHED = 'mc2c_backup_target';

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function readKeyFile(dataDir: string): Promise<string | null> {
  try {
    return (await readFile(path.join(dataDir, SECRET_KEY_FILE), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('secrets.key', `cannot read the secret key file in ${dataDir}`, { cause: error });
  }
}

/**
 * Copies the store behind `connection` to `file` (which must not exist), through `<file>.partial` renamed at the
 * end, so a crash never leaves something that looks like a finished backup.
 */
export async function backupDuckDb(
  connection: DuckDBConnection,
  options: { file: string; dataDir: string; keyFromEnvironment: boolean; now: number },
): Promise<BackupSummary> {
  const file = path.resolve(options.file);
  if (existsSync(file)) throw new AppError('backup.target.exists', `${file} already exists: give a new file name`, { field: 'file' });
  const partial = `${file}.partial`;
  await rm(partial, { force: true });
  const key = options.keyFromEnvironment ? null : await readKeyFile(options.dataDir);
  const [{ db }] = await all(connection, 'SELECT current_database() AS db');
  try {
    await exec(connection, `ATTACH ${quoteLiteral(partial)} AS ${ATTACHED}`);
  } catch (error) {
    throw new AppError('backup.write', `cannot create ${partial}: ${errorText(error)}`, { field: 'file', cause: error });
  }
  try {
    await exec(connection, `COPY FROM DATABASE "${String(db).replaceAll('"', '""')}" TO ${ATTACHED}`);
    await exec(
      connection,
      `CREATE TABLE ${ATTACHED}.${BACKUP_INFO_TABLE} (format INTEGER, created_at BIGINT, schema_version INTEGER, secret_key VARCHAR)`,
    );
    await exec(
      connection,
      `INSERT INTO ${ATTACHED}.${BACKUP_INFO_TABLE} SELECT ?, ?, (SELECT max(version) FROM ${ATTACHED}.schema_version), ?`,
      [BACKUP_FORMAT, options.now, key],
    );
    const [{ messages }] = await all(connection, `SELECT count(*) AS messages FROM ${ATTACHED}.messages`);
    await exec(connection, `CHECKPOINT ${ATTACHED}`);
    await exec(connection, `DETACH ${ATTACHED}`);
    await rename(partial, file);
    return { file, messages: Number(messages), bytes: (await stat(file)).size, includesSecretKey: key !== null };
  } catch (error) {
    await exec(connection, `DETACH ${ATTACHED}`).catch(() => undefined);
    await rm(partial, { force: true });
    await rm(`${partial}.wal`, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('backup.write', `the backup to ${file} failed: ${errorText(error)}`, { cause: error });
  }
}

export interface BackupInfo {
  createdAt: number;
  schemaVersion: number;
  messages: number;
  /** The key file's text, when the backed-up store used one. */
  secretKey: string | null;
}

function notABackup(file: string, why: string): AppError {
  return new AppError('backup.invalid', `${file} is not a mimecast-c2c backup (${why})`, { field: 'file' });
}

/** Reads what a backup file holds, refusing anything that is not one we wrote (or one written by a newer format). */
export async function readBackupInfo(file: string): Promise<BackupInfo> {
  if (!existsSync(file)) throw new AppError('backup.invalid', `${file} does not exist`, { field: 'file' });
  let instance: Awaited<ReturnType<typeof openInstance>>;
  try {
    instance = await openInstance(file, file, { access_mode: 'READ_ONLY' });
  } catch (error) {
    throw notABackup(file, errorText(error));
  }
  try {
    const connection = await instance.connect();
    try {
      const rows = await all(connection, `SELECT format, created_at, schema_version, secret_key FROM ${BACKUP_INFO_TABLE}`).catch(() => {
        throw notABackup(file, 'no backup information in it');
      });
      const info = rows[0];
      if (info === undefined) throw notABackup(file, 'its backup information is empty');
      if (Number(info.format) > BACKUP_FORMAT) {
        throw new AppError('backup.invalid', `${file} was written by a newer mimecast-c2c (backup format ${info.format})`, {
          field: 'file',
        });
      }
      const [{ messages }] = await all(connection, 'SELECT count(*) AS messages FROM messages');
      return {
        createdAt: Number(info.created_at),
        schemaVersion: Number(info.schema_version),
        messages: Number(messages),
        secretKey: typeof info.secret_key === 'string' ? info.secret_key : null,
      };
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/** Turns a copied backup file into a plain store file: the backup's own table goes. */
export async function stripBackupInfo(file: string): Promise<void> {
  const instance = await openInstance(file, path.dirname(file));
  try {
    const connection = await instance.connect();
    try {
      await exec(connection, `DROP TABLE ${BACKUP_INFO_TABLE}`);
      await exec(connection, 'CHECKPOINT');
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
