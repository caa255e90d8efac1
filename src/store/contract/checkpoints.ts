import { beforeEach, describe, expect, it } from 'vitest';
import { makeBatch, makeMessage } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

/** The checkpoints part of the Store contract: polls recorded, checkpoints cleared. */
export function checkpointsContract(t: () => StoreUnderTest): void {
  describe('checkpoints', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });

    it('records polls and clears checkpoints', async () => {
      await store.checkpoints.recordPoll('S1', 'dlp', 5000);
      await store.messages.appendBatch(makeBatch('S1', 'dlp', [makeMessage('S1', 'd1', { messageTime: 4000 })], { v: 1 }));
      await store.checkpoints.recordPoll('S1', 'dlp', 6000);
      expect((await store.checkpoints.stats('S1')).dlp).toEqual({ messages: 1, dropped: 0, lastMessageTime: 4000, lastPollAt: 6000 });
      await store.checkpoints.clear('S1');
      expect(await store.checkpoints.get('S1', 'dlp')).toBeUndefined();
    });
  });
}
