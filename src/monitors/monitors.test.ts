import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { type Receiver, startReceiver } from './__fixtures__/receiver.js';

/**
 * Monitors end to end on a real DuckDB store, a real webhook receiver and a ManualClock: each test drives
 * the engine with `runOnce()` (evaluate what is due, send what is owed) and moves the clock itself.
 */

let dir: string;
let clock: ManualClock;
let store: Store;
let services: Services;
let receiver: Receiver;
let seq = 0;

async function open(): Promise<void> {
  store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'monitor-tests' });
  services = createServices({
    store,
    clock,
    logger: silentLogger,
    config: {
      minPollSec: 30,
      webhookAllowedHosts: ['127.0.0.1'],
      monitorRunner: { maxAttempts: 3, retryBaseMs: 1000, retryCapMs: 1000, webhookTimeoutMs: 300 },
    },
  });
}

async function restart(): Promise<void> {
  await services.close();
  await store.close();
  await open();
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-monitors-'));
  clock = new ManualClock();
  receiver = await startReceiver();
  await open();
});
afterEach(async () => {
  await services.close();
  await store.close();
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

/** Messages `agoMs` before now, each with these JSON members. */
async function messages(agoMs: number, ...bodies: Record<string, unknown>[]): Promise<void> {
  await store.messages.append(
    bodies.map((b) =>
      makeMessage('S1', `m${seq++}`, { raw: JSON.stringify(b), messageTime: clock.now() - agoMs, receiptTime: clock.now() - agoMs }),
    ),
  );
}

async function connection(url = receiver.url): Promise<string> {
  const created = await services.connections.create(
    {
      type: 'WebhookConnection',
      name: `hook ${seq++}`,
      url,
      headers: [{ name: 'Authorization', value: 'Bearer s3cret' }],
      defaultPayload:
        '{"name":"{{Name}}","type":"{{TriggerType}}","value":{{TriggerValue}},"count":"{{NumQueryResults}}","query":"{{Query}}","results":{{ResultsJson}}}',
      resolutionPayload: '{"resolved":"{{Name}}","type":"{{TriggerType}}"}',
    },
    'suTEST',
  );
  return created.id;
}

function monitorBody(connectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    type: 'MonitorsLibraryMonitor',
    name: 'Too many "receipts"',
    monitorType: 'Logs',
    queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast | json "type" | where type = "receipt"' }],
    triggers: [
      {
        triggerType: 'Critical',
        timeRange: '-15m',
        threshold: 2,
        thresholdType: 'GreaterThan',
        occurrenceType: 'ResultCount',
        triggerSource: 'AllResults',
      },
      { triggerType: 'ResolvedCritical', timeRange: '-15m', threshold: 2, thresholdType: 'LessThanOrEqual' },
    ],
    notifications: [{ notification: { connectionType: 'Webhook', connectionId }, runForTriggerTypes: ['Critical', 'ResolvedCritical'] }],
    ...overrides,
  };
}

const bodies = () => receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>);

describe('monitor evaluation', () => {
  it('fires once while the condition holds and resolves once when it stops', async () => {
    const monitor = await services.monitors.create(undefined, monitorBody(await connection()), 'suTEST');
    await messages(60_000, { type: 'receipt' }, { type: 'receipt' }, { type: 'receipt' }, { type: 'delivery' });
    await services.monitors.runOnce();
    expect(bodies()).toEqual([
      {
        name: 'Too many "receipts"',
        type: 'Critical',
        value: 3,
        count: '3',
        query: '_sourceCategory=Mimecast | json "type" | where type = "receipt"',
        results: expect.any(Array),
      },
    ]);
    expect(receiver.received[0].headers.authorization).toBe('Bearer s3cret');
    expect(receiver.received[0].headers['x-mc2c-delivery-id']).toMatch(/^[0-9A-F]{16}$/);

    clock.advance(60_000);
    await services.monitors.runOnce();
    expect(receiver.received).toHaveLength(1);

    clock.advance(15 * 60_000);
    await services.monitors.runOnce();
    clock.advance(60_000);
    await services.monitors.runOnce();
    expect(bodies().slice(1)).toEqual([{ resolved: 'Too many "receipts"', type: 'ResolvedCritical' }]);
    const alerts = (await store.alerts.list({ monitorId: String(monitor.id), limit: 10, offset: 0 })).alerts;
    expect(alerts).toMatchObject([{ triggerType: 'Critical', value: 3, resolution: 'Auto' }]);
  });

  it('sends no duplicate and loses no notification across a restart mid-alert', async () => {
    await services.monitors.create(undefined, monitorBody(await connection()), 'suTEST');
    await messages(60_000, { type: 'receipt' }, { type: 'receipt' }, { type: 'receipt' });
    receiver.mode = 'fail';
    await services.monitors.runOnce();
    expect(receiver.received).toHaveLength(1);
    // The process stops with the alert open and its notification still owed.
    await restart();
    receiver.mode = 'ok';
    clock.advance(60_000);
    await services.monitors.runOnce();
    clock.advance(60_000);
    await services.monitors.runOnce();
    expect(bodies().map((b) => b.type)).toEqual(['Critical', 'Critical']);
    expect(receiver.received[0].headers['x-mc2c-delivery-id']).toBe(receiver.received[1].headers['x-mc2c-delivery-id']);
    expect((await store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).alerts.length).toBe(1);
  });

  it('alerts per time series of an aggregate (AnyTimeSeries), each notified on its own without groupNotifications', async () => {
    const body = monitorBody(await connection(), {
      groupNotifications: false,
      queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast | json "sender" | count by sender' }],
      triggers: [
        { triggerType: 'Critical', timeRange: '-15m', threshold: 1, thresholdType: 'GreaterThan', triggerSource: 'AnyTimeSeries' },
      ],
      notifications: [
        {
          notification: {
            connectionType: 'Webhook',
            connectionId: await connection(),
            payloadOverride: '{"v":{{TriggerValue}},"r":{{ResultsJson}}}',
          },
        },
      ],
    });
    await services.monitors.create(undefined, body, 'suTEST');
    await messages(
      60_000,
      { sender: 'a@x' },
      { sender: 'a@x' },
      { sender: 'b@x' },
      { sender: 'b@x' },
      { sender: 'b@x' },
      { sender: 'c@x' },
    );
    await services.monitors.runOnce();
    const sent = bodies().sort((x, y) => Number(x.v) - Number(y.v));
    expect(sent).toEqual([
      { v: 2, r: [{ sender: 'a@x', _count: '2' }] },
      { v: 3, r: [{ sender: 'b@x', _count: '3' }] },
    ]);
    const open = (await store.alerts.list({ status: 'Active', limit: 10, offset: 0 })).alerts;
    expect(open.map((a) => a.seriesKey).sort()).toEqual(['sender=a@x', 'sender=b@x']);
  });

  it('raises MissingData when the query finds nothing and resolves it when data comes back', async () => {
    const body = monitorBody(await connection(), {
      queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast' }],
      triggerConditions: { logsMissingDataCondition: { timeRange: '5m' } },
      triggers: undefined,
      notifications: [{ notification: { connectionType: 'Webhook', connectionId: await connection() } }],
    });
    const monitor = await services.monitors.create(undefined, body, 'suTEST');
    expect(monitor.triggers).toEqual([
      { detectionMethod: 'StaticCondition', triggerType: 'MissingData', timeRange: '-5m' },
      { detectionMethod: 'StaticCondition', triggerType: 'ResolvedMissingData', timeRange: '-5m' },
    ]);
    await services.monitors.runOnce();
    await messages(1000, { type: 'receipt' });
    clock.advance(60_000);
    await services.monitors.runOnce();
    expect(bodies().map((b) => b.type)).toEqual(['MissingData', 'ResolvedMissingData']);
  });

  it('retries a failing receiver with backoff, then gives up and records it', async () => {
    receiver.mode = 'fail';
    const monitor = await services.monitors.create(undefined, monitorBody(await connection()), 'suTEST');
    await messages(60_000, { type: 'receipt' }, { type: 'receipt' }, { type: 'receipt' });
    await services.monitors.runOnce();
    await services.monitors.runOnce();
    expect(receiver.received).toHaveLength(1);
    for (let i = 0; i < 4; i++) {
      clock.advance(2000);
      await services.monitors.runOnce();
    }
    expect(receiver.received).toHaveLength(3);
    expect(await store.alerts.listDeliveries({ monitorId: String(monitor.id) })).toMatchObject([
      { status: 'Failed', attempts: 3, httpStatus: 500, lastError: 'HTTP 500' },
    ]);
  });

  it('a receiver that hangs delays no other monitor and is retried after its timeout', async () => {
    const hanging = await startReceiver();
    hanging.mode = 'hang';
    try {
      await services.monitors.create(undefined, monitorBody(await connection(hanging.url), { name: 'slow' }), 'suTEST');
      await services.monitors.create(undefined, monitorBody(await connection(), { name: 'fast' }), 'suTEST');
      await messages(60_000, { type: 'receipt' }, { type: 'receipt' }, { type: 'receipt' });
      await services.monitors.runOnce();
      expect(bodies().map((b) => b.name)).toEqual(['fast']);
      expect(hanging.received).toHaveLength(1);
      const slow = (await store.alerts.listDeliveries({ monitorId: String((await store.monitors.children('0000000000000001'))[1].id) }))[0];
      expect(slow).toMatchObject({ status: 'Pending', attempts: 1, lastError: 'no answer within 300 ms' });
    } finally {
      await hanging.close();
    }
  });
});
