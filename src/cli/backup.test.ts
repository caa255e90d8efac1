import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { makeBatch, makeMessage, makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { SECRET_KEY_FILE } from '../store/secrets.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-backup-'));
  dirs.push(dir);
  return dir;
}

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const code = await main(args, { stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}

/** A store with a source (its secret sealed with the data directory's key file) and three collected messages. */
async function seededStore(dir: string): Promise<string> {
  const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger });
  try {
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const source = await store.sources.create(collector.id, makeSourceConfig({ clientSecret: 'the-real-secret' }));
    const now = Date.now();
    const messages = ['a', 'b', 'c'].map((k) => makeMessage(source.id, k, { messageTime: now, receiptTime: now }));
    await store.messages.appendBatch(makeBatch(source.id, 'siem', messages, { v: 1, token: 'after-c' }));
    return source.id;
  } finally {
    await store.close();
  }
}

describe('backup and restore (no server running)', () => {
  it('restores messages, checkpoints and a readable secret into an empty data directory', async () => {
    const data = await tempDir();
    const sourceId = await seededStore(data);
    const file = path.join(await tempDir(), 'store.backup');

    const backup = await cli(['backup', '--data', data, file]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/^backup written: .*store\.backup \(3 messages, /);
    expect(((await stat(file)).mode & 0o777).toString(8)).toBe('600');
    await expect(stat(`${file}.partial`)).rejects.toMatchObject({ code: 'ENOENT' });

    const target = path.join(await tempDir(), 'restored');
    const restore = await cli(['restore', '--data', target, file]);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toMatch(/^restored 3 messages /);
    expect(await readFile(path.join(target, SECRET_KEY_FILE), 'utf8')).toBe(await readFile(path.join(data, SECRET_KEY_FILE), 'utf8'));

    const store = await openStore({ data: target, clock: systemClock, logger: silentLogger });
    try {
      expect((await store.sources.get(sourceId))?.config.clientSecret).toBe('the-real-secret');
      expect(await store.checkpoints.get(sourceId, 'siem')).toEqual({ v: 1, token: 'after-c' });
      const rows = await store.query('SELECT dedupe_key FROM messages ORDER BY dedupe_key', []);
      expect(rows.map((r) => r.dedupe_key)).toEqual(['a', 'b', 'c']);
      // The backup's own table is gone, and the copy is a working store: the same batch again stores nothing.
      expect(await store.query("SELECT table_name FROM information_schema.tables WHERE table_name = 'mc2c_backup_info'", [])).toEqual([]);
      const again = ['a', 'b', 'c'].map((k) => makeMessage(sourceId, k, { messageTime: Date.now() }));
      expect((await store.messages.appendBatch(makeBatch(sourceId, 'siem', again, { v: 2 }))).inserted).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('says when the key is MC2C_SECRET_KEY and so not in the backup', async () => {
    const data = await tempDir();
    const store = await openStore({ data, secretKey: 'env-key', clock: systemClock, logger: silentLogger });
    await store.close();
    const file = path.join(await tempDir(), 'b');
    const backup = await cli(['backup', '--data', data, file], { MC2C_SECRET_KEY: 'env-key' });
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('the secret key is MC2C_SECRET_KEY, not in the backup');
  });

  it('refuses an existing backup file, a store in the way, files that are not backups, and PostgreSQL', async () => {
    const data = await tempDir();
    await seededStore(data);
    const elsewhere = await tempDir();
    const file = path.join(elsewhere, 'b');
    expect((await cli(['backup', '--data', data, file])).code).toBe(0);
    expect((await cli(['backup', '--data', data, file])).stderr).toMatch(/already exists: give a new file name/);

    expect((await cli(['restore', '--data', data, file])).stderr).toMatch(/already holds a store: give an empty --data, or --force/);
    expect((await cli(['restore', '--data', data, '--force', file])).code).toBe(0);

    const text = path.join(elsewhere, 'notes.txt');
    await writeFile(text, 'hello');
    const refused = async (args: string[]) => {
      const result = await cli(args);
      expect(result.code).toBe(1);
      return result.stderr;
    };
    expect(await refused(['restore', '--data', path.join(elsewhere, 'x'), text])).toMatch(/notes\.txt is not a mimecast-c2c backup/);
    expect(await refused(['restore', '--data', path.join(elsewhere, 'x'), path.join(data, 'mimecast-c2c.duckdb')])).toMatch(
      /is not a mimecast-c2c backup \(no backup information in it\)/,
    );
    expect(await refused(['restore', '--data', path.join(elsewhere, 'x'), path.join(elsewhere, 'missing')])).toMatch(/does not exist/);
    expect(await refused(['backup', '--db', 'postgres://u@127.0.0.1:1/x', file])).toMatch(/use pg_dump/);
  });
});
