import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../model/message.js';
import { makeBatch, makeMessage, makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { count as countOf, createCollector, param as paramOf, type StoreUnderTest } from './context.js';

/** The messages part of the Store contract: batches written with their checkpoint in one transaction, replays skipped, every column stored. */
export function messagesContract(t: () => StoreUnderTest): void {
  describe('messages', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });
    const collector = (name?: string) => createCollector(store, name);
    const param = (n: number) => paramOf(store, n);
    const count = (sql: string, params: unknown[]) => countOf(store, sql, params);

    it('writes a batch, its checkpoint and its stats together', async () => {
      const result = await store.messages.appendBatch({
        ...makeBatch('S1', 'siem', [makeMessage('S1', 'a', { messageTime: 1000 }), makeMessage('S1', 'b', { messageTime: 3000 })], {
          v: 1,
          page: 'p1',
        }),
        dropped: 2,
      });
      expect(result).toEqual({ inserted: 2, duplicates: 0, expired: 0 });
      expect(await store.checkpoints.get('S1', 'siem')).toEqual({ v: 1, page: 'p1' });
      expect(await store.checkpoints.get('S1', 'dlp')).toBeUndefined();
      expect(await store.checkpoints.stats('S1')).toEqual({
        siem: { messages: 2, dropped: 2, lastMessageTime: 3000, lastPollAt: null },
      });
    });

    it('skips replays and duplicates within a batch, and counts them', async () => {
      await store.messages.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'a'), makeMessage('S1', 'b')], { v: 1, n: 1 }));
      const replay = await store.messages.appendBatch(
        makeBatch('S1', 'siem', [makeMessage('S1', 'b'), makeMessage('S1', 'c'), makeMessage('S1', 'c')], { v: 1, n: 2 }),
      );
      expect(replay).toEqual({ inserted: 1, duplicates: 2, expired: 0 });
      expect(await store.checkpoints.get('S1', 'siem')).toEqual({ v: 1, n: 2 });
      expect(await count(`SELECT count(*) AS n FROM messages WHERE source_id = ${param(1)}`, ['S1'])).toBe(3);
      expect((await store.checkpoints.stats('S1')).siem?.messages).toBe(3);
    });

    it('keeps one copy per source: the same event read by two sources is stored twice', async () => {
      await store.messages.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'same')], { v: 1 }));
      await store.messages.appendBatch(makeBatch('S2', 'siem', [makeMessage('S2', 'same')], { v: 1 }));
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
      await store.messages.appendBatch(makeBatch('S1', 'siem', [m], { v: 1 }));
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
      await store.messages.append([{ ...makeMessage('S1', 'u'), raw: '{"subject":"é"}' }]);
      const [row] = await store.query(`SELECT size FROM messages WHERE dedupe_key = ${param(1)}`, ['u']);
      expect(row.size).toBe(16);
    });

    it('appends messages without a checkpoint, unique per source', async () => {
      const first = await store.messages.append([
        makeMessage('__health', 'h1', { index: 'sumologic_system_events' }),
        makeMessage('__health', 'h2'),
      ]);
      const again = await store.messages.append([makeMessage('__health', 'h1'), makeMessage('__health', 'h3')]);
      expect(first).toEqual({ inserted: 2, duplicates: 0, expired: 0 });
      expect(again).toEqual({ inserted: 1, duplicates: 1, expired: 0 });
      expect(await count(`SELECT count(*) AS n FROM messages WHERE idx = ${param(1)}`, ['sumologic_system_events'])).toBe(1);
    });

    it('writes batches of several sources at once without losing any', async () => {
      const sources = ['A', 'B', 'C', 'D'];
      await Promise.all(
        sources.flatMap((id) =>
          [0, 1, 2].map((n) =>
            store.messages.appendBatch(
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
      const s = await store.sources.create(c.id, makeSourceConfig());
      const [lease] = await store.leases.claim('p1', { ttlMs: 60_000, max: 10 });
      await store.messages.appendBatch({
        ...makeBatch(s.id, 'siem', [makeMessage(s.id, 'f1')], { v: 1, n: 1 }),
        fence: { holder: 'p1', token: lease.token },
      });
      await store.leases.claim('p2', { ttlMs: 60_000, max: 10 });
      await expect(
        store.messages.appendBatch({
          ...makeBatch(s.id, 'siem', [makeMessage(s.id, 'f2')], { v: 1, n: 2 }),
          fence: { holder: 'p1', token: lease.token },
        }),
      ).rejects.toMatchObject({ code: 'lease.lost' });
      expect(await store.checkpoints.get(s.id, 'siem')).toEqual({ v: 1, n: 1 });
    });
  });
}
