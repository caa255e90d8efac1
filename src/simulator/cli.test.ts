import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repoRoot, 'bin/mimecast-c2c.js');

describe('mimecast-c2c simulate', () => {
  it('prints the listening line first, applies --faults and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'simulate', '--port', '0', '--seed', '5', '--faults', 'errorRate=1,delayMs=0'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const nl = out.indexOf('\n');
          if (nl >= 0) resolve(out.slice(0, nl));
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const match = /^Mimecast simulator listening on (http:\/\/127\.0\.0\.1:(\d+))$/.exec(firstLine);
      expect(match, firstLine).not.toBeNull();
      const url = match?.[1] ?? '';
      const faults = (await (await fetch(`${url}/__admin/faults`)).json()) as { errorRate: number };
      expect(faults.errorRate).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);

  it('refuses an unknown fault with a usage error and exit code 1', () => {
    const result = spawnSync(process.execPath, [bin, 'simulate', '--port', '0', '--faults', 'meltdown=1'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--faults.meltdown: unknown fault');
    expect(result.stdout).toBe('');
  }, 30_000);

  it('takes the volumes of the TTP, held-release and archive-search logs, refusing a bad one', () => {
    const result = spawnSync(process.execPath, [bin, 'simulate', '--port', '0', '--held-release-per-hour', 'many'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--held-release-per-hour: must be a number >= 0');
  }, 30_000);

  it('takes the volumes of the Cloud Integrated logs and the threat-intel feed, refusing a bad one', () => {
    const result = spawnSync(process.execPath, [bin, 'simulate', '--port', '0', '--ci-per-hour', '5', '--threat-per-hour', 'lots'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--threat-per-hour: must be a number >= 0');
  }, 30_000);
});
