import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { Message } from '../model/message.js';
import { makeBatch, makeMessage, makeSourceConfig } from './__fixtures__/builders.js';
import type { Store } from './store.js';
import { accessKeyContractTests } from './store-contract-access-keys.js';
import { monitorContractTests } from './store-contract-monitors.js';
import { sourceRequestContractTests } from './store-contract-source-requests.js';

/**
 * The behaviour every Store must have, as a vitest suite. Each implementation's test file calls
 * `storeContractTests(name, makeStore)` with a factory that opens a fresh, empty store on the given clock.
 */
export function storeContractTests(name: string, makeStore: (clock: ManualClock) => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let clock: ManualClock;
    let store: Store;

    beforeEach(async () => {
      clock = new ManualClock();
      store = await makeStore(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    /** `?` for DuckDB, `$n` for PostgreSQL. */
    const param = (n: number) => (store.dialect === 'duckdb' ? '?' : `$${n}`);
    const count = async (sql: string, params: unknown[]) => Number((await store.query(sql, params))[0].n);
    const collector = (name = 'Hosted collector') => store.createCollector({ name, description: 'd', category: 'c', fields: {} });

    describe('collectors', () => {
      it('creates, reads, lists with paging, updates with versions and deletes', async () => {
        const a = await collector('a');
        clock.advance(1);
        const b = await collector('b');
        expect(a).toMatchObject({ name: 'a', collectorType: 'Hosted', version: 1, createdAt: clock.now() - 1 });
        expect(await store.getCollector(a.id)).toEqual(a);
        expect((await store.listCollectors()).map((c) => c.name)).toEqual(['a', 'b']);
        expect((await store.listCollectors({ limit: 1, offset: 1 })).map((c) => c.name)).toEqual(['b']);

        const updated = await store.updateCollector(a.id, { name: 'a2', description: 'x', category: 'y', fields: { team: 'soc' } }, 1);
        expect(updated).toMatchObject({ id: a.id, name: 'a2', description: 'x', fields: { team: 'soc' }, version: 2 });
        await expect(store.updateCollector(a.id, { ...updated, name: 'a3' }, 1)).rejects.toMatchObject({ code: 'precondition.failed' });
        await expect(store.updateCollector(a.id, { ...updated, name: 'b' })).rejects.toMatchObject({ code: 'DuplicateResourceName' });
        await expect(store.updateCollector('NOPE', { ...updated })).rejects.toMatchObject({ code: 'notfound' });

        await store.deleteCollector(b.id);
        expect(await store.getCollector(b.id)).toBeUndefined();
      });

      it('refuses a second collector with the same name', async () => {
        await collector('same');
        await expect(collector('same')).rejects.toMatchObject({ code: 'DuplicateResourceName' });
      });

      it('deletes a collector together with its sources', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig());
        await store.deleteCollector(c.id);
        expect(await store.getSource(s.id)).toBeUndefined();
        expect(await store.listSources()).toEqual([]);
      });
    });

    describe('sources', () => {
      it('creates a Pending source and returns its secret in clear only to the caller', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig({ clientSecret: 'shh-1' }));
        expect(s).toMatchObject({
          collectorId: c.id,
          version: 1,
          deleting: false,
          state: { state: 'Pending' },
          generation: 1,
          observedGeneration: 0,
        });
        expect(s.config.clientSecret).toBe('shh-1');
        expect((await store.getSource(s.id))?.config).toEqual(makeSourceConfig({ clientSecret: 'shh-1' }));
      });

      it('keeps names unique per collector only', async () => {
        const c1 = await collector('c1');
        const c2 = await collector('c2');
        await store.createSource(c1.id, makeSourceConfig({ name: 'm' }));
        await expect(store.createSource(c1.id, makeSourceConfig({ name: 'm' }))).rejects.toMatchObject({ code: 'DuplicateResourceName' });
        await store.createSource(c2.id, makeSourceConfig({ name: 'm' }));
        expect(await store.listSources(c1.id)).toHaveLength(1);
        expect(await store.listSources()).toHaveLength(2);
        await expect(store.createSource('NOPE', makeSourceConfig())).rejects.toMatchObject({ code: 'notfound' });
      });

      it('updates with versions; the secret is sealed as given, mask or not', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig({ clientSecret: 'first' }));
        const kept = await store.updateSource(s.id, makeSourceConfig({ clientSecret: '********', pollingIntervalSec: 60 }), 1);
        expect(kept.config).toMatchObject({ clientSecret: '********', pollingIntervalSec: 60 });
        expect(kept.version).toBe(2);
        const changed = await store.updateSource(s.id, makeSourceConfig({ clientSecret: 'second' }));
        expect(changed.config.clientSecret).toBe('second');
        await expect(store.updateSource(s.id, makeSourceConfig(), 1)).rejects.toMatchObject({ code: 'precondition.failed' });
        await expect(store.updateSource('NOPE', makeSourceConfig())).rejects.toMatchObject({ code: 'notfound' });
      });

      it('records state without changing the version, and the deleting flag', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig());
        const error = { type: 'ThirdPartyConfig' as const, code: '401', message: 'Client credentials are invalid', retriesUntil: null };
        await store.setSourceState(s.id, { state: 'Error', error });
        await store.markSourceDeleting(s.id);
        const read = await store.getSource(s.id);
        expect(read).toMatchObject({ state: { state: 'Error', error }, deleting: true, version: 1 });
        await expect(store.setSourceState('NOPE', { state: 'Started' })).rejects.toMatchObject({ code: 'notfound' });
      });

      it('deletes a source with its checkpoints and stats; its messages stay searchable', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig());
        await store.appendBatch(makeBatch(s.id, 'siem', [makeMessage(s.id, 'k1')], { v: 1, token: 'p2' }));
        await store.deleteSource(s.id);
        expect(await store.getSource(s.id)).toBeUndefined();
        expect(await store.getCheckpoint(s.id, 'siem')).toBeUndefined();
        expect(await store.getCollectionStats(s.id)).toEqual({});
        expect(await count(`SELECT count(*) AS n FROM messages WHERE source_id = ${param(1)}`, [s.id])).toBe(1);
      });
    });

    describe('messages and checkpoints', () => {
      it('writes a batch, its checkpoint and its stats together', async () => {
        const result = await store.appendBatch({
          ...makeBatch('S1', 'siem', [makeMessage('S1', 'a', { messageTime: 1000 }), makeMessage('S1', 'b', { messageTime: 3000 })], {
            v: 1,
            page: 'p1',
          }),
          dropped: 2,
        });
        expect(result).toEqual({ inserted: 2, duplicates: 0 });
        expect(await store.getCheckpoint('S1', 'siem')).toEqual({ v: 1, page: 'p1' });
        expect(await store.getCheckpoint('S1', 'dlp')).toBeUndefined();
        expect(await store.getCollectionStats('S1')).toEqual({
          siem: { messages: 2, dropped: 2, lastMessageTime: 3000, lastPollAt: null },
        });
      });

      it('skips replays and duplicates within a batch, and counts them', async () => {
        await store.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'a'), makeMessage('S1', 'b')], { v: 1, n: 1 }));
        const replay = await store.appendBatch(
          makeBatch('S1', 'siem', [makeMessage('S1', 'b'), makeMessage('S1', 'c'), makeMessage('S1', 'c')], { v: 1, n: 2 }),
        );
        expect(replay).toEqual({ inserted: 1, duplicates: 2 });
        expect(await store.getCheckpoint('S1', 'siem')).toEqual({ v: 1, n: 2 });
        expect(await count(`SELECT count(*) AS n FROM messages WHERE source_id = ${param(1)}`, ['S1'])).toBe(3);
        expect((await store.getCollectionStats('S1')).siem?.messages).toBe(3);
      });

      it('keeps one copy per source: the same event read by two sources is stored twice', async () => {
        await store.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'same')], { v: 1 }));
        await store.appendBatch(makeBatch('S2', 'siem', [makeMessage('S2', 'same')], { v: 1 }));
        expect(await count('SELECT count(*) AS n FROM messages', [])).toBe(2);
      });

      it('stores every metadata column and the extracted fields as json would read them', async () => {
        const raw = '{"eventType":"receipt","recipients":["a@x.com","b@y.com"],"delivered":true,"tlsVersion":null,"aCode":7,"n":{"x":1}}';
        const m: Message = {
          ...makeMessage('S1', 'k', { messageTime: 1_700_000_000_123 }),
          raw,
          parsed: undefined,
          fields: { team: 'soc', _siemForward: 'true' },
        };
        await store.appendBatch(makeBatch('S1', 'siem', [m], { v: 1 }));
        const [row] = await store.query(
          `SELECT raw, messagetime, receipttime, source, source_category, collector, source_name, source_host, size, idx, fields,
             x_eventtype, x_recipients, x_delivered, x_tlsversion, l_acode, x_subject FROM messages WHERE dedupe_key = ${param(1)}`,
          ['k'],
        );
        expect(row).toEqual({
          raw,
          messagetime: 1_700_000_000_123,
          receipttime: m.receiptTime,
          source: 'Mimecast',
          source_category: 'Mimecast',
          collector: 'Hosted collector',
          source_name: 'siem',
          source_host: 'api.services.mimecast.com',
          size: raw.length,
          idx: 'main',
          fields: '{"team":"soc","_siemForward":"true"}',
          x_eventtype: 'receipt',
          x_recipients: '["a@x.com","b@y.com"]',
          x_delivered: 'true',
          x_tlsversion: null,
          l_acode: '7',
          x_subject: null,
        });
        expect(JSON.parse(JSON.stringify(row))).toEqual(row);
      });

      it('counts _size in bytes', async () => {
        await store.appendMessages([{ ...makeMessage('S1', 'u'), raw: '{"subject":"é"}' }]);
        const [row] = await store.query(`SELECT size FROM messages WHERE dedupe_key = ${param(1)}`, ['u']);
        expect(row.size).toBe(16);
      });

      it('appends messages without a checkpoint, unique per source', async () => {
        const first = await store.appendMessages([
          makeMessage('__health', 'h1', { index: 'sumologic_system_events' }),
          makeMessage('__health', 'h2'),
        ]);
        const again = await store.appendMessages([makeMessage('__health', 'h1'), makeMessage('__health', 'h3')]);
        expect(first).toEqual({ inserted: 2, duplicates: 0 });
        expect(again).toEqual({ inserted: 1, duplicates: 1 });
        expect(await count(`SELECT count(*) AS n FROM messages WHERE idx = ${param(1)}`, ['sumologic_system_events'])).toBe(1);
      });

      it('records polls and clears checkpoints', async () => {
        await store.recordPoll('S1', 'dlp', 5000);
        await store.appendBatch(makeBatch('S1', 'dlp', [makeMessage('S1', 'd1', { messageTime: 4000 })], { v: 1 }));
        await store.recordPoll('S1', 'dlp', 6000);
        expect((await store.getCollectionStats('S1')).dlp).toEqual({ messages: 1, dropped: 0, lastMessageTime: 4000, lastPollAt: 6000 });
        await store.clearCheckpoints('S1');
        expect(await store.getCheckpoint('S1', 'dlp')).toBeUndefined();
      });

      it('writes batches of several sources at once without losing any', async () => {
        const sources = ['A', 'B', 'C', 'D'];
        await Promise.all(
          sources.flatMap((id) =>
            [0, 1, 2].map((n) =>
              store.appendBatch(
                makeBatch(
                  id,
                  'siem',
                  Array.from({ length: 50 }, (_, i) => makeMessage(id, `${n}-${i}`)),
                  { v: 1, n },
                ),
              ),
            ),
          ),
        );
        const rows = await store.query('SELECT source_id, count(*) AS n FROM messages GROUP BY source_id ORDER BY source_id', []);
        expect(rows.map((r) => [r.source_id, Number(r.n)])).toEqual(sources.map((id) => [id, 150]));
      });

      it('refuses a batch whose lease fence is stale', async () => {
        const c = await collector();
        const s = await store.createSource(c.id, makeSourceConfig());
        const [lease] = await store.claimLeases('p1', { ttlMs: 60_000, max: 10 });
        await store.appendBatch({
          ...makeBatch(s.id, 'siem', [makeMessage(s.id, 'f1')], { v: 1, n: 1 }),
          fence: { holder: 'p1', token: lease.token },
        });
        await store.claimLeases('p2', { ttlMs: 60_000, max: 10 });
        await expect(
          store.appendBatch({
            ...makeBatch(s.id, 'siem', [makeMessage(s.id, 'f2')], { v: 1, n: 2 }),
            fence: { holder: 'p1', token: lease.token },
          }),
        ).rejects.toMatchObject({ code: 'lease.lost' });
        expect(await store.getCheckpoint(s.id, 'siem')).toEqual({ v: 1, n: 1 });
      });
    });

    describe('health events', () => {
      const event = (resourceId: string, eventName: HealthEventRecord['eventName'] = 'ThirdPartyConfigError') => ({
        eventName,
        severityLevel: 'Error' as const,
        details: { trackerId: 'T1', name: 'Invalid credentials', description: 'd', error: '401' },
        resourceIdentity: { collectorId: 'C1', collectorName: 'c', id: resourceId, name: 'Mimecast', type: 'Source' as const },
        eventTime: clock.now(),
      });

      it('raises once per open name and resource, and resolves', async () => {
        const first = await store.raiseHealthEvent(event('S1'));
        clock.advance(1000);
        const again = await store.raiseHealthEvent(event('S1'));
        const other = await store.raiseHealthEvent(event('S1', 'ThirdPartyGenericError'));
        expect(first).toMatchObject({ status: 'Unhealthy', resolvedAt: null });
        expect(again.eventId).toBe(first.eventId);
        expect(other.eventId).not.toBe(first.eventId);

        const resolved = await store.resolveHealthEvents('S1', 'ThirdPartyConfigError');
        expect(resolved.map((e) => [e.eventId, e.status, e.resolvedAt])).toEqual([[first.eventId, 'Healthy', clock.now()]]);
        expect(await store.resolveHealthEvents('S1', 'ThirdPartyConfigError')).toEqual([]);
        const reopened = await store.raiseHealthEvent(event('S1'));
        expect(reopened.eventId).not.toBe(first.eventId);
        expect((await store.resolveHealthEvents('S1')).map((e) => e.eventId).sort()).toEqual([other.eventId, reopened.eventId].sort());
      });

      it('lists with filters and paging, newest first', async () => {
        const a = await store.raiseHealthEvent(event('S1'));
        clock.advance(10);
        const b = await store.raiseHealthEvent(event('S2'));
        clock.advance(10);
        const c = await store.raiseHealthEvent(event('S3'));
        await store.resolveHealthEvents('S3');
        const ids = (events: HealthEventRecord[]) => events.map((e) => e.eventId);
        expect(ids(await store.listHealthEvents({ unresolvedOnly: true, limit: 10, offset: 0 }))).toEqual([b.eventId, a.eventId]);
        expect(ids(await store.listHealthEvents({ unresolvedOnly: false, limit: 10, offset: 0 }))).toEqual([
          c.eventId,
          b.eventId,
          a.eventId,
        ]);
        expect(ids(await store.listHealthEvents({ unresolvedOnly: false, limit: 1, offset: 1 }))).toEqual([b.eventId]);
        expect(ids(await store.listHealthEvents({ unresolvedOnly: false, resourceIds: ['S1', 'S3'], limit: 10, offset: 0 }))).toEqual([
          c.eventId,
          a.eventId,
        ]);
        expect(await store.listHealthEvents({ unresolvedOnly: false, resourceIds: [], limit: 10, offset: 0 })).toEqual([]);
      });
    });

    accessKeyContractTests(() => ({ store, clock }));
    sourceRequestContractTests(() => store);
    monitorContractTests(() => ({ store, clock }));

    describe('fields and content', () => {
      it('keeps a fields schema', async () => {
        const team = await store.createField('team');
        await store.createField('env');
        await expect(store.createField('team')).rejects.toMatchObject({ code: 'DuplicateResourceName' });
        expect((await store.listFields()).map((f) => f.fieldName)).toEqual(['env', 'team']);
        expect(team).toMatchObject({ dataType: 'String', state: 'Enabled' });
        expect(await store.deleteField(team.fieldId)).toBe(true);
        expect(await store.deleteField(team.fieldId)).toBe(false);
        expect((await store.listFields()).map((f) => f.fieldName)).toEqual(['env']);
      });

      it('stores library items and lists a folder', async () => {
        const folder = { id: 'F1', parentId: null, itemType: 'Folder' as const, name: 'Personal', description: '', body: {}, createdAt: 1 };
        const dash = {
          id: 'D1',
          parentId: 'F1',
          itemType: 'Dashboard' as const,
          name: 'Overview',
          description: 'x',
          body: { panels: [{ key: 'a' }] },
          createdAt: 2,
        };
        await store.putContent(folder);
        await store.putContent(dash);
        await store.putContent({ ...dash, name: 'Overview 2' });
        expect(await store.getContent('D1')).toEqual({ ...dash, name: 'Overview 2' });
        expect(await store.getContent('nope')).toBeUndefined();
        expect((await store.listContentChildren('F1')).map((i) => i.id)).toEqual(['D1']);
        expect(await store.listContentChildren('D1')).toEqual([]);
      });
    });

    describe('processes and leases', () => {
      it('tracks process heartbeats', async () => {
        await store.heartbeatProcess('p1', 'host-a');
        const started = clock.now();
        clock.advance(15_000);
        await store.heartbeatProcess('p1', 'host-a');
        expect(await store.listProcesses()).toEqual([{ holder: 'p1', hostname: 'host-a', startedAt: started, lastSeenAlive: clock.now() }]);
      });

      it('grants leases with a token that grows when the holder changes', async () => {
        const c = await collector();
        const s1 = await store.createSource(c.id, makeSourceConfig({ name: 'one' }));
        const s2 = await store.createSource(c.id, makeSourceConfig({ name: 'two' }));
        const first = await store.claimLeases('p1', { ttlMs: 60_000, max: 10 });
        expect(first.map((l) => l.sourceId).sort()).toEqual([s1.id, s2.id].sort());
        expect(first[0]).toMatchObject({ holder: 'p1', expiresAt: clock.now() + 60_000 });
        clock.advance(30_000);
        const renewed = await store.claimLeases('p1', { ttlMs: 60_000, max: 10 });
        const token = (leases: typeof first, id: string) => leases.find((l) => l.sourceId === id)?.token ?? -1;
        expect(token(renewed, s1.id)).toBe(token(first, s1.id));
        expect(renewed[0].expiresAt).toBe(clock.now() + 60_000);

        await store.releaseLeases('p1', [s1.id]);
        await store.markSourceDeleting(s2.id);
        clock.advance(61_000);
        const taken = await store.claimLeases('p2', { ttlMs: 60_000, max: 10 });
        expect(taken.map((l) => l.sourceId)).toEqual([s1.id]);
        expect(token(taken, s1.id)).toBeGreaterThan(token(first, s1.id));
        await store.releaseLeases('p2');
        expect(await store.claimLeases('p3', { ttlMs: 60_000, max: 10 })).toHaveLength(1);
      });
    });

    describe('query', () => {
      it('binds parameters and returns plain JSON-serialisable rows', async () => {
        await store.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'q1', { messageTime: 2_000_000_000_000 })], { v: 1 }));
        const rows = await store.query(
          `SELECT messagetime, source_name, count(*) AS n FROM messages WHERE messagetime >= ${param(1)} AND source_name = ${param(2)}
           GROUP BY messagetime, source_name`,
          [1_999_999_999_999, 'siem'],
        );
        expect(rows).toEqual([{ messagetime: 2_000_000_000_000, source_name: 'siem', n: 1 }]);
        expect(await store.query(`SELECT 1 AS x WHERE 1 = ${param(1)}`, [2])).toEqual([]);
      });

      it('reports a bad statement as an AppError', async () => {
        await expect(store.query('SELECT nope FROM messages', [])).rejects.toMatchObject({ code: 'store.query' });
      });

      it('close() stops a query still running and resolves (a shutdown during a search must not hang)', async () => {
        // Warm the pool so the long query is on its connection before close() comes.
        await store.query('SELECT 1 AS x', []);
        const long =
          store.dialect === 'duckdb'
            ? 'SELECT count(*) AS n FROM range(100000000) a, range(100000) b WHERE a.range + b.range < 0'
            : 'SELECT pg_sleep(600) AS n';
        const running = store.query(long, []).then(
          () => 'finished',
          (error: { code?: string }) => error.code,
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        await store.close();
        expect(await running).toBe('store.closed');
        await expect(store.query('SELECT 1 AS x', [])).rejects.toMatchObject({ code: 'store.closed' });
      });
    });
  });
}
