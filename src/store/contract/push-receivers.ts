import { beforeEach, describe, expect, it } from 'vitest';
import { makeMessage, makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { count, createCollector, param, type StoreUnderTest } from './context.js';

/** The push receivers part of the Store contract: the token sealed and found, pushes counted with their messages. */
export function pushReceiversContract(t: () => StoreUnderTest): void {
  describe('push receivers', () => {
    let store: Store;
    let sourceId: string;
    beforeEach(async () => {
      ({ store } = t());
      sourceId = (await store.sources.create((await createCollector(store)).id, makeSourceConfig())).id;
    });

    it('keeps the token sealed, finds its source by it, and a new token replaces the old one', async () => {
      const made = await store.pushReceivers.put(sourceId, 'token-one');
      expect(made).toMatchObject({ sourceId, token: 'token-one', messages: 0, lastPushAt: null });
      const [row] = await store.query(`SELECT * FROM push_receivers WHERE source_id = ${param(store, 1)}`, [sourceId]);
      expect(JSON.stringify(row)).not.toContain('token-one');
      expect(await store.pushReceivers.find('token-one')).toBe(sourceId);
      expect(await store.pushReceivers.find('token-two')).toBeUndefined();
      await store.pushReceivers.put(sourceId, 'token-two');
      expect(await store.pushReceivers.find('token-one')).toBeUndefined();
      expect(await store.pushReceivers.find('token-two')).toBe(sourceId);
      expect(await store.pushReceivers.delete(sourceId)).toBe(true);
      expect(await store.pushReceivers.delete(sourceId)).toBe(false);
      expect(await store.pushReceivers.find('token-two')).toBeUndefined();
    });

    it('stores a push once, counts what it inserted with its time, and goes with its source', async () => {
      await store.pushReceivers.put(sourceId, 'token');
      const older = 1_763_640_000_000;
      const messages = [makeMessage(sourceId, 'a', { messageTime: older }), makeMessage(sourceId, 'b', { messageTime: older + 60_000 })];
      const push = (at: number) => store.messages.appendPushed({ sourceId, dataType: 'siem', messages, at });
      expect(await push(5_000)).toEqual({ inserted: 2, duplicates: 0, expired: 0 });
      expect(await push(6_000)).toEqual({ inserted: 0, duplicates: 2, expired: 0 });
      expect(await store.pushReceivers.get(sourceId)).toMatchObject({ messages: 2, lastPushAt: 5_000 });
      // The data type's stats count pushed messages as they count pulled ones; a push moves no poll time.
      expect((await store.checkpoints.stats(sourceId)).siem).toMatchObject({
        messages: 2,
        lastMessageTime: older + 60_000,
        lastPollAt: null,
      });
      expect(await count(store, 'SELECT count(*) AS n FROM messages', [])).toBe(2);
      expect(await store.checkpoints.get(sourceId, 'siem')).toBeUndefined();
      await store.sources.delete(sourceId);
      expect(await store.pushReceivers.get(sourceId)).toBeUndefined();
    });
  });
}
