import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARTITION, DEFAULT_PARTITION_ID } from '../../model/partition.js';
import { makeBatch, makeMessage, makePartition as partition } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { count as countOf, param as paramOf, type StoreUnderTest } from './context.js';

const DAY = 86_400_000;

/** The partitions part of the Store contract: records unique by name, routing on write, retention by message time. */
export function partitionsContract(t: () => StoreUnderTest): void {
  describe('partitions', () => {
    let store: Store;
    let now: number;
    beforeEach(() => {
      ({ store } = t());
      now = t().clock.now();
    });
    const count = (where: string, params: unknown[]) => {
      let n = 0;
      return countOf(store, `SELECT count(*) AS n FROM messages WHERE ${where.replace(/\?/g, () => paramOf(store, ++n))}`, params);
    };

    it('keeps partitions, unique by name in any case', async () => {
      await store.partitions.put(partition('p1', 'firewall', 10));
      await expect(store.partitions.put(partition('p2', 'FIREWALL', 10))).rejects.toMatchObject({ code: 'DuplicateResourceName' });
      await store.partitions.put(partition('p1', 'firewall', 20));
      expect(await store.partitions.get('p1')).toMatchObject({ name: 'firewall', retentionPeriod: 20 });
      expect((await store.partitions.list()).map((p) => p.id)).toEqual(['p1']);
      expect(await store.partitions.delete('p1')).toBe(true);
      expect(await store.partitions.delete('p1')).toBe(false);
      expect(await store.partitions.get('p1')).toBeUndefined();
    });

    it('routes each message to the partition its metadata matches, and sizes each partition', async () => {
      await store.partitions.put(partition(DEFAULT_PARTITION_ID, DEFAULT_PARTITION, 30));
      await store.partitions.put(partition('p1', 'firewall', 10));
      const messages = [
        makeMessage('S1', 'a', { messageTime: now, sourceCategory: 'Firewall/edge' }),
        makeMessage('S1', 'b', { messageTime: now, sourceCategory: 'mimecast' }),
        makeMessage('S1', 'c', { messageTime: now, sourceCategory: 'firewall', index: 'sumologic_system_events' }),
      ];
      expect(await store.messages.append(messages)).toEqual({ inserted: 3, duplicates: 0, expired: 0 });
      expect(await count('part_name = ?', ['firewall'])).toBe(1);
      expect(await count('part_name IS NULL', [])).toBe(2);
      const sizes = await store.partitions.sizes();
      expect(sizes.firewall).toBe(messages[0].raw.length);
      expect(sizes[DEFAULT_PARTITION]).toBe(messages[1].raw.length + messages[2].raw.length);
    });

    it('does not store messages older than their partition keeps', async () => {
      await store.partitions.put(partition(DEFAULT_PARTITION_ID, DEFAULT_PARTITION, 30));
      await store.partitions.put(partition('p1', 'firewall', 2));
      const result = await store.messages.append([
        makeMessage('S1', 'old-fw', { messageTime: now - 3 * DAY, sourceCategory: 'firewall' }),
        makeMessage('S1', 'old-main', { messageTime: now - 3 * DAY }),
        makeMessage('S1', 'ancient', { messageTime: now - 31 * DAY }),
      ]);
      expect(result).toEqual({ inserted: 1, duplicates: 0, expired: 2 });
      expect(await count('dedupe_key = ?', ['old-main'])).toBe(1);
      // A batch counts its replays and its expired messages apart (the import summary and /metrics show both).
      const batch = await store.messages.appendBatch(
        makeBatch(
          'S1',
          'siem',
          [
            makeMessage('S1', 'old-main', { messageTime: now - 3 * DAY }),
            makeMessage('S1', 'ancient', { messageTime: now - 31 * DAY }),
            makeMessage('S1', 'fresh', { messageTime: now }),
          ],
          { v: 1 },
        ),
      );
      expect(batch).toEqual({ inserted: 1, duplicates: 1, expired: 1 });
    });

    it('sweeps the messages past their retention, a shortened period once it takes effect', async () => {
      await store.partitions.put(partition(DEFAULT_PARTITION_ID, DEFAULT_PARTITION, 30));
      await store.partitions.put(partition('p1', 'firewall', 10, { newRetentionPeriod: 3, retentionEffectiveAt: now + DAY }));
      await store.messages.append([
        makeMessage('S1', 'fw-new', { messageTime: now - 1000, sourceCategory: 'firewall' }),
        makeMessage('S1', 'fw-old', { messageTime: now - 5 * DAY, sourceCategory: 'firewall' }),
        makeMessage('S1', 'main-old', { messageTime: now - 5 * DAY }),
        makeMessage('S1', 'health-old', { messageTime: now - 20 * DAY, index: 'sumologic_system_events' }),
      ]);
      expect(await store.partitions.sweep(now)).toBe(0);
      expect(await store.partitions.sweep(now + 2 * DAY)).toBe(1);
      expect(await count('dedupe_key = ?', ['fw-old'])).toBe(0);
      expect(await count('dedupe_key = ?', ['fw-new'])).toBe(1);
      // The dedupe key of a swept message outlives it: a replay after the period grew again is not stored twice.
      await store.partitions.put(partition('p1', 'firewall', 10));
      const replay = await store.messages.append([makeMessage('S1', 'fw-old', { messageTime: now - 5 * DAY, sourceCategory: 'firewall' })]);
      expect(replay.inserted).toBe(0);
      await store.partitions.sweep(now + 11 * DAY);
      expect(await count('dedupe_key = ?', ['health-old'])).toBe(0);
      expect(await count('dedupe_key = ?', ['main-old'])).toBe(1);
    });

    it('drops the oldest day that has messages, in every partition, and measures the disk it takes', async () => {
      await store.partitions.put(partition(DEFAULT_PARTITION_ID, DEFAULT_PARTITION, 30));
      await store.partitions.put(partition('p1', 'firewall', 30));
      const today = Math.floor(now / DAY) * DAY;
      const old = [
        makeMessage('S1', 'old-main', { messageTime: today - 2 * DAY + 5 }),
        makeMessage('S1', 'old-fw', { messageTime: today - 2 * DAY + 7, sourceCategory: 'firewall' }),
      ];
      await store.messages.append([
        ...old,
        makeMessage('S1', 'yesterday', { messageTime: today - DAY + 1 }),
        makeMessage('S1', 'today', { messageTime: now }),
      ]);
      expect(await store.partitions.diskBytes()).toBeGreaterThan(0);

      expect(await store.partitions.dropOldestDay()).toEqual({
        day: today - 2 * DAY,
        deleted: 2,
        bytes: old[0].raw.length + old[1].raw.length,
      });
      expect(await count('true', [])).toBe(2);
      expect((await store.partitions.dropOldestDay())?.day).toBe(today - DAY);
      expect((await store.partitions.dropOldestDay())?.deleted).toBe(1);
      expect(await store.partitions.dropOldestDay()).toBeUndefined();
    });
  });
}
