/**
 * Whether retention frees space for new data in the DuckDB store (docs/partitions.md): 400 000 messages over
 * 20 days, a sweep that deletes the older half and its dedupe keys (DELETE + CHECKPOINT), then 200 000 new
 * messages; prints the database file's size after each step. Run: `npx tsx bench/retention-space.ts`.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Message } from '../src/model/message.js';
import { DEFAULT_PARTITION, DEFAULT_PARTITION_ID, type PartitionRecord } from '../src/model/partition.js';
import { DUCKDB_FILE, openDuckDbStore } from '../src/store/duckdb/duckdb-store.js';

const DAY = 86_400_000;
const BATCH = 5_000;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-retention-'));
  const clock = new ManualClock();
  const store = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger, secretKey: 'bench' });
  const now = clock.now();
  const fallback: PartitionRecord = {
    id: DEFAULT_PARTITION_ID,
    name: DEFAULT_PARTITION,
    routingExpression: '',
    routing: null,
    retentionPeriod: 30,
    newRetentionPeriod: null,
    retentionEffectiveAt: null,
    analyticsTier: 'continuous',
    isCompliant: false,
    isIncludedInDefaultSearch: true,
    createdAt: now,
    createdBy: 'bench',
    modifiedAt: now,
    modifiedBy: 'bench',
  };
  await store.partitions.put(fallback);
  const megabytes = async () => ((await stat(path.join(dir, DUCKDB_FILE))).size / 1e6).toFixed(1);
  let n = 0;
  const fill = async (count: number, from: number, days: number) => {
    for (let b = 0; b < count / BATCH; b++) {
      const batch: Message[] = [];
      for (let i = 0; i < BATCH; i++) {
        n++;
        batch.push({
          raw: JSON.stringify({ id: `m${n}`, eventType: 'receipt', subject: `message ${n} ${'x'.repeat(300)}` }),
          messageTime: from + (n % days) * DAY + (n % 86_000) * 1000,
          receiptTime: now,
          dedupeKey: `m${n}`,
          sourceId: 'S',
          source: 'Mimecast',
          sourceCategory: 'mimecast/siem',
          collector: 'bench',
          sourceName: 'siem',
          sourceHost: 'bench',
          index: 'main',
          fields: {},
        });
      }
      await store.messages.append(batch);
    }
    await store.query('CHECKPOINT', []);
  };
  await fill(400_000, now - 20 * DAY, 20);
  console.log(`400 000 messages over 20 days: ${await megabytes()} MB`);
  await store.partitions.put({ ...fallback, retentionPeriod: 10 });
  const started = performance.now();
  const deleted = await store.partitions.sweep(now);
  const [keys] = await store.query('SELECT count(*) AS n FROM message_keys', []);
  console.log(
    `sweep to 10 days: ${deleted} deleted in ${Math.round(performance.now() - started)} ms, ${await megabytes()} MB, ${keys.n} dedupe keys left`,
  );
  await fill(200_000, now - 10 * DAY, 10);
  console.log(`200 000 more messages: ${await megabytes()} MB`);
  await store.close();
  await rm(dir, { recursive: true, force: true });
}

await main();
