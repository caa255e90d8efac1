import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { SYSTEM_EVENTS_INDEX } from '../model/message.js';
import { makeBatch, makeMessage, makeSourceConfig } from '../store/__fixtures__/builders.js';
import { openStore } from '../store/open-store.js';
import { createTestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { createServices } from './index.js';
import { createMetricsRegistry, STORE_COUNT_MAX_AGE_MS } from './metrics.js';

/** The value of one sample in the Prometheus text format, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups.length = 0;
});

const pgUrl = testDatabaseUrl();
const backends: { name: string; open(clock: ManualClock): Promise<Store> }[] = [
  {
    name: 'DuckDB',
    async open(clock) {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-metrics-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return openStore({ data: dir, clock, logger: silentLogger, secretKey: 'k' });
    },
  },
  ...(pgUrl
    ? [
        {
          name: 'PostgreSQL',
          async open(clock: ManualClock) {
            const db = await createTestDatabase(pgUrl);
            const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-metrics-pg-'));
            cleanups.push(async () => {
              await db.drop();
              await rm(dir, { recursive: true, force: true });
            });
            return openStore({ db: db.url, data: dir, clock, logger: silentLogger, secretKey: 'k' });
          },
        },
      ]
    : []),
];

describe.each(backends)('metrics read from the store ($name)', (backend) => {
  it('gives the lag per data type and the messages per index, and still answers when the store is gone', async () => {
    const clock = new ManualClock();
    const now = clock.now();
    const store = await backend.open(clock);
    let open = true;
    cleanups.push(async () => {
      if (open) await store.close();
    });
    const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
    const a = await store.sources.create(collector.id, makeSourceConfig({ name: 'A' }));
    const b = await store.sources.create(collector.id, makeSourceConfig({ name: 'B' }));
    // The newest siem message of either source counts: 120 s old (B), not 900 s (A).
    await store.messages.appendBatch(makeBatch(a.id, 'siem', [makeMessage(a.id, 'a1', { messageTime: now - 900_000 })], { v: 1 }));
    await store.messages.appendBatch(
      makeBatch(
        b.id,
        'siem',
        [makeMessage(b.id, 'b1', { messageTime: now - 120_000 }), makeMessage(b.id, 'b2', { messageTime: now - 300_000 })],
        { v: 1 },
      ),
    );
    await store.messages.appendBatch(
      makeBatch(b.id, 'auditEvent', [makeMessage(b.id, 'b3', { messageTime: now - 600_000, sourceName: 'auditEvent' })], { v: 1 }),
    );
    await store.messages.append([makeMessage(a.id, 'h1', { messageTime: now - 1000, index: SYSTEM_EVENTS_INDEX })]);

    const services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30 }, metrics: createMetricsRegistry() });
    cleanups.push(() => services.close());
    let text = (await services.metrics.render()).text;
    expect(sample(text, 'mc2c_collection_lag_seconds{data_type="siem"}')).toBe(120);
    expect(sample(text, 'mc2c_collection_lag_seconds{data_type="auditEvent"}')).toBe(600);
    expect(sample(text, 'mc2c_collection_lag_seconds{data_type="dlp"}')).toBeUndefined();
    expect(sample(text, 'mc2c_store_messages{index="main"}')).toBe(4);
    expect(sample(text, `mc2c_store_messages{index="${SYSTEM_EVENTS_INDEX}"}`)).toBe(1);
    expect(sample(text, 'mc2c_store_messages{index="sumologic_audit"}')).toBe(0);
    // Five messages, each {"id":"xx","type":"receipt"}, all in the default partition.
    expect(sample(text, 'mc2c_store_partition_bytes{partition="sumologic_default"}')).toBe(5 * makeMessage('S', 'xx').raw.length);

    // Counting is a scan: within the minute the last counts are kept, after it they are counted again.
    await store.messages.append([makeMessage(a.id, 'h2', { index: SYSTEM_EVENTS_INDEX })]);
    clock.advance(10_000);
    text = (await services.metrics.render()).text;
    expect(sample(text, `mc2c_store_messages{index="${SYSTEM_EVENTS_INDEX}"}`)).toBe(1);
    expect(sample(text, 'mc2c_collection_lag_seconds{data_type="siem"}')).toBe(130);
    clock.advance(STORE_COUNT_MAX_AGE_MS);
    text = (await services.metrics.render()).text;
    expect(sample(text, `mc2c_store_messages{index="${SYSTEM_EVENTS_INDEX}"}`)).toBe(2);

    await store.close();
    open = false;
    text = (await services.metrics.render()).text;
    expect(text).not.toContain('mc2c_collection_lag_seconds{');
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
