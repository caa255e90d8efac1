import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../core/logger.js';
import { silentLogger } from '../core/logger.js';
import { createSecretBox, deriveKey, loadSecretBox } from './secrets.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secret box', () => {
  it('round-trips, randomises each seal and binds the context', () => {
    const box = createSecretBox(randomBytes(32));
    const a = box.seal('hunter2', 'S1');
    expect(a).not.toBe(box.seal('hunter2', 'S1'));
    expect(a).not.toContain('hunter2');
    expect(box.open(a, 'S1')).toBe('hunter2');
    expect(() => box.open(a, 'S2')).toThrowError(expect.objectContaining({ code: 'secrets.decrypt' }));
  });

  it('takes 64 hex digits or base64 of 32 bytes as the key itself, and hashes anything else', () => {
    const raw = randomBytes(32);
    expect(deriveKey(raw.toString('hex')).equals(raw)).toBe(true);
    expect(deriveKey(raw.toString('base64')).equals(raw)).toBe(true);
    const hashed = deriveKey('correct horse battery staple');
    expect(hashed).toHaveLength(32);
    expect(hashed.toString('hex')).toBe('c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a');
    expect(() => deriveKey('  ')).toThrowError(expect.objectContaining({ code: 'secrets.key' }));
  });

  it('creates a 0600 key file once and reuses it', async () => {
    const first = await loadSecretBox({ dataDir: dir, logger: silentLogger });
    const file = path.join(dir, 'secret.key');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, 'utf8');
    const second = await loadSecretBox({ dataDir: dir, logger: silentLogger });
    expect(second.open(first.seal('x', 'c'), 'c')).toBe('x');
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('creates the data directory for the key file when it is missing', async () => {
    const dataDir = path.join(dir, 'not', 'yet');
    await loadSecretBox({ dataDir, logger: silentLogger });
    expect((await stat(path.join(dataDir, 'secret.key'))).isFile()).toBe(true);
  });

  it('warns about a key file others can read', async () => {
    await loadSecretBox({ dataDir: dir, logger: silentLogger });
    await chmod(path.join(dir, 'secret.key'), 0o644);
    const warnings: string[] = [];
    const logger: Logger = { ...silentLogger, warn: (msg) => warnings.push(msg), child: () => logger };
    await loadSecretBox({ dataDir: dir, logger });
    expect(warnings).toEqual(['the secret key file is readable by other users; run chmod 600 on it']);
  });
});
