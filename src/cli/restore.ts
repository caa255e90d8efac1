import { existsSync } from 'node:fs';
import { copyFile, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { prepareDataDir } from '../store/data-dir.js';
import { readBackupInfo, stripBackupInfo } from '../store/duckdb/backup.js';
import { openInstance } from '../store/duckdb/connection.js';
import { DUCKDB_FILE } from '../store/duckdb/duckdb-store.js';
import { SECRET_KEY_FILE } from '../store/secrets.js';
import { backupNeedsPgDump } from '../store/store.js';
import { parseCommandArgs } from './args.js';
import { formatBytes } from './backup.js';
import { loadStoreConfig } from './config.js';
import type { CommandIO } from './io.js';

const HELP = `Usage:
  mimecast-c2c restore [--data DIR] [--force] FILE

Puts a backup written by 'mimecast-c2c backup' back as the store in DIR (default ./data), with its secret
key file when the backup holds one. DIR must not hold a store already, unless --force, which replaces it (the
store it replaces is gone: back it up first). No server may be using DIR. Collection resumes from the
backup's checkpoints: what arrived after the backup is collected again, and nothing is stored twice.
`;

/** A running server holds the store's file lock: opening the file is the one reliable test. */
async function refuseIfInUse(file: string, dataDir: string): Promise<void> {
  const instance = await openInstance(file, dataDir);
  instance.closeSync();
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'restore',
    args,
    { data: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new AppError('usage', "restore takes one FILE (see 'mimecast-c2c restore --help')");
  const config = loadStoreConfig({ data: values.data }, io.env);
  if (config.db !== undefined) throw backupNeedsPgDump();
  const backup = path.resolve(positionals[0]);
  const info = await readBackupInfo(backup);
  const dataDir = path.resolve(config.data);
  const target = path.join(dataDir, DUCKDB_FILE);
  await prepareDataDir(dataDir, createLogger({ level: 'warn', stream: io.stderr }));
  if (existsSync(target)) {
    if (!values.force) {
      throw new AppError('usage', `${dataDir} already holds a store: give an empty --data, or --force to replace it`, { field: 'data' });
    }
    await refuseIfInUse(target, dataDir);
  }
  const keyFile = path.join(dataDir, SECRET_KEY_FILE);
  if (info.secretKey === null && config.secretKey === undefined) {
    io.stderr.write(
      'the backup holds no secret key (it was taken with MC2C_SECRET_KEY): set the same MC2C_SECRET_KEY to read its secrets\n',
    );
  }
  io.stderr.write(`restoring ${backup} (${info.messages} messages, taken ${new Date(info.createdAt).toISOString()}) to ${dataDir} …\n`);
  const partial = `${target}.restoring`;
  await rm(partial, { force: true });
  await copyFile(backup, partial);
  try {
    await stripBackupInfo(partial);
    await rm(`${target}.wal`, { force: true });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true });
    await rm(`${partial}.wal`, { force: true });
    throw error;
  }
  if (info.secretKey !== null) {
    const current = await readFile(keyFile, 'utf8').catch(() => null);
    if (current?.trim() !== info.secretKey) await writeFile(keyFile, `${info.secretKey}\n`, { mode: 0o600 });
  }
  io.stdout.write(`restored ${info.messages} messages (${formatBytes((await stat(target)).size)}) into ${dataDir}\n`);
  return 0;
}
