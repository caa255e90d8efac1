import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../monitors/__fixtures__/receiver.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi;
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
  api = await startTestApi({ config: { webhookAllowedHosts: ['127.0.0.1'] } });
});
afterEach(async () => {
  await api.close();
  await receiver.close();
});

const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  api.app.inject({ method, url, payload: payload as object, headers: { authorization: api.auth, ...headers } });

const webhook = (overrides: Record<string, unknown> = {}) => ({
  type: 'WebhookConnection',
  name: 'SOC hook',
  description: 'to the SOC',
  url: receiver.url,
  headers: [
    { name: 'Authorization', value: 'Bearer very-secret' },
    { name: 'X-Team', value: 'soc' },
  ],
  defaultPayload: '{"text":"{{Name}}: {{TriggerType}}"}',
  webhookType: 'Slack',
  ...overrides,
});

describe('Connections API', () => {
  it('creates, reads with an ETag, updates with If-Match and deletes by type, never showing a secret header', async () => {
    const created = await call('POST', '/api/v1/connections', webhook());
    expect(created.statusCode).toBe(200);
    const c = created.json();
    expect(c).toMatchObject({
      type: 'WebhookConnection',
      name: 'SOC hook',
      webhookType: 'Slack',
      headers: [
        { name: 'Authorization', value: '********' },
        { name: 'X-Team', value: 'soc' },
      ],
      version: 1,
    });
    expect(created.body).not.toContain('very-secret');
    const got = await call('GET', `/api/v1/connections/${c.id}`);
    expect(got.headers.etag).toBe('"1"');
    expect((await call('GET', '/api/v1/connections')).json().data.map((x: { id: string }) => x.id)).toEqual([c.id]);

    // The masked value sent back keeps the stored secret.
    const put = await call(
      'PUT',
      `/api/v1/connections/${c.id}`,
      { ...got.json<Record<string, unknown>>(), name: 'SOC hook 2' },
      { 'if-match': '"1"' },
    );
    expect(put.statusCode).toBe(200);
    expect(put.headers.etag).toBe('"2"');
    expect((await api.store.connections.get(c.id))?.headers[0].value).toBe('Bearer very-secret');
    const stale = await call('PUT', `/api/v1/connections/${c.id}`, webhook(), { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);

    expect((await call('DELETE', `/api/v1/connections/${c.id}`)).json()).toMatchObject({ status: 400, field: 'type' });
    // If-Match on DELETE, when sent, names the current version.
    expect((await call('DELETE', `/api/v1/connections/${c.id}?type=WebhookConnection`, undefined, { 'if-match': '"1"' })).statusCode).toBe(
      412,
    );
    expect((await call('DELETE', `/api/v1/connections/${c.id}?type=WebhookConnection`, undefined, { 'if-match': '"2"' })).statusCode).toBe(
      204,
    );
    expect((await call('GET', `/api/v1/connections/${c.id}`)).statusCode).toBe(404);
  });

  it('refuses bad connections with a 400 naming the field, and destinations the policy does not allow', async () => {
    expect((await call('POST', '/api/v1/connections', webhook({ url: 'ftp://x' }))).json()).toMatchObject({ status: 400, field: 'url' });
    expect((await call('POST', '/api/v1/connections', webhook({ webhookType: 'Carrier pigeon' }))).json()).toMatchObject({
      field: 'webhookType',
    });
    expect(
      (await call('POST', '/api/v1/connections', webhook({ headers: [{ name: 'Authorization', value: '********' }] }))).json(),
    ).toMatchObject({
      field: 'headers[0].value',
    });
    const other = await call('POST', '/api/v1/connections', webhook({ url: 'https://hooks.example.com/x' }));
    expect(other.json()).toMatchObject({ status: 400, code: 'webhook.destination', field: 'url' });
  });

  it('tests a connection: one POST of the default payload, and the receiver answer', async () => {
    const answer = await call('POST', '/api/v1/connections/test', webhook());
    expect(answer.json()).toEqual({ statusCode: 200, responseContent: 'thanks' });
    expect(JSON.parse(receiver.received[0].body)).toEqual({ text: 'Test notification: Critical' });
    expect(receiver.received[0].headers.authorization).toBe('Bearer very-secret');
  });
});

describe('Monitors API', () => {
  const monitor = (connectionId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    type: 'MonitorsLibraryMonitor',
    name: 'Rejections',
    description: 'Too many rejections',
    monitorType: 'Logs',
    queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast | json "action" | where action = "Rej"' }],
    triggers: [
      {
        triggerType: 'Critical',
        timeRange: '-15m',
        threshold: 10,
        thresholdType: 'GreaterThan',
        occurrenceType: 'ResultCount',
        triggerSource: 'AllResults',
      },
    ],
    notifications: [{ notification: { connectionType: 'Webhook', connectionId }, runForTriggerTypes: ['Critical'] }],
    tags: { team: 'soc' },
    ...overrides,
  });

  it('keeps a tree under the root: folders, monitors with unknown members kept, update by version, delete', async () => {
    const connectionId = (await call('POST', '/api/v1/connections', webhook())).json().id;
    const root = await call('GET', '/api/v1/monitors/root');
    expect(root.json()).toMatchObject({ id: '0000000000000001', type: 'MonitorsLibraryFolder', children: [] });
    const folder = (
      await call('POST', '/api/v1/monitors?parentId=0000000000000001', { type: 'MonitorsLibraryFolder', name: 'Mimecast' })
    ).json();
    const created = await call('POST', `/api/v1/monitors?parentId=${folder.id}`, monitor(connectionId));
    expect(created.statusCode).toBe(200);
    const m = created.json();
    expect(m).toMatchObject({
      type: 'MonitorsLibraryMonitor',
      contentType: 'Monitor',
      parentId: folder.id,
      version: 1,
      isDisabled: false,
      tags: { team: 'soc' },
      triggers: [{ triggerType: 'Critical', detectionMethod: 'StaticCondition', threshold: 10 }],
    });
    expect((await call('GET', `/api/v1/monitors/${folder.id}`)).json().children.map((c: { id: string }) => c.id)).toEqual([m.id]);
    expect((await call('GET', '/api/v1/monitors/root')).json().children.map((c: { name: string }) => c.name)).toEqual(['Mimecast']);

    const updated = await call('PUT', `/api/v1/monitors/${m.id}`, { ...m, isDisabled: true, name: 'Rejections!' });
    expect(updated.json()).toMatchObject({ version: 2, isDisabled: true, name: 'Rejections!', createdAt: m.createdAt });
    expect((await call('PUT', `/api/v1/monitors/${m.id}`, { ...m })).statusCode).toBe(412);

    expect((await call('DELETE', `/api/v1/monitors/${m.id}`, undefined, { 'if-match': '"1"' })).statusCode).toBe(412);
    expect((await call('GET', `/api/v1/monitors/${m.id}`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/v1/monitors/${folder.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/monitors/${m.id}`)).statusCode).toBe(404);
  });

  it("maps the Terraform provider's triggerConditions to the same triggers", async () => {
    const connectionId = (await call('POST', '/api/v1/connections', webhook())).json().id;
    const body = monitor(connectionId, {
      triggers: undefined,
      triggerConditions: {
        logsStaticCondition: {
          critical: {
            timeRange: '15m',
            alert: { threshold: 40, thresholdType: 'GreaterThan' },
            resolution: { threshold: 40, thresholdType: 'LessThanOrEqual' },
          },
        },
      },
    });
    const m = (await call('POST', '/api/v1/monitors', body)).json();
    expect(m.triggerConditions).toEqual((body as Record<string, unknown>).triggerConditions);
    expect(m.triggers).toEqual([
      {
        detectionMethod: 'StaticCondition',
        triggerType: 'Critical',
        timeRange: '-15m',
        occurrenceType: 'ResultCount',
        triggerSource: 'AllResults',
        threshold: 40,
        thresholdType: 'GreaterThan',
      },
      {
        detectionMethod: 'StaticCondition',
        triggerType: 'ResolvedCritical',
        timeRange: '-15m',
        occurrenceType: 'ResultCount',
        triggerSource: 'AllResults',
        threshold: 40,
        thresholdType: 'LessThanOrEqual',
      },
    ]);
  });

  it('refuses invalid monitors with a 400 naming the field', async () => {
    const connectionId = (await call('POST', '/api/v1/connections', webhook())).json().id;
    const refused = async (body: unknown) => (await call('POST', '/api/v1/monitors', body)).json();
    const trigger = (t: Record<string, unknown>) => ({ triggers: [{ triggerType: 'Critical', timeRange: '-15m', threshold: 1, ...t }] });
    expect(await refused(monitor(connectionId, { queries: [{ rowId: 'A', query: '* | count by' }] }))).toMatchObject({
      status: 400,
      field: 'queries[0].query',
    });
    expect(await refused(monitor(connectionId, trigger({ triggerType: 'Fatal' })))).toMatchObject({ field: 'triggers[0].triggerType' });
    expect(await refused(monitor(connectionId, trigger({ threshold: 'ten' })))).toMatchObject({
      field: 'triggers[0].threshold',
      message: 'triggers[0].threshold: must be a number',
    });
    expect(await refused(monitor(connectionId, trigger({ threshold: undefined })))).toMatchObject({ field: 'triggers[0].threshold' });
    expect(await refused(monitor(connectionId, trigger({ timeRange: 'yesterday' })))).toMatchObject({ field: 'triggers[0].timeRange' });
    expect(await refused(monitor('NOPE'))).toMatchObject({ status: 400, field: 'notifications[0].notification.connectionId' });
    expect(await refused({ ...monitor(connectionId), type: 'Dashboard' })).toMatchObject({ field: 'type' });
    expect((await call('POST', '/api/v1/monitors?parentId=FFFF', monitor(connectionId))).json()).toMatchObject({ field: 'parentId' });
    expect((await call('GET', '/api/v1/monitors/root')).json().children).toEqual([]);
  });
});
