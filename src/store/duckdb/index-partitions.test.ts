import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { DAY_MS, DEFAULT_PARTITION, DEFAULT_PARTITION_ID } from '../../model/partition.js';
import { makeMessage, makePartition } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { DUCKDB_FILE, openDuckDbStore } from './duckdb-store.js';

let dataDir: string;
let clock: ManualClock;
let store: Store;
let start: number;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-keys-'));
  clock = new ManualClock();
  start = clock.now();
  store = await openDuckDbStore({ dataDir, clock, logger: silentLogger });
  await store.partitions.put(makePartition(DEFAULT_PARTITION_ID, DEFAULT_PARTITION, 30));
  await store.partitions.put(makePartition('p1', 'firewall', 10));
});
afterEach(async () => {
  await store.close();
  await rm(dataDir, { recursive: true, force: true });
});

const keyTimes = async () => (await store.query('SELECT t FROM message_keys ORDER BY t', [])).map((r) => r.t);
const fw = (key: string, messageTime: number) => makeMessage('S1', key, { messageTime, sourceCategory: 'firewall' });
const main = (key: string, messageTime: number) => makeMessage('S1', key, { messageTime });

describe('DuckDB dedupe keys and retention', () => {
  it('stores each key with its message time, in whole milliseconds as messagetime', async () => {
    await store.messages.append([main('a', start - 2 * DAY_MS + 0.75), fw('b', start - DAY_MS)]);
    expect(await keyTimes()).toEqual([start - 2 * DAY_MS, start - DAY_MS]);
    expect(await store.query('SELECT messagetime AS t FROM messages ORDER BY 1', [])).toEqual([
      { t: start - 2 * DAY_MS },
      { t: start - DAY_MS },
    ]);
  });

  it('sweeps the keys older than the longest retention, and a replay is refused before and after', async () => {
    await store.messages.append([main('main-new', start - DAY_MS), main('main-old', start - 20 * DAY_MS), fw('fw-new', start - DAY_MS)]);
    clock.advance(15 * DAY_MS);
    // Cutoffs: the default partition's 30 days at start - 15 d (the longest), the firewall's 10 days at start + 5 d.
    expect(await store.partitions.sweep(clock.now())).toBe(2);
    expect(await keyTimes()).toEqual([start - DAY_MS, start - DAY_MS]);

    // Past every retention the replay of a swept message is refused by routing, its key gone; the one of a
    // message still kept is a duplicate; the firewall one is past its own partition's retention.
    expect(await store.messages.append([main('main-old', start - 20 * DAY_MS)])).toEqual({ inserted: 0, duplicates: 0, expired: 1 });
    expect(await store.messages.append([main('main-new', start - DAY_MS)])).toEqual({ inserted: 0, duplicates: 1, expired: 0 });
    expect(await store.messages.append([fw('fw-new', start - DAY_MS)])).toEqual({ inserted: 0, duplicates: 0, expired: 1 });
    expect(await store.query('SELECT dedupe_key AS k FROM messages', [])).toEqual([{ k: 'main-new' }]);
  });

  it('keeps the keys of the days the disk budget dropped until retention expires them', async () => {
    await store.messages.append([main('budget', start - DAY_MS), main('today', start)]);
    expect((await store.partitions.dropOldestDay())?.deleted).toBe(1);
    expect(await keyTimes()).toHaveLength(2);
    expect(await store.messages.append([main('budget', start - DAY_MS)])).toEqual({ inserted: 0, duplicates: 1, expired: 0 });

    clock.advance(30 * DAY_MS);
    expect(await store.partitions.sweep(clock.now())).toBe(0);
    expect(await keyTimes()).toEqual([start]);
    expect(await store.messages.append([main('budget', start - DAY_MS)])).toEqual({ inserted: 0, duplicates: 0, expired: 1 });
  });

  it('checkpoints after deleting only keys, so their blocks are free for reuse', async () => {
    await store.messages.append([main('gone', start - DAY_MS)]);
    await store.partitions.dropOldestDay();
    await store.messages.append([main('today', start)]);
    clock.advance(30 * DAY_MS);
    expect(await store.partitions.sweep(clock.now())).toBe(0);
    expect(await keyTimes()).toEqual([start]);
    // The checkpoint moved the WAL (the append and the key delete) into the file.
    const wal = await stat(path.join(dataDir, `${DUCKDB_FILE}.wal`)).then(
      (info) => info.size,
      () => 0,
    );
    expect(wal).toBe(0);
  });

  it('keeps every key while the default partition is missing: its messages are never swept', async () => {
    await store.messages.append([main('main-old', start - 20 * DAY_MS)]);
    await store.partitions.delete(DEFAULT_PARTITION_ID);
    clock.advance(100 * DAY_MS);
    expect(await store.partitions.sweep(clock.now())).toBe(0);
    expect(await keyTimes()).toEqual([start - 20 * DAY_MS]);
  });
});
