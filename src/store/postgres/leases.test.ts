import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { Message } from '../../model/message.js';
import type { SourceConfig } from '../../model/source-config.js';
import type { Store } from '../store.js';
import { openPostgresStore } from './index.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

const baseUrl = testDatabaseUrl();
const TTL = 30_000;

const config = (name: string): SourceConfig => ({
  name,
  description: '',
  category: 'Mimecast',
  fields: {},
  clientID: 'id',
  clientSecret: 'secret',
  dataCollection: ['siem'],
  filters: [],
  hashAlgorithm: 'MD5',
  region: 'global',
  startTime: '-24h',
  pollingIntervalSec: 300,
});

const message = (sourceId: string, dedupeKey: string, time: number): Message => ({
  raw: JSON.stringify({ id: dedupeKey }),
  messageTime: time,
  receiptTime: time,
  dedupeKey,
  sourceId,
  source: 'Mimecast',
  sourceCategory: 'Mimecast',
  collector: 'c',
  sourceName: 'siem',
  sourceHost: '',
  index: 'main',
  fields: {},
});

describe('postgres leases and fencing', () => {
  let db: TestDatabase;
  const clock = new ManualClock(Date.UTC(2026, 10, 20, 12));
  let a: Store;
  let b: Store;
  let sourceIds: string[];

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
    // Two stores on one database stand for two processes.
    a = await openPostgresStore({ url: db.url, secretKey: 'k', clock, logger: silentLogger });
    b = await openPostgresStore({ url: db.url, secretKey: 'k', clock, logger: silentLogger });
    const collector = await a.collectors.create({ name: 'c', description: '', category: '', fields: {} });
    sourceIds = [];
    for (let i = 0; i < 6; i++) sourceIds.push((await a.sources.create(collector.id, config(`s${i}`))).id);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('hands every source to a lone process, then splits them evenly when a second one is alive', async () => {
    await a.leases.heartbeat('A', 'host-a');
    const alone = await a.leases.claim('A', { ttlMs: TTL, max: 100 });
    expect(alone.map((l) => l.sourceId).sort()).toEqual([...sourceIds].sort());
    expect(new Set(alone.map((l) => l.token))).toEqual(new Set([1]));

    await b.leases.heartbeat('B', 'host-b');
    expect(await b.leases.claim('B', { ttlMs: TTL, max: 100 })).toEqual([]);
    const kept = await a.leases.claim('A', { ttlMs: TTL, max: 100 });
    expect(kept).toHaveLength(3);
    const taken = await b.leases.claim('B', { ttlMs: TTL, max: 100 });
    expect(taken).toHaveLength(3);
    expect(taken.every((l) => l.holder === 'B' && l.token === 2)).toBe(true);
    expect(new Set([...kept, ...taken].map((l) => l.sourceId)).size).toBe(6);
    const processes = await a.leases.listProcesses();
    expect(processes.map((p) => [p.holder, p.hostname])).toEqual([
      ['A', 'host-a'],
      ['B', 'host-b'],
    ]);
  });

  it('refuses a batch whose fencing token is stale, writing nothing, once the lease has moved on', async () => {
    const [lease] = await a.leases.claim('A', { ttlMs: TTL, max: 100 });
    const sourceId = lease.sourceId;
    const ok = await a.messages.appendBatch({
      sourceId,
      dataType: 'siem',
      messages: [message(sourceId, 'm1', clock.now())],
      checkpoint: { v: 1, page: 1 },
      fence: { holder: 'A', token: lease.token },
    });
    expect(ok.inserted).toBe(1);

    // A stops renewing; after one lease period B takes its sources over.
    clock.advance(TTL + 1);
    await b.leases.heartbeat('B', 'host-b');
    const claimed = await b.leases.claim('B', { ttlMs: TTL, max: 100 });
    expect(claimed).toHaveLength(6);
    const moved = claimed.find((l) => l.sourceId === sourceId)!;
    expect(moved.token).toBe(lease.token + 1);

    const fenced = a.messages.appendBatch({
      sourceId,
      dataType: 'siem',
      messages: [message(sourceId, 'm2', clock.now())],
      checkpoint: { v: 1, page: 2 },
      fence: { holder: 'A', token: lease.token },
    });
    await expect(fenced).rejects.toMatchObject({ code: 'lease.lost', retryable: false });
    expect(await b.checkpoints.get(sourceId, 'siem')).toEqual({ v: 1, page: 1 });
    const rows = await b.query('SELECT count(*) AS n FROM messages WHERE source_id = $1', [sourceId]);
    expect(rows[0].n).toBe(1);

    await b.messages.appendBatch({
      sourceId,
      dataType: 'siem',
      messages: [message(sourceId, 'm2', clock.now())],
      checkpoint: { v: 1, page: 2 },
      fence: { holder: 'B', token: moved.token },
    });
    const audit = await b.query('SELECT holder, token, inserted FROM batches WHERE source_id = $1 ORDER BY id', [sourceId]);
    expect(audit).toEqual([
      { holder: 'A', token: lease.token, inserted: 1 },
      { holder: 'B', token: moved.token, inserted: 1 },
    ]);
  });

  it('releases leases so that another process takes them with a new token', async () => {
    const before = await b.leases.claim('B', { ttlMs: TTL, max: 100 });
    await b.leases.release('B', [before[0].sourceId]);
    const after = await b.leases.claim('B', { ttlMs: TTL, max: 100 });
    const retaken = after.find((l) => l.sourceId === before[0].sourceId)!;
    expect(retaken.token).toBe(before[0].token + 1);
    await b.leases.release('B');
    expect(await b.leases.claim('C', { ttlMs: TTL, max: 2 })).toHaveLength(2);
  });

  it('never gives one source to two processes claiming at the same moment', async () => {
    clock.advance(TTL + 1);
    for (const holder of ['P1', 'P2', 'P3']) await a.leases.heartbeat(holder, 'host');
    const results = await Promise.all([
      a.leases.claim('P1', { ttlMs: TTL, max: 100 }),
      b.leases.claim('P2', { ttlMs: TTL, max: 100 }),
      a.leases.claim('P3', { ttlMs: TTL, max: 100 }),
    ]);
    const all = results.flat().map((l) => l.sourceId);
    expect(new Set(all).size).toBe(all.length);
    const stored = await a.query('SELECT source_id, holder FROM leases WHERE holder IS NOT NULL ORDER BY source_id', []);
    expect(stored).toEqual(
      results
        .flat()
        .map((l) => ({ source_id: l.sourceId, holder: l.holder }))
        .sort((x, y) => (x.source_id < y.source_id ? -1 : 1)),
    );
  });
});
