import { chmod, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DataType } from '../model/message.js';

/** The folder of the data directory `serve` keeps set-aside batch files in. */
export const SET_ASIDE_DIR = 'set-aside';

/** Per source: the set-aside files kept, at most. The oldest go first. */
export const SET_ASIDE_MAX_FILES = 20;
/** Per source: the bytes kept, at most (a bigger file keeps its first this many bytes). */
export const SET_ASIDE_MAX_BYTES = 64 * 1024 * 1024;

export interface SetAsideLimits {
  maxFiles?: number;
  maxBytes?: number;
}

/**
 * Keeps the bytes of batch files the collector moved past (damaged gzip, broken lines) in
 * `<dir>/<sourceId>/`, named `<time>-<dataType>-<file name>`, so an operator can look at what Mimecast
 * sent. Bounded per source by a count and a size: the oldest files are dropped first. Files are private
 * (0600, directories 0700) like the rest of the data directory: they hold mail metadata.
 */
export class SetAsideFiles {
  private readonly maxFiles: number;
  private readonly maxBytes: number;
  /** Two files set aside in one millisecond get different names. */
  private seq = 0;

  constructor(
    readonly dir: string,
    limits: SetAsideLimits = {},
  ) {
    this.maxFiles = limits.maxFiles ?? SET_ASIDE_MAX_FILES;
    this.maxBytes = limits.maxBytes ?? SET_ASIDE_MAX_BYTES;
  }

  /** Writes the file and drops the source's oldest beyond the limits; returns where it was written. */
  async keep(sourceId: string, dataType: DataType, url: string, bytes: Uint8Array, now: number): Promise<string> {
    const sourceDir = path.join(this.dir, safeName(sourceId));
    await mkdir(sourceDir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    const base = safeName(path.posix.basename(new URL(url, 'file:///').pathname) || 'file');
    // The ISO time sorts as text, so the oldest file is the first name.
    const seq = String(this.seq++ % 10_000).padStart(4, '0');
    const file = path.join(sourceDir, `${new Date(now).toISOString().replace(/:/g, '-')}-${seq}-${dataType}-${base}`);
    await writeFile(file, bytes.subarray(0, this.maxBytes), { mode: 0o600 });
    await this.prune(sourceDir);
    return file;
  }

  private async prune(sourceDir: string): Promise<void> {
    const names = (await readdir(sourceDir)).sort();
    const sizes = await Promise.all(names.map(async (name) => (await stat(path.join(sourceDir, name))).size));
    let total = sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < names.length - 1 && (names.length - i > this.maxFiles || total > this.maxBytes); i++) {
      await rm(path.join(sourceDir, names[i]), { force: true });
      total -= sizes[i];
    }
  }
}

/** A path segment made of safe characters only: ids and file names come from outside. */
function safeName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
}
