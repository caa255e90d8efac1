import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic } from '../api/test-helpers.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { loadServerConfig } from './config.js';
import { type RunningServer, startServer } from './serve.js';
import { httpsRequest, makeTestCertificates, type TestCertificates } from './test-certificates.js';
import { readTlsFiles } from './tls.js';

let dir: string;
let files: TestCertificates;
let ca: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-tls-'));
  files = await makeTestCertificates(dir);
  ca = await readFile(files.cert);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function refusal(error: unknown): { code: string; field: string | undefined; message: string } {
  expect(error).toBeInstanceOf(AppError);
  const e = error as AppError;
  return { code: e.code, field: e.field, message: e.message };
}

describe('serve over TLS', () => {
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.close();
  });

  it('answers over HTTPS with HSTS, and signs in with a Secure session cookie', async () => {
    const config = loadServerConfig(
      { port: '0', data: path.join(dir, 'data'), 'tls-cert': files.cert },
      { MC2C_SECRET_KEY: 'tls-test', MC2C_TLS_KEY: files.key },
    );
    server = await startServer(config, { logger: silentLogger });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const key = await server.store.accessKeys.create('tls');

    const collectors = await httpsRequest(`${server.url}/api/v1/collectors`, {
      ca,
      headers: { authorization: basic(key.accessId, key.accessKey) },
    });
    expect(collectors.status).toBe(200);
    expect(collectors.headers['strict-transport-security']).toBe('max-age=31536000');
    // Refusals carry it too: they come from the same hook.
    const denied = await httpsRequest(`${server.url}/api/v1/collectors`, { ca });
    expect(denied.status).toBe(401);
    expect(denied.headers['strict-transport-security']).toBe('max-age=31536000');

    const signIn = await httpsRequest(`${server.url}/api/session`, {
      ca,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accessId: key.accessId, accessKey: key.accessKey }),
    });
    expect(signIn.status).toBe(200);
    const cookie = String(signIn.headers['set-cookie']);
    expect(cookie).toMatch(/^mc2c_session=[^;]+;/);
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);

    // Plain HTTP on the TLS port gets no answer a client could mistake for the API's.
    const plain = await fetch(`${server.url.replace('https:', 'http:')}/api/v1/collectors`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });
});

describe('the TLS files', () => {
  const named = (cert: string, key: string) => ({ cert: { path: cert, from: '--tls-cert' }, key: { path: key, from: '--tls-key' } });

  it('reads a matching PEM certificate and key', async () => {
    const material = await readTlsFiles(named(files.cert, files.key));
    expect(new X509Certificate(material.cert).subject).toContain('CN=localhost');
  });

  it('ships test-only fallbacks that match, for a machine without openssl', async () => {
    const fixtures = path.join(import.meta.dirname, '__fixtures__', 'tls');
    await expect(readTlsFiles(named(path.join(fixtures, 'cert.pem'), path.join(fixtures, 'key.pem')))).resolves.toBeDefined();
    await expect(readTlsFiles(named(path.join(fixtures, 'cert.pem'), path.join(fixtures, 'other-key.pem')))).rejects.toThrow(
      /is not the private key/,
    );
  });

  it('names the flag of a file that cannot be read', async () => {
    const missing = path.join(dir, 'missing.pem');
    expect(refusal(await readTlsFiles(named(missing, files.key)).catch((e) => e))).toEqual({
      code: 'usage',
      field: '--tls-cert',
      message: `--tls-cert: ${missing}: cannot be read (ENOENT)`,
    });
    expect(refusal(await readTlsFiles(named(files.cert, dir)).catch((e) => e))).toMatchObject({
      field: '--tls-key',
      message: `--tls-key: ${dir}: cannot be read (EISDIR)`,
    });
  });

  it('refuses a certificate that is not PEM (DER, a key, text)', async () => {
    const der = path.join(dir, 'cert.der');
    await writeFile(der, new X509Certificate(ca).raw);
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'not a certificate\n');
    for (const file of [der, files.key, text]) {
      expect(refusal(await readTlsFiles(named(file, files.key)).catch((e) => e))).toEqual({
        code: 'usage',
        field: '--tls-cert',
        message: `--tls-cert: ${file}: is not a PEM certificate (expected a "-----BEGIN CERTIFICATE-----" block)`,
      });
    }
    const broken = path.join(dir, 'broken.pem');
    await writeFile(broken, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(refusal(await readTlsFiles(named(broken, files.key)).catch((e) => e)).message).toBe(
      `--tls-cert: ${broken}: is not a valid PEM certificate`,
    );
  });

  it('refuses a key that is not a key, or not the certificate’s', async () => {
    expect(refusal(await readTlsFiles(named(files.cert, files.cert)).catch((e) => e))).toMatchObject({
      field: '--tls-key',
      message: `--tls-key: ${files.cert}: is not a PEM private key (an encrypted key is not supported)`,
    });
    expect(refusal(await readTlsFiles(named(files.cert, files.otherKey)).catch((e) => e))).toEqual({
      code: 'usage',
      field: '--tls-key',
      message: `--tls-key: ${files.otherKey}: is not the private key of the certificate in ${files.cert} (--tls-cert)`,
    });
  });

  it('names the environment variable when the file came from there', async () => {
    const config = loadServerConfig({}, { MC2C_TLS_CERT: path.join(dir, 'nope.pem'), MC2C_TLS_KEY: files.key });
    expect(config.tls).toEqual({
      cert: { path: path.join(dir, 'nope.pem'), from: 'MC2C_TLS_CERT' },
      key: { path: files.key, from: 'MC2C_TLS_KEY' },
    });
    expect(refusal(await readTlsFiles(config.tls!).catch((e) => e)).message).toMatch(
      /^MC2C_TLS_CERT: .*nope\.pem: cannot be read \(ENOENT\)$/,
    );
  });
});

describe('the TLS flags', () => {
  it('are both given or neither, the flag winning over its variable', () => {
    expect(loadServerConfig({}, {}).tls).toBeUndefined();
    expect(() => loadServerConfig({ 'tls-cert': 'c.pem' }, {})).toThrow(
      "--tls-key: is required with --tls-cert (the certificate's private key)",
    );
    expect(() => loadServerConfig({}, { MC2C_TLS_KEY: 'k.pem' })).toThrow(
      '--tls-cert: is required with MC2C_TLS_KEY (the certificate for the key)',
    );
    expect(() => loadServerConfig({ 'tls-cert': ' ', 'tls-key': 'k.pem' }, {})).toThrow('--tls-cert: must name a file');
    expect(loadServerConfig({ 'tls-cert': 'c.pem', 'tls-key': 'k.pem' }, { MC2C_TLS_CERT: 'env.pem' }).tls).toEqual({
      cert: { path: 'c.pem', from: '--tls-cert' },
      key: { path: 'k.pem', from: '--tls-key' },
    });
  });
});
