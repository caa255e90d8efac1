import path from 'node:path';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { type BackupSummary, backupNeedsPgDump } from '../store/store.js';
import { parseCommandArgs } from './args.js';
import { loadStoreConfig } from './config.js';
import { socketBackup } from './control-socket.js';
import type { CommandIO } from './io.js';

const HELP = `Usage:
  mimecast-c2c backup [--data DIR] FILE

Writes a consistent copy of the embedded store in DIR (default ./data) to FILE, a new file: every message,
source, checkpoint, monitor, alert and setting, and the secret key file (unless the key comes from
MC2C_SECRET_KEY, which you then keep with the backup). It works while a server runs: the server writes the
copy itself, through the control socket in its data directory, from one snapshot while collection goes on.
The backup file is private to your user (0600): it holds the secrets. 'mimecast-c2c restore' brings it back.
For PostgreSQL (--db, MC2C_DATABASE_URL), use pg_dump: see docs/running.md#backup-and-restore.
`;

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Opens the store when no server holds it; else asks the server that does. */
async function writeBackup(config: ReturnType<typeof loadStoreConfig>, file: string, io: CommandIO): Promise<BackupSummary> {
  const logger = createLogger({ level: 'warn', stream: io.stderr });
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore({ data: config.data, secretKey: config.secretKey, duckdb: config.duckdb, clock: systemClock, logger });
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'store.locked')) throw error;
    return socketBackup(config.data, file).catch((socketError: unknown) => {
      if (socketError instanceof AppError && socketError.code === 'control.unreachable') {
        throw new AppError(
          'store.locked',
          `the data directory ${config.data} is in use by a process that does not answer on its control socket (another command, or an older server): stop it first`,
          { cause: socketError },
        );
      }
      throw socketError;
    });
  }
  try {
    return await store.backup(file);
  } finally {
    await store.close();
  }
}

export async function run(args: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'backup',
    args,
    { data: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new AppError('usage', "backup takes one FILE (see 'mimecast-c2c backup --help')");
  const config = loadStoreConfig(values, io.env);
  if (config.db !== undefined) throw backupNeedsPgDump();
  const file = path.resolve(positionals[0]);
  io.stderr.write(`backing up ${config.data} to ${file} …\n`);
  const started = Date.now();
  const summary = await writeBackup(config, file, io);
  io.stdout.write(
    `backup written: ${summary.file} (${summary.messages} messages, ${formatBytes(summary.bytes)}, ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  if (!summary.includesSecretKey) {
    io.stdout.write('the secret key is MC2C_SECRET_KEY, not in the backup: keep it with the backup, a restore needs the same key\n');
  }
  return 0;
}
