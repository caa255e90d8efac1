import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from './open-store.js';

let root: string;
let umaskBefore: number;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'mc2c-datadir-'));
  // The usual login umask: what an operator's shell hands the server.
  umaskBefore = process.umask(0o022);
});
afterEach(async () => {
  process.umask(umaskBefore);
  await rm(root, { recursive: true, force: true });
});

async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = ((await stat(file)).mode & 0o777).toString(8);
  }
  return out;
}

const open = (data: string) => openStore({ data, clock: new ManualClock(), logger: silentLogger });

describe.skipIf(process.platform === 'win32')('the data directory', () => {
  it('is created 0700 and every file in it (database, WAL, secret key) 0600', async () => {
    const data = path.join(root, 'new', 'data');
    const store = await open(data);
    try {
      await store.collectors.create({ name: 'c', description: '', category: '', fields: {} });
      const seen = await modes(data);
      expect(Object.keys(seen)).toEqual(expect.arrayContaining(['mimecast-c2c.duckdb', 'mimecast-c2c.duckdb.wal', 'secret.key']));
      for (const [name, mode] of Object.entries(seen)) expect([name, mode]).toEqual([name, '600']);
      expect(((await stat(data)).mode & 0o777).toString(8)).toBe('700');
      expect(((await stat(path.join(root, 'new'))).mode & 0o777).toString(8)).toBe('700');
    } finally {
      await store.close();
    }
  });

  it('makes files an older version left readable by others private', async () => {
    const data = path.join(root, 'old');
    await mkdir(data, { mode: 0o755 });
    await writeFile(path.join(data, 'secret.key'), `${'k'.repeat(40)}\n`, { mode: 0o644 });
    const store = await open(data);
    await store.close();
    expect(await modes(data)).toMatchObject({ 'secret.key': '600', 'mimecast-c2c.duckdb': '600' });
  });

  it('refuses a directory that group or others can write, naming it and the fix', async () => {
    for (const mode of [0o770, 0o757, 0o777]) {
      const data = path.join(root, `open-${mode.toString(8)}`);
      await mkdir(data);
      await chmod(data, mode);
      await expect(open(data)).rejects.toMatchObject({
        code: 'store.datadir.unsafe',
        message: `the data directory ${data} can be written by group or others (mode ${mode.toString(8)}): run chmod 700 ${data}`,
      });
      expect(await readdir(data)).toEqual([]);
    }
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a directory that belongs to another user', async () => {
    const data = path.join(root, 'theirs');
    await mkdir(data, { mode: 0o700 });
    await chown(data, 65534, 65534);
    await expect(open(data)).rejects.toMatchObject({
      code: 'store.datadir.unsafe',
      message: expect.stringContaining(`the data directory ${data} belongs to user 65534`),
    });
  });
});
