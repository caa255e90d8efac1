import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { connectPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../store/secrets.js';
import { type Receiver, startReceiver } from './__fixtures__/receiver.js';

const baseUrl = testDatabaseUrl();

/** Two engines on one PostgreSQL database, as two `serve` processes run them. */
describe.skipIf(!baseUrl)('monitors with two processes on PostgreSQL', () => {
  let db: TestDatabase;
  let receiver: Receiver;
  const clock = new ManualClock();
  const processes: { store: PostgresStore; services: Services }[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl!);
    receiver = await startReceiver();
    for (let i = 0; i < 2; i++) {
      const store = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('k')), clock, logger: silentLogger });
      const services = createServices({
        store,
        clock,
        logger: silentLogger,
        config: { minPollSec: 30, webhookAllowedHosts: ['127.0.0.1'] },
      });
      processes.push({ store, services });
    }
  });
  afterAll(async () => {
    for (const p of processes) {
      await p.services.close();
      await p.store.close();
    }
    await receiver?.close();
    await db?.drop();
  });

  it('evaluates each monitor in one process and notifies each alert once', async () => {
    const [a, b] = processes;
    const connection = await a.services.connections.create(
      { type: 'WebhookConnection', name: 'hook', url: receiver.url, defaultPayload: '{"m":"{{Name}}","t":"{{TriggerType}}"}' },
      'suTEST',
    );
    for (let i = 0; i < 6; i++) {
      await a.services.monitors.create(
        undefined,
        {
          type: 'MonitorsLibraryMonitor',
          name: `m${i}`,
          monitorType: 'Logs',
          queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast' }],
          triggers: [{ triggerType: 'Critical', timeRange: '-15m', threshold: 0, thresholdType: 'GreaterThan' }],
          notifications: [{ notification: { connectionType: 'Webhook', connectionId: connection.id } }],
        },
        'suTEST',
      );
    }
    await a.store.messages.append([makeMessage('S1', 'k1', { messageTime: clock.now() - 60_000, receiptTime: clock.now() - 60_000 })]);
    for (let round = 0; round < 3; round++) {
      await Promise.all([a.services.monitors.runOnce(), b.services.monitors.runOnce(), a.services.monitors.runOnce()]);
      clock.advance(60_000);
    }
    const sent = receiver.received.map((r) => JSON.parse(r.body) as { m: string }).map((x) => x.m);
    expect(sent.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  });

  it('sends the Resolved notification of an alert resolved by hand in both processes at once exactly once', async () => {
    const [a, b] = processes;
    const [alert] = (await a.store.alerts.list({ status: 'Active', monitorId: undefined, limit: 1, offset: 0 })).alerts;
    const before = receiver.received.length;
    await Promise.all([a.services.alerts.resolve(alert.id, 'suA'), b.services.alerts.resolve(alert.id, 'suB')]);
    await Promise.all([a.services.monitors.runOnce(), b.services.monitors.runOnce()]);
    const told = receiver.received.slice(before).map((r) => JSON.parse(r.body) as { t: string });
    expect(told.map((x) => x.t)).toEqual(['ResolvedCritical']);
    expect((await b.store.alerts.get(alert.id))?.resolution).toBe('Manual');
  });

  it('raises one health event on a monitor whose notifications both processes give up', async () => {
    const [a, b] = processes;
    const failing = await a.services.connections.create(
      { type: 'WebhookConnection', name: 'failing', url: receiver.url, defaultPayload: '{}' },
      'suTEST',
    );
    const monitor = await a.services.monitors.create(
      undefined,
      {
        type: 'MonitorsLibraryMonitor',
        name: 'failing',
        monitorType: 'Logs',
        queries: [{ rowId: 'A', query: '_sourceCategory=Mimecast' }],
        triggers: [{ triggerType: 'Critical', timeRange: '-15m', threshold: 0, thresholdType: 'GreaterThan' }],
        notifications: [
          { notification: { connectionType: 'Webhook', connectionId: failing.id } },
          { notification: { connectionType: 'Webhook', connectionId: failing.id } },
        ],
      },
      'suTEST',
    );
    receiver.mode = 'fail';
    await a.store.messages.append([makeMessage('S1', 'k2', { messageTime: clock.now() - 60_000, receiptTime: clock.now() - 60_000 })]);
    // Five attempts each (the default), the backoff (at most 5 min) passed between rounds.
    for (let round = 0; round < 6; round++) {
      await Promise.all([a.services.monitors.runOnce(), b.services.monitors.runOnce()]);
      clock.advance(6 * 60_000);
    }
    receiver.mode = 'ok';
    const [alert] = (await a.store.alerts.list({ monitorId: String(monitor.id), limit: 1, offset: 0 })).alerts;
    const critical = (await a.store.alerts.listDeliveries({ alertId: alert.id })).filter((d) => d.triggerType === 'Critical');
    expect(critical.map((d) => [d.status, d.attempts])).toEqual([
      ['Failed', 5],
      ['Failed', 5],
    ]);
    const events = (await b.services.health.listOpen()).data.filter((ev) => ev.resourceIdentity.id === monitor.id);
    expect(events.map((ev) => [ev.eventName, ev.resourceIdentity.type])).toEqual([['NotificationDeliveryError', 'Monitor']]);
  });

  it('lets only one of a change and a delete over the same version through, for monitors and connections', async () => {
    const [a, b] = processes;
    const one = async (work: Promise<unknown>[]) => {
      const outcomes = await Promise.allSettled(work);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected') as PromiseRejectedResult;
      expect(['precondition.failed', 'notfound']).toContain((lost.reason as { code?: string }).code);
      return outcomes[1].status === 'fulfilled';
    };
    for (let round = 0; round < 5; round++) {
      const folder = await a.services.monitors.create(undefined, { type: 'MonitorsLibraryFolder', name: `cas ${round}` }, 'suTEST');
      const id = String(folder.id);
      const deleted = await one([
        a.services.monitors.update(id, { type: 'MonitorsLibraryFolder', name: `changed ${round}`, version: 1 }, 'suTEST'),
        b.services.monitors.delete(id, '"1"'),
      ]);
      expect(await a.store.monitors.get(id)).toEqual(deleted ? undefined : expect.objectContaining({ name: `changed ${round}` }));

      const hook = await a.services.connections.create(
        { type: 'WebhookConnection', name: `cas ${round}`, url: receiver.url, defaultPayload: '{}' },
        'suTEST',
      );
      const gone = await one([
        a.services.connections.update(hook.id, { ...hook, name: `changed ${round}` }, '"1"', 'suTEST'),
        b.services.connections.delete(hook.id, 'WebhookConnection', '"1"'),
      ]);
      expect(await a.store.connections.get(hook.id)).toEqual(gone ? undefined : expect.objectContaining({ name: `changed ${round}` }));
    }
  });
});
