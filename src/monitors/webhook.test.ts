import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { renderPayload } from './payload.js';
import { checkDestination, sendWebhook } from './webhook.js';

describe('webhook destinations', () => {
  it('refuses loopback and link-local addresses unless the allow-list names them, and hosts off a non-empty list', async () => {
    const open = { allowedHosts: [], timeoutMs: 1000 };
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://[::1]/x', 'http://169.254.169.254/latest']) {
      await expect(checkDestination(url, open)).rejects.toMatchObject({ code: 'webhook.destination', field: 'url' });
    }
    await expect(checkDestination('http://127.0.0.1:9/x', { ...open, allowedHosts: ['127.0.0.1'] })).resolves.toBeUndefined();
    const listed = { allowedHosts: ['*.example.com', 'hooks.slack.com'], timeoutMs: 1000 };
    await expect(checkDestination('https://a.example.com/x', listed)).resolves.toBeUndefined();
    await expect(checkDestination('https://hooks.slack.com/x', listed)).resolves.toBeUndefined();
    await expect(checkDestination('https://example.org/x', listed)).rejects.toMatchObject({ code: 'webhook.destination' });
  });

  it('never follows a redirect: the target gets nothing and the delivery is not retried', async () => {
    let targetHits = 0;
    const server = createServer((request, response) => {
      if (request.url === '/target') targetHits++;
      response.statusCode = 307;
      response.setHeader('location', '/target');
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const result = await sendWebhook({ url, headers: [] }, '{}', { allowedHosts: ['127.0.0.1'], timeoutMs: 1000 });
      expect(result).toMatchObject({ ok: false, kind: 'fatal', status: 307 });
      expect(targetHits).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('calls an unreachable receiver a retry, not a failure for good', async () => {
    const result = await sendWebhook({ url: 'http://127.0.0.1:9/x', headers: [] }, '{}', { allowedHosts: ['127.0.0.1'], timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, kind: 'retry', status: null });
  });
});

describe('alert variables', () => {
  const vars = {
    Name: 'Say "hi"\n',
    Description: '',
    MonitorType: 'Logs',
    Query: 'a | json "b"',
    QueryURL: '/#/search',
    ResultsJson: [{ a: '1' }],
    NumQueryResults: 3,
    Id: 'ID',
    DetectionMethod: 'StaticCondition',
    TriggerType: 'Critical',
    TriggerTimeRange: '-15m',
    TriggerTime: 't',
    TriggerCondition: 'GreaterThan 2',
    TriggerValue: 3,
    TriggerTimeStart: 's',
    TriggerTimeEnd: 'e',
    SourceURL: '/#/monitors/ID',
    AlertResponseUrl: '/#/alerts/A',
  };

  it('JSON-escapes a variable inside a string and writes JSON values outside one', () => {
    const out = renderPayload(
      '{"t":"{{Name}} at {{TriggerTime}}","n":{{NumQueryResults}},"r":{{ResultsJson}},"q":"{{query}}","x":"\\"{{Id}}\\"","u":"{{Unknown}}"}',
      vars,
    );
    expect(JSON.parse(out)).toEqual({ t: 'Say "hi"\n at t', n: 3, r: [{ a: '1' }], q: 'a | json "b"', x: '"ID"', u: '{{Unknown}}' });
  });

  it('renders a payload that is not JSON as text', () => {
    expect(renderPayload('Alert {{Name}}: {{TriggerValue}} {{Nope}}', vars)).toBe('Alert Say "hi"\n: 3 {{Nope}}');
  });
});
