import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createServices, type Services, type ServicesConfig } from '../../services/index.js';
import { makeMessage } from '../../store/__fixtures__/builders.js';
import { openStore } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { type Receiver, startReceiver } from './receiver.js';

/**
 * The monitors engine on a real DuckDB store, a real webhook receiver and a ManualClock, for tests that
 * drive it with `services.monitors.runOnce()` and move the clock themselves.
 */
export interface Engine {
  clock: ManualClock;
  store: Store;
  services: Services;
  receiver: Receiver;
  /** Messages `agoMs` before now, each with these JSON members. */
  messages(agoMs: number, ...bodies: Record<string, unknown>[]): Promise<void>;
  /** A webhook connection to the receiver (or `url`) whose payload shows the variables tests look at. */
  connection(url?: string): Promise<string>;
  /** What the receiver got, parsed. */
  bodies(): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startEngine(config: Partial<ServicesConfig> = {}): Promise<Engine> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-engine-'));
  const clock = new ManualClock();
  const receiver = await startReceiver();
  const store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'engine-tests' });
  const services = createServices({
    store,
    clock,
    logger: silentLogger,
    config: {
      minPollSec: 30,
      webhookAllowedHosts: ['127.0.0.1'],
      monitorRunner: { maxAttempts: 3, retryBaseMs: 1000, retryCapMs: 1000, webhookTimeoutMs: 300 },
      ...config,
    },
  });
  let seq = 0;
  return {
    clock,
    store,
    services,
    receiver,
    async messages(agoMs, ...bodies) {
      const at = clock.now() - agoMs;
      await store.messages.append(
        bodies.map((b) => makeMessage('S1', `m${seq++}`, { raw: JSON.stringify(b), messageTime: at, receiptTime: at })),
      );
    },
    async connection(url = receiver.url) {
      const created = await services.connections.create(
        {
          type: 'WebhookConnection',
          name: `hook ${seq++}`,
          url,
          defaultPayload: '{"type":"{{TriggerType}}","value":{{TriggerValue}},"results":{{ResultsJson}},"alert":"{{AlertResponseUrl}}"}',
        },
        'suTEST',
      );
      return created.id;
    },
    bodies: () => receiver.received.map((r) => JSON.parse(r.body) as Record<string, unknown>),
    async close() {
      await services.close();
      await store.close();
      await receiver.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A Logs monitor over `query` with these triggers, notifying `connectionId` for every trigger type. */
export function logsMonitor(
  query: string,
  triggers: Record<string, unknown>[],
  connectionId: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    type: 'MonitorsLibraryMonitor',
    name: 'Engine test',
    monitorType: 'Logs',
    queries: [{ rowId: 'A', query }],
    triggers,
    notifications: [{ notification: { connectionType: 'Webhook', connectionId } }],
    ...overrides,
  };
}
