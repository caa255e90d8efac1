import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from '../store/open-store.js';
import { api, createAccessKey, killAll, runCli, startServeProcess, tempDir } from './processes.js';

const ENV = { MC2C_SECRET_KEY: 'e2e-secret-key' };

afterAll(async () => {
  await killAll();
});

const basicOf = (accessId: string, accessKey: string) => `Basic ${Buffer.from(`${accessId}:${accessKey}`).toString('base64')}`;

describe('access-keys while serve runs on the same data directory', () => {
  it('creates, lists and revokes keys through the control socket; a revoked key stops at once; each change is audited', async () => {
    const data = await tempDir('mc2c-keys-e2e-');
    try {
      const admin = await createAccessKey(data.dir, ENV);
      const serve = await startServeProcess(data.dir, { ...ENV, MC2C_LOG_LEVEL: 'info' });
      const socket = path.join(data.dir, 'control.sock');
      expect(((await stat(socket)).mode & 0o777).toString(8)).toBe('600');

      const created = await runCli(['access-keys', 'create', '--name', 'while-running', '--data', data.dir, '--json'], ENV);
      expect(created.code, created.stderr).toBe(0);
      const { accessId, accessKey, name } = JSON.parse(created.stdout) as { accessId: string; accessKey: string; name: string };
      expect(name).toBe('while-running');
      const auth = basicOf(accessId, accessKey);
      expect((await api(serve.url, auth, 'GET', '/api/v1/collectors')).status).toBe(200);

      const listed = await runCli(['access-keys', 'list', '--data', data.dir, '--json'], ENV);
      expect(listed.code, listed.stderr).toBe(0);
      const keys = JSON.parse(listed.stdout) as { id: string; label: string; createdBy: string; disabled: boolean }[];
      expect(keys.map((k) => [k.label, k.createdBy, k.disabled])).toEqual([
        ['e2e', 'cli', false],
        ['while-running', 'cli', false],
      ]);
      expect(listed.stdout).not.toContain(accessKey);

      const revoked = await runCli(['access-keys', 'revoke', accessId, '--data', data.dir], ENV);
      expect([revoked.code, revoked.stdout]).toEqual([0, `revoked ${accessId}\n`]);
      // At once, not after the authenticator's cache period: the server made the change itself.
      expect((await api(serve.url, auth, 'GET', '/api/v1/collectors')).status).toBe(401);
      expect((await runCli(['access-keys', 'revoke', 'suNoSuchKey', '--data', data.dir], ENV)).code).toBe(1);

      const viaApi = await api<{ data: { id: string; disabled: boolean }[] }>(serve.url, admin, 'GET', '/api/v1/accessKeys');
      expect(viaApi.body.data.find((k) => k.id === accessId)?.disabled).toBe(true);

      serve.process.kill('SIGTERM');
      expect((await serve.exited).code, serve.stderr()).toBe(0);
      const auditLines = serve
        .stderr()
        .split('\n')
        .filter((line) => line.includes('"msg":"audit"'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(auditLines.map((l) => [l.accessId, l.route, l.resourceId, l.status, l.via])).toEqual([
        ['cli', 'access-keys create', accessId, 200, 'CLI'],
        ['cli', 'access-keys revoke', accessId, 200, 'CLI'],
        ['cli', 'access-keys revoke', 'suNoSuchKey', 404, 'CLI'],
      ]);
      await expect(stat(socket)).rejects.toMatchObject({ code: 'ENOENT' });

      const store = await openStore({ data: data.dir, secretKey: ENV.MC2C_SECRET_KEY, clock: systemClock, logger: silentLogger });
      try {
        const stored = await store.query("SELECT raw FROM messages WHERE idx = 'sumologic_audit' AND source_name = 'CLI'", []);
        // The first key was made with the server stopped: the CLI audits its own changes too.
        expect(stored.map((r) => (JSON.parse(String(r.raw)) as { route: string }).route).sort()).toEqual([
          'access-keys create',
          'access-keys create',
          'access-keys revoke',
          'access-keys revoke',
        ]);
      } finally {
        await store.close();
      }
    } finally {
      await data.remove();
    }
  });
});
