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
});
