import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { Message } from '../../model/message.js';
import { openPostgresStore } from './index.js';
import type { PostgresStore } from './postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

const baseUrl = testDatabaseUrl();
const DAY = 86_400_000;

function message(overrides: Partial<Message> = {}): Message {
  const raw = overrides.raw ?? JSON.stringify({ eventType: 'receipt', aggregateId: overrides.dedupeKey ?? 'a' });
  return {
    raw,
    messageTime: Date.UTC(2026, 10, 20, 10),
    receiptTime: Date.UTC(2026, 10, 20, 10, 1),
    dedupeKey: 'a',
    sourceId: 'S1',
    source: 'Mimecast',
    sourceCategory: 'Mimecast',
    collector: 'c1',
    sourceName: 'siem',
    sourceHost: '',
    index: 'main',
    fields: {},
    ...overrides,
  };
}

async function connectError(url: string): Promise<AppError> {
  const error = await openPostgresStore({ url, secretKey: 'k', clock: new ManualClock(), logger: silentLogger }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('postgres store specifics', () => {
  let db: TestDatabase;
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 12));
  let store: PostgresStore;

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
    store = await openPostgresStore({ url: db.url, secretKey: 'k', clock, logger: silentLogger });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  describe('connection failures are one clear store.connect error', () => {
    it('names a URL that is not postgres://', async () => {
      const error = await connectError('mysql://x@localhost/db');
      expect(error.code).toBe('store.connect');
      expect(error.message).toContain('postgres://');
    });

    it('names the user whose password is wrong, without echoing the password', async () => {
      const url = new URL(db.url);
      url.password = 'not-the-password';
      const error = await connectError(url.toString());
      expect(error.code).toBe('store.connect');
      expect(error.message).toContain('password authentication failed');
      expect(error.message).not.toContain('not-the-password');
    });

    it('says the server cannot be reached', async () => {
      const url = new URL(db.url);
      url.port = '1';
      const error = await connectError(url.toString());
      expect(error.code).toBe('store.connect');
      expect(error.message).toContain('connection refused');
    });

    it('names a missing database and does not create it', async () => {
      const url = new URL(db.url);
      url.pathname = `/${db.name}_missing`;
      const error = await connectError(url.toString());
      expect(error.code).toBe('store.connect');
      expect(error.message).toContain(`database "${db.name}_missing" does not exist`);
      const rows = await store.query('SELECT count(*) AS n FROM pg_database WHERE datname = $1', [`${db.name}_missing`]);
      expect(rows[0].n).toBe(0);
    });
  });

  it('runs migrations once when several processes start at the same time', async () => {
    const fresh = await createTestDatabase(baseUrl);
    try {
      const stores = await Promise.all(
        [1, 2, 3].map(() => openPostgresStore({ url: fresh.url, secretKey: 'k', clock, logger: silentLogger })),
      );
      const rows = await stores[0].query('SELECT version FROM schema_migrations ORDER BY version', []);
      expect(rows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16].map((version) => ({ version })));
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await fresh.drop();
    }
  });

  it('drops a replay even when its messagetime differs (events without their own time)', async () => {
    const first = await store.messages.append([message({ sourceId: 'T1', dedupeKey: 'k1', messageTime: clock.now() })]);
    const replay = await store.messages.append([message({ sourceId: 'T1', dedupeKey: 'k1', messageTime: clock.now() + 3 * DAY })]);
    expect(first).toEqual({ inserted: 1, duplicates: 0, expired: 0 });
    expect(replay).toEqual({ inserted: 0, duplicates: 1, expired: 0 });
    const rows = await store.query("SELECT count(*) AS n FROM messages WHERE source_id = 'T1'", []);
    expect(rows[0].n).toBe(1);
  });

  it('keeps the first of two messages with one key in a batch, and the same key in another source', async () => {
    const result = await store.messages.append([
      message({ sourceId: 'T2', dedupeKey: 'x', raw: '{"n":1}' }),
      message({ sourceId: 'T2', dedupeKey: 'x', raw: '{"n":2}' }),
      message({ sourceId: 'T3', dedupeKey: 'x', raw: '{"n":3}' }),
    ]);
    expect(result).toEqual({ inserted: 2, duplicates: 1, expired: 0 });
    const rows = await store.query("SELECT source_id, raw FROM messages WHERE dedupe_key = 'x' ORDER BY source_id", []);
    expect(rows).toEqual([
      { source_id: 'T2', raw: '{"n":1}' },
      { source_id: 'T3', raw: '{"n":3}' },
    ]);
  });

  it('creates day partitions on demand for old and future days, and partitions are pruned by time', async () => {
    const old = Date.UTC(2025, 0, 15, 8);
    await store.messages.append([message({ sourceId: 'T4', dedupeKey: 'old', messageTime: old })]);
    const parts = await store.query(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'messages'",
      [],
    );
    const names = parts.map((p) => p.name);
    expect(names).toContain('messages_p20250115');
    expect(names).toContain('messages_p20261122');
    const plan = await store.query('EXPLAIN SELECT count(*) FROM messages WHERE messagetime >= $1 AND messagetime < $2', [
      old - 1000,
      old + 1000,
    ]);
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toContain('messages_p20250115');
    expect(text).not.toContain('messages_p20261120');
  });

  it('retention drops whole day partitions and forgets their keys', async () => {
    await store.messages.append([message({ sourceId: 'T5', dedupeKey: 'r', messageTime: Date.UTC(2024, 5, 1, 1) })]);
    const dropped = await store.messages.dropBefore(Date.UTC(2024, 5, 2));
    expect(dropped).toEqual(['messages_p20240601']);
    const rows = await store.query("SELECT count(*) AS n FROM message_keys WHERE source_id = 'T5'", []);
    expect(rows[0].n).toBe(0);
    const again = await store.messages.append([message({ sourceId: 'T5', dedupeKey: 'r', messageTime: Date.UTC(2024, 5, 1, 1) })]);
    expect(again.inserted).toBe(1);
  });

  it('writes the hot Mimecast fields to typed columns', async () => {
    await store.messages.append([
      message({
        sourceId: 'T6',
        dedupeKey: 'h',
        raw: JSON.stringify({ eventType: 'receipt', senderIp: '81.2.69.142', recipients: ['a@b'] }),
      }),
    ]);
    const rows = await store.query("SELECT x_eventtype, x_senderip, x_recipients, size FROM messages WHERE source_id = 'T6'", []);
    expect(rows).toEqual([{ x_eventtype: 'receipt', x_senderip: '81.2.69.142', x_recipients: '["a@b"]', size: expect.any(Number) }]);
  });

  it('cancels a running query when its signal aborts', async () => {
    const controller = new AbortController();
    const running = store.query('SELECT pg_sleep(20)', [], controller.signal);
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
  });
});
