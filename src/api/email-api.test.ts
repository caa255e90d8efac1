import { afterEach, describe, expect, it } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../monitors/__fixtures__/smtp-receiver.js';
import { startTestApi, type TestApi } from './test-helpers.js';

/** The server's SMTP server over HTTP: its status (no password) and a test message, against a real SMTP server. */

let api: TestApi | undefined;
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  await api?.close();
  await smtp?.close();
  api = undefined;
  smtp = undefined;
});

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  (api as TestApi).app.inject({ method, url, payload: payload as object, headers: { authorization: (api as TestApi).auth } });

describe('the e-mail server', () => {
  it('shows its settings without the password and sends a test message', async () => {
    smtp = await startSmtpReceiver({ user: 'mc2c', password: 'pw-secret' });
    api = await startTestApi({
      config: {
        smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'alerts@mc2c.example', user: 'mc2c', password: 'pw-secret' },
      },
    });
    const status = await call('GET', '/api/v1/connections/email');
    expect(status.json()).toEqual({
      configured: true,
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      from: 'alerts@mc2c.example',
      authenticated: true,
    });
    expect(status.body).not.toContain('pw-secret');
    const sent = await call('POST', '/api/v1/connections/email/test', { recipients: ['soc@example.com'] });
    expect(sent.json()).toMatchObject({ statusCode: 250 });
    expect(smtp.mails.map((m) => m.to)).toEqual([['soc@example.com']]);
    smtp.mode = 'reject';
    expect((await call('POST', '/api/v1/connections/email/test', { recipients: ['soc@example.com'] })).json()).toMatchObject({
      statusCode: 550,
    });
  });

  it('says when none is configured, and refuses a test then, or with a bad address, with a 400 naming the field', async () => {
    api = await startTestApi({});
    expect((await call('GET', '/api/v1/connections/email')).json()).toEqual({ configured: false });
    expect((await call('POST', '/api/v1/connections/email/test', { recipients: ['soc@example.com'] })).json()).toMatchObject({
      status: 400,
      field: 'recipients',
    });
    expect((await call('POST', '/api/v1/connections/email/test', { recipients: ['nope'] })).json()).toMatchObject({ status: 400 });
  });
});
