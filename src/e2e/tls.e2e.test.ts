import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpsRequest, makeTestCertificates } from '../cli/test-certificates.js';
import { killAll, runCli, startCli, tempDir } from './processes.js';

afterAll(killAll);

describe('mimecast-c2c serve --tls-cert --tls-key', () => {
  it('says https:// on its listening line and answers over TLS; a wrong file stops it with one line', async () => {
    const { dir, remove } = await tempDir('mc2c-tls-e2e-');
    try {
      const files = await makeTestCertificates(dir);
      const env = { MC2C_SECRET_KEY: 'tls-e2e' };
      const data = path.join(dir, 'data');
      const server = await startCli(
        ['serve', '--port', '0', '--data', data, '--tls-cert', files.cert, '--tls-key', files.key],
        env,
        /^mimecast-c2c listening on (https:\/\/127\.0\.0\.1:\d+)$/,
      );
      const health = await httpsRequest(`${server.url}/api/health`, { ca: await readFile(files.cert) });
      expect(health).toMatchObject({ status: 200, text: '{"status":"ok"}' });
      expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
      server.process.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);

      const refused = await runCli(['serve', '--port', '0', '--data', data, '--tls-cert', files.cert, '--tls-key', files.otherKey], env);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim()).toBe(
        `mimecast-c2c serve: --tls-key: ${files.otherKey}: is not the private key of the certificate in ${files.cert} (--tls-cert)`,
      );
    } finally {
      await remove();
    }
  });
});
