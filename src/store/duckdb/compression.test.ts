import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { makeMessage } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { compressionFor, parseStorageVersion } from './compression.js';
import { DUCKDB_FILE, openDuckDbStore } from './duckdb-store.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-compression-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Enough varied messages for whole compressed segments, then a checkpoint so they are compressed on disk. */
async function storeMessages(store: Store): Promise<void> {
  const messages = Array.from({ length: 4000 }, (_, i) =>
    makeMessage('S1', `k${i}`, {
      raw: JSON.stringify({ subject: `Invoice ${i % 97} for account ${(i * 7919) % 10007}`, senderIp: `10.0.${i % 256}.${i % 7}` }),
    }),
  );
  await store.messages.append(messages);
  await store.query('FORCE CHECKPOINT', []);
}

const rawCompressions = async (store: Store) =>
  new Set(
    (
      await store.query(
        "SELECT DISTINCT compression FROM pragma_storage_info('messages') WHERE column_name = 'raw' AND segment_type = 'VARCHAR'",
        [],
      )
    ).map((r) => r.compression),
  );

const storageVersion = async (store: Store) =>
  (await store.query("SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE database_name = current_database()", []))[0].v;

describe('DuckDB store compression', () => {
  it('reads the storage version tag and uses ZSTD from 1.2 on', () => {
    expect(parseStorageVersion('v1.5.0+')).toEqual([1, 5]);
    expect(parseStorageVersion('v1.0.0+')).toEqual([1, 0]);
    expect(parseStorageVersion(undefined)).toBeUndefined();
    expect(parseStorageVersion('unknown')).toBeUndefined();
    expect(compressionFor([1, 5])).toBe('zstd');
    expect(compressionFor([1, 2])).toBe('zstd');
    expect(compressionFor([2, 0])).toBe('zstd');
    expect(compressionFor([1, 1])).toBe('automatic');
    expect(compressionFor(undefined)).toBe('automatic');
  });

  it('creates a new store in the current format and compresses its messages with ZSTD', async () => {
    const store = await openDuckDbStore({ dataDir, clock: new ManualClock(), logger: silentLogger });
    try {
      expect(await storageVersion(store)).toBe('v1.5.0+');
      await storeMessages(store);
      expect(await rawCompressions(store)).toEqual(new Set(['ZSTD']));
    } finally {
      await store.close();
    }
  });

  it('keeps DuckDB’s own compression in a file of an older format (never uncompressed), and a backup is in the current format', async () => {
    // A file as earlier versions created it: DuckDB's default storage format.
    const old = await DuckDBInstance.create(path.join(dataDir, DUCKDB_FILE));
    old.closeSync();
    const store = await openDuckDbStore({ dataDir, clock: new ManualClock(), logger: silentLogger });
    try {
      expect(await storageVersion(store)).toBe('v1.0.0+');
      await storeMessages(store);
      const compressions = await rawCompressions(store);
      expect(compressions.has('ZSTD')).toBe(false);
      expect(compressions.has('Uncompressed')).toBe(false);
      const backup = path.join(dataDir, 'backup.duckdb');
      await store.backup(backup);
      const copy = await DuckDBInstance.create(backup);
      const connection = await copy.connect();
      const reader = await connection.runAndReadAll(
        "SELECT tags['storage_version'] AS v FROM duckdb_databases() WHERE database_name = 'backup'",
      );
      expect(reader.getRowObjectsJS()[0].v).toBe('v1.5.0+');
      connection.closeSync();
      copy.closeSync();
    } finally {
      await store.close();
    }
  });
});
