import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpSettings } from '../model/connection.js';
import { type Engine, logsMonitor, startEngine } from './__fixtures__/engine.js';
import { type SmtpReceiver, startSmtpReceiver } from './__fixtures__/smtp-receiver.js';

/**
 * E-mail notifications end to end: a real SMTP server (smtp-server), a real DuckDB store, a ManualClock;
 * the same delivery queue as webhooks, with its retries, and a health event on the monitor when one is given up.
 */

let e: Engine | undefined;
let smtp: SmtpReceiver | undefined;
afterEach(async () => {
  await e?.close();
  await smtp?.close();
  e = undefined;
  smtp = undefined;
});

const QUERY = '_sourceCategory=Mimecast | json "action" | where action = "Rej"';
const TRIGGER = { triggerType: 'Critical', timeRange: '-15m', threshold: 0, thresholdType: 'GreaterThan' };

async function start(login?: { user: string; password: string }) {
  smtp = await startSmtpReceiver(login);
  const settings: SmtpSettings = {
    host: '127.0.0.1',
    port: smtp.port,
    security: 'none',
    from: 'alerts@mc2c.example',
    ...(login ? { user: login.user, password: login.password } : {}),
  };
  e = await startEngine({ smtp: settings, publicUrl: 'https://mc2c.example.com' });
  return { engine: e, receiver: smtp };
}

function emailMonitor(notification: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  return logsMonitor(QUERY, [TRIGGER], '', {
    name: 'Rejections <&> "now"',
    notifications: [{ notification: { connectionType: 'Email', recipients: ['soc@example.com', 'oncall@example.com'], ...notification } }],
    ...overrides,
  });
}

/** The message text with quoted-printable soft breaks and `=3D` undone, enough to read short bodies. */
const text = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');

/** The Subject header, its RFC 2047 encoded words (`=?UTF-8?Q?…?=`) decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?Q\?(.*?)\?=/gi, (_, word: string) =>
    Buffer.from(
      word.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      'latin1',
    ).toString('utf8'),
  );
}

describe('e-mail notifications', () => {
  it('sends the subject and a plain body with the variables as text, to every recipient, as the configured sender', async () => {
    const { engine, receiver } = await start({ user: 'mc2c', password: 'pw' });
    await engine.services.monitors.create(
      undefined,
      emailMonitor({
        subject: '{{TriggerType}}: {{Name}}',
        messageBody: 'Value {{TriggerValue}} for {{Query}} at {{QueryURL}} ({{TriggerTime}})',
        timeZone: 'America/Los_Angeles',
      }),
      'suTEST',
    );
    await engine.messages(60_000, { action: 'Rej' }, { action: 'Rej' });
    await engine.services.monitors.runOnce();
    expect(receiver.mails).toHaveLength(1);
    const [mail] = receiver.mails;
    expect({ from: mail.from, to: mail.to, user: mail.user }).toEqual({
      from: 'alerts@mc2c.example',
      to: ['soc@example.com', 'oncall@example.com'],
      user: 'mc2c',
    });
    expect(subjectOf(mail.raw)).toBe('Critical: Rejections <&> "now"');
    expect(text(mail.raw)).toContain(`Value 2 for ${QUERY} at https://mc2c.example.com/#/search?`);
    // The times in the notification's time zone (the ManualClock stands in November: PST).
    expect(text(mail.raw)).toContain('(2026-11-20 04:00:00 PST)');
    const [alert] = (await engine.store.alerts.list({ limit: 1, offset: 0 })).alerts;
    expect((await engine.store.alerts.listDeliveries({ alertId: alert.id })).map((d) => [d.connectionId, d.status])).toEqual([
      ['email', 'Sent'],
    ]);
  });

  it('HTML-escapes the variables in an HTML body', async () => {
    const { engine, receiver } = await start();
    await engine.services.monitors.create(undefined, emailMonitor({ messageBody: '<p>{{Name}}</p>' }), 'suTEST');
    await engine.messages(60_000, { action: 'Rej' });
    await engine.services.monitors.runOnce();
    const raw = text(receiver.mails[0].raw);
    expect(raw).toContain('Content-Type: text/html');
    expect(raw).toContain('<p>Rejections &lt;&amp;&gt; &quot;now&quot;</p>');
  });

  it('retries a 451, gives up a 550 at once and raises a health event on the monitor, which the next sent notification resolves', async () => {
    const { engine, receiver } = await start();
    const monitor = await engine.services.monitors.create(undefined, emailMonitor({}), 'suTEST');
    receiver.mode = 'busy';
    await engine.messages(60_000, { action: 'Rej' });
    await engine.services.monitors.runOnce();
    const [alert] = (await engine.store.alerts.list({ limit: 1, offset: 0 })).alerts;
    expect((await engine.store.alerts.listDeliveries({ alertId: alert.id }))[0]).toMatchObject({
      status: 'Pending',
      attempts: 1,
      httpStatus: 451,
    });

    receiver.mode = 'reject';
    engine.clock.advance(2000);
    await engine.services.monitors.runOnce();
    expect((await engine.store.alerts.listDeliveries({ alertId: alert.id }))[0]).toMatchObject({
      status: 'Failed',
      attempts: 2,
      httpStatus: 550,
    });
    const open = await engine.services.health.listOpen();
    expect(open.data).toEqual([
      expect.objectContaining({
        eventName: 'NotificationDeliveryError',
        subsystem: 'Monitors',
        status: 'Unhealthy',
        resourceIdentity: { id: monitor.id, name: 'Rejections <&> "now"', type: 'Monitor' },
        details: expect.objectContaining({ error: expect.stringContaining('550') }),
      }),
    ]);

    expect((await engine.services.health.forResources({ data: [{ id: monitor.id, type: 'Monitor' }] })).data).toHaveLength(1);

    // The condition clears, the alert resolves, and its resolution is sent: the monitor is healthy again.
    receiver.mode = 'ok';
    engine.clock.advance(20 * 60_000);
    await engine.services.monitors.runOnce();
    expect(receiver.mails).toHaveLength(1);
    expect((await engine.services.health.listOpen()).data).toEqual([]);

    // Both changes are searchable, as a source's health events are.
    const events = await engine.services.search.run({
      query:
        '_index=sumologic_system_events _sourceCategory=Monitors | json "eventName", "status", "resourceIdentity.id" as name, status, monitor | count by name, status, monitor',
      from: engine.clock.now() - 3_600_000,
      to: engine.clock.now() + 1,
    });
    expect(events.rows.map((r) => [r.name, r.status, r.monitor, Number(r._count)]).sort()).toEqual([
      ['NotificationDeliveryError', 'Healthy', monitor.id, 1],
      ['NotificationDeliveryError', 'Unhealthy', monitor.id, 1],
    ]);
  });

  it('sends every attempt at one notification with the same Message-ID and X-Mc2c-Delivery-Id', async () => {
    const { engine, receiver } = await start();
    await engine.services.monitors.create(undefined, emailMonitor({}), 'suTEST');
    receiver.mode = 'busy';
    await engine.messages(60_000, { action: 'Rej' });
    await engine.services.monitors.runOnce();
    receiver.mode = 'ok';
    engine.clock.advance(2000);
    await engine.services.monitors.runOnce();
    const [alert] = (await engine.store.alerts.list({ limit: 1, offset: 0 })).alerts;
    const [delivery] = await engine.store.alerts.listDeliveries({ alertId: alert.id });
    expect(delivery).toMatchObject({ status: 'Sent', attempts: 2 });
    const header = (raw: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(raw)?.[1];
    const [refused, sent] = [receiver.refused[0].raw, receiver.mails[0].raw];
    expect(header(sent, 'X-Mc2c-Delivery-Id')).toBe(delivery.id);
    expect(header(refused, 'X-Mc2c-Delivery-Id')).toBe(delivery.id);
    expect(header(sent, 'Message-ID')).toBe(`<${delivery.id}@mc2c.example>`);
    expect(header(refused, 'Message-ID')).toBe(header(sent, 'Message-ID'));
  });

  it('refuses an Email notification without a recipient, and any when no SMTP server is configured, with a 400 naming the field', async () => {
    const { engine } = await start();
    await expect(engine.services.monitors.create(undefined, emailMonitor({ recipients: [] }), 'suTEST')).rejects.toMatchObject({
      code: 'createValidationError',
      field: 'notifications[0].notification.recipients',
    });
    await expect(
      engine.services.monitors.create(undefined, emailMonitor({ recipients: ['not an address'] }), 'suTEST'),
    ).rejects.toMatchObject({
      field: expect.stringContaining('recipients'),
    });
    await engine.close();
    e = await startEngine();
    await expect(e.services.monitors.create(undefined, emailMonitor({}), 'suTEST')).rejects.toMatchObject({
      code: 'createValidationError',
      field: 'notifications[0].notification.connectionType',
    });
    expect(e.services.connections.emailServer()).toEqual({ configured: false });
  });
});
