import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { type Receiver, startReceiver } from '../monitors/__fixtures__/receiver.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { startTestApi, type TestApi } from './test-helpers.js';

/** The Alerts API over a real DuckDB store and webhook receiver; the engine runs by `runOnce()` on a ManualClock. */

let api: TestApi;
let clock: ManualClock;
let receiver: Receiver;
let seq = 0;

beforeEach(async () => {
  clock = new ManualClock();
  receiver = await startReceiver();
  api = await startTestApi({ clock, config: { webhookAllowedHosts: ['127.0.0.1'] } });
});
afterEach(async () => {
  await api.close();
  await receiver.close();
});

const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
  api.app.inject({ method, url, payload: payload as object, headers: { authorization: api.auth } });

async function rejections(n: number): Promise<void> {
  const at = clock.now() - 60_000;
  await api.store.messages.append(
    Array.from({ length: n }, () => makeMessage('S1', `m${seq++}`, { raw: '{"action":"Rej"}', messageTime: at, receiptTime: at })),
  );
}

/** A monitor that fires while more than 2 rejections fall in its last 5 minutes, notifying the receiver. */
async function monitor(): Promise<string> {
  const connection = await call('POST', '/api/v1/connections', {
    type: 'WebhookConnection',
    name: 'hook',
    url: receiver.url,
    defaultPayload: '{"name":"{{Name}}","type":"{{TriggerType}}"}',
  });
  const created = await call('POST', '/api/v1/monitors', {
    type: 'MonitorsLibraryMonitor',
    name: 'Rejections',
    monitorType: 'Logs',
    queries: [{ rowId: 'A', query: '| json "action" | where action = "Rej"' }],
    triggers: [{ triggerType: 'Critical', timeRange: '-5m', threshold: 2, thresholdType: 'GreaterThan' }],
    notifications: [{ notification: { connectionType: 'Webhook', connectionId: connection.json().id } }],
  });
  expect(created.statusCode).toBe(200);
  return created.json().id;
}

/** One minute on, then evaluate what is due and send what is owed. */
async function tick(): Promise<void> {
  clock.advance(60_000);
  await api.services.monitors.runOnce();
}

describe('Alerts API', () => {
  it('lists an alert with its monitor and notifications, filters and pages, acknowledges it', async () => {
    const monitorId = await monitor();
    await rejections(3);
    await tick();
    const list = await call('GET', '/api/v1/alerts?status=Active');
    expect(list.statusCode).toBe(200);
    const [alert] = list.json().data;
    expect(list.json()).toMatchObject({ total: 1, next: null });
    expect(alert).toMatchObject({
      monitorId,
      monitorName: 'Rejections',
      status: 'Active',
      triggerType: 'Critical',
      series: '',
      value: 3,
      startedAt: new Date(clock.now()).toISOString(),
      resolvedAt: null,
      acknowledged: false,
      notifications: [{ triggerType: 'Critical', status: 'Sent', attempts: 1, httpStatus: 200 }],
    });
    expect((await call('GET', '/api/v1/alerts?status=Resolved')).json()).toMatchObject({ data: [], total: 0 });
    expect((await call('GET', `/api/v1/alerts?monitorId=${monitorId}&limit=1`)).json().data.map((a: { id: string }) => a.id)).toEqual([
      alert.id,
    ]);
    expect((await call('GET', '/api/v1/alerts?monitorId=OTHER')).json().total).toBe(0);

    const acked = await call('POST', `/api/v1/alerts/${alert.id}/acknowledge`);
    expect(acked.json()).toMatchObject({
      id: alert.id,
      status: 'Active',
      acknowledged: true,
      acknowledgedAt: new Date(clock.now()).toISOString(),
    });
    expect((await call('GET', `/api/v1/alerts/${alert.id}`)).json().acknowledgedBy).toBe(acked.json().acknowledgedBy);
  });

  it('resolves by hand with its Resolved notification, and opens no new alert until the condition clears and fires again', async () => {
    await monitor();
    await rejections(3);
    await tick();
    const [alert] = (await call('GET', '/api/v1/alerts')).json().data;
    const resolved = await call('POST', `/api/v1/alerts/${alert.id}/resolve`);
    expect(resolved.json()).toMatchObject({ status: 'Resolved', resolution: 'Manual', resolvedAt: new Date(clock.now()).toISOString() });
    expect(resolved.json().resolvedBy).toEqual(expect.any(String));
    // Resolving again changes nothing; an acknowledgement now is refused.
    expect((await call('POST', `/api/v1/alerts/${alert.id}/resolve`)).json().resolvedAt).toBe(resolved.json().resolvedAt);
    expect((await call('POST', `/api/v1/alerts/${alert.id}/acknowledge`)).json()).toMatchObject({ status: 400, field: 'status' });

    await tick(); // the three rejections still hold: no new alert
    expect((await call('GET', '/api/v1/alerts')).json().total).toBe(1);
    clock.advance(5 * 60_000);
    await tick(); // they left the window: the condition cleared
    expect((await call('GET', '/api/v1/alerts')).json().total).toBe(1);
    await rejections(4);
    await tick(); // and fires again: a new alert
    const after = (await call('GET', '/api/v1/alerts')).json();
    expect(after.data.map((a: { status: string; value: number }) => [a.status, a.value])).toEqual([
      ['Active', 4],
      ['Resolved', 3],
    ]);
    // The hand resolution told the receiver once (a receiver's incident closes), then the new alert.
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['Critical', 'ResolvedCritical', 'Critical']);
  });

  it('refuses a bad filter or page with a 400 naming it, and an unknown alert with a 404', async () => {
    expect((await call('GET', '/api/v1/alerts?status=Open')).json()).toMatchObject({ status: 400, field: 'status' });
    expect((await call('GET', '/api/v1/alerts?limit=0')).json()).toMatchObject({ status: 400, field: 'limit' });
    expect((await call('GET', '/api/v1/alerts?token=x')).json()).toMatchObject({ status: 400, field: 'token' });
    expect((await call('GET', '/api/v1/alerts/NOPE')).statusCode).toBe(404);
    expect((await call('POST', '/api/v1/alerts/NOPE/resolve')).statusCode).toBe(404);
  });
});
