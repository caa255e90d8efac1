import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';

/** Permission bits no file or directory of ours may give group or others. */
const PRIVATE_MASK = 0o077;

/**
 * Makes everything this process creates from now on private to its user. DuckDB creates its WAL and temporary
 * files at any time (a checkpoint removes the WAL, the next write makes a new one), so no chmod after the fact
 * could keep up; the process umask is the one place that covers them all. It is only ever tightened.
 */
export function restrictUmask(): void {
  if (process.platform === 'win32') return;
  const previous = process.umask(PRIVATE_MASK);
  if ((previous | PRIVATE_MASK) !== PRIVATE_MASK) process.umask(previous | PRIVATE_MASK);
}

function unsafe(dir: string, why: string, fix: string): AppError {
  return new AppError('store.datadir.unsafe', `the data directory ${dir} ${why}: ${fix}`, { field: 'data' });
}

/**
 * Creates the data directory (0700) or checks the one that is there: it holds every collected message and the
 * key to the stored secrets, so it must belong to the user running the server and be writable by no one else
 * (whoever can write there can swap the database or the key file). Files left readable by an older version
 * are made 0600.
 */
export async function prepareDataDir(dir: string, logger: Logger): Promise<void> {
  restrictUmask();
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new AppError('store.open', `cannot create the data directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, {
      cause: error,
    });
  }
  if (process.platform === 'win32') return;
  const info = await stat(dir);
  if (!info.isDirectory()) throw unsafe(dir, 'is not a directory', 'give --data a directory');
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) {
    throw unsafe(
      dir,
      `belongs to user ${info.uid}, not to the user running mimecast-c2c (${uid})`,
      `run chown ${uid} ${dir}, or use another --data`,
    );
  }
  if ((info.mode & 0o022) !== 0) {
    throw unsafe(dir, `can be written by group or others (mode ${(info.mode & 0o777).toString(8)})`, `run chmod 700 ${dir}`);
  }
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    const mode = (await stat(file)).mode & 0o777;
    if ((mode & PRIVATE_MASK) === 0) continue;
    await chmod(file, mode & ~PRIVATE_MASK);
    logger.warn('made a data file private to its owner', { file, was: mode.toString(8) });
  }
}
