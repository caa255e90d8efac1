import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { run } from './access-keys.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
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
  const code = await run(args, { stdout, stderr, env: { MC2C_SECRET_KEY: 'k' } });
  return { code, stdout: out, stderr: err };
}

describe('access-keys command', () => {
  it('creates a key that verifies, lists it without the key, and revokes it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-keys-'));
    dirs.push(dir);
    const created = await cli(['create', '--name', 'alice', '--data', dir, '--json']);
    expect(created.code).toBe(0);
    const { accessId, accessKey, name } = JSON.parse(created.stdout) as { accessId: string; accessKey: string; name: string };
    expect(name).toBe('alice');

    const listed = await cli(['list', '--data', dir, '--json']);
    const keys = JSON.parse(listed.stdout) as { id: string; label: string; disabled: boolean }[];
    expect(keys.map((k) => [k.id, k.label, k.disabled])).toEqual([[accessId, 'alice', false]]);
    expect(listed.stdout).not.toContain(accessKey);

    const store = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
    expect(await store.accessKeys.verify(accessId, accessKey)).toBeDefined();
    await store.close();

    expect((await cli(['revoke', accessId, '--data', dir])).code).toBe(0);
    expect((await cli(['revoke', 'no-such-id', '--data', dir])).code).toBe(1);
    const after = JSON.parse((await cli(['list', '--data', dir, '--json'])).stdout) as { disabled: boolean }[];
    expect(after[0].disabled).toBe(true);
  });

  it('refuses a missing name and unknown actions', async () => {
    await expect(cli(['create'])).rejects.toThrow(AppError);
    await expect(cli(['rotate'])).rejects.toThrow("unknown action 'rotate'");
    expect((await cli([])).code).toBe(2);
  });
});
