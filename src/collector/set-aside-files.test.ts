import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SetAsideFiles } from './set-aside-files.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-set-aside-'));
  dirs.push(dir);
  return path.join(dir, 'set-aside');
};
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('set-aside batch files', () => {
  it('are kept per source, named by time, type and file, private, with their bytes', async () => {
    const dir = await tempDir();
    const kept = new SetAsideFiles(dir);
    const file = await kept.keep('src-1', 'cloudIntegrated', 'http://s3.example/ci/entities/17.json.gz', Buffer.from('abc'), T0);
    expect(path.relative(dir, file)).toBe('src-1/2026-01-02T03-04-05.000Z-0000-cloudIntegrated-17.json.gz');
    expect(await readFile(file, 'utf8')).toBe('abc');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    // Names from outside cannot leave the folder.
    const odd = await kept.keep('../x', 'siem', 'http://h/a/..%2F..%2Fb', Buffer.from('d'), T0);
    expect(path.relative(dir, odd).startsWith('..')).toBe(false);
  });

  it('drop the oldest beyond the count and the size caps, and cut one file at the size cap', async () => {
    const dir = await tempDir();
    const kept = new SetAsideFiles(dir, { maxFiles: 3, maxBytes: 10 });
    for (let i = 0; i < 5; i++) await kept.keep('s', 'siem', `http://h/f${i}.gz`, Buffer.from('12'), T0 + i * 1000);
    expect((await readdir(path.join(dir, 's'))).map((n) => n.split('-siem-')[1])).toEqual(['f2.gz', 'f3.gz', 'f4.gz']);
    await kept.keep('s', 'siem', 'http://h/big.gz', Buffer.from('0123456789'), T0 + 9000);
    await kept.keep('s', 'siem', 'http://h/huge.gz', Buffer.from('0123456789abcdef'), T0 + 10_000);
    const names = await readdir(path.join(dir, 's'));
    expect(names).toHaveLength(1);
    expect(await readFile(path.join(dir, 's', names[0]), 'utf8')).toBe('0123456789');
    // Other sources keep their own.
    await kept.keep('t', 'dlp', 'http://h/x.gz', Buffer.from('1'), T0);
    expect(await readdir(path.join(dir, 's'))).toHaveLength(1);
  });
});
