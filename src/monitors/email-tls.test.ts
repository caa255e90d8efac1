import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCertificates, type TestCertificates } from '../cli/test-certificates.js';
import type { SmtpSecurity, SmtpSettings } from '../model/connection.js';
import { type SmtpReceiver, startSmtpReceiver } from './__fixtures__/smtp-receiver.js';
import { sendEmail } from './email.js';

/**
 * E-mail over TLS from the first byte (`tls`, port 465 style) and over STARTTLS, to a real SMTP server
 * (smtp-server) with a self-signed certificate made as the `serve --tls-cert` tests make theirs: the
 * certificate is verified, so the message goes only when MC2C_SMTP_CA_FILE names a CA that signed it.
 */

let dir: string;
let files: TestCertificates;
let pem: { cert: string; key: string };
let smtp: SmtpReceiver | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-smtp-tls-'));
  files = await makeTestCertificates(dir);
  pem = { cert: await readFile(files.cert, 'utf8'), key: await readFile(files.key, 'utf8') };
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
});

const MESSAGE = { to: ['soc@example.com'], subject: 'Critical on Rejections', text: 'Triggered' };

async function send(security: SmtpSecurity, receiver: SmtpReceiver, extra: Partial<SmtpSettings> = {}) {
  const settings: SmtpSettings = { host: '127.0.0.1', port: receiver.port, security, from: 'alerts@mc2c.example', ...extra };
  return sendEmail(settings, MESSAGE, 'D1', 10_000);
}

describe.each([
  ['tls', true],
  ['starttls', false],
] as const)('e-mail with security %s', (security, implicit) => {
  it('is sent over TLS when the CA file names the certificate, with a login', async () => {
    smtp = await startSmtpReceiver({ user: 'mc2c', password: 'pw' }, { ...pem, implicit });
    const result = await send(security, smtp, { caFile: files.cert, user: 'mc2c', password: 'pw' });
    expect(result).toMatchObject({ ok: true, status: 250 });
    expect(smtp.mails.map((m) => [m.to, m.user, m.secure])).toEqual([[['soc@example.com'], 'mc2c', true]]);
  });

  it('is not sent to a certificate no trusted CA signed (verification is on by default)', async () => {
    smtp = await startSmtpReceiver(undefined, { ...pem, implicit });
    const result = await send(security, smtp);
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ error: expect.stringMatching(/self[- ]signed certificate/i) });
    expect(smtp.mails).toEqual([]);
  });
});

describe('MC2C_SMTP_CA_FILE', () => {
  it('that cannot be read gives the delivery up, naming the setting', async () => {
    smtp = await startSmtpReceiver(undefined, { ...pem, implicit: true });
    const result = await send('tls', smtp, { caFile: path.join(dir, 'missing.pem') });
    expect(result).toMatchObject({ ok: false, kind: 'fatal', error: expect.stringMatching(/^SMTP: MC2C_SMTP_CA_FILE: .*missing\.pem/) });
    expect(smtp.mails).toEqual([]);
  });

  it('is not needed for security none, which sends in plain text', async () => {
    smtp = await startSmtpReceiver();
    expect(await send('none', smtp)).toMatchObject({ ok: true });
    expect(smtp.mails.map((m) => m.secure)).toEqual([false]);
  });
});
