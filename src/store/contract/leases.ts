import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../core/clock.js';
import { makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { createCollector, type StoreUnderTest } from './context.js';

/** The leases part of the Store contract: heartbeats, and tokens that grow when the holder changes. */
export function leasesContract(t: () => StoreUnderTest): void {
  describe('processes and leases', () => {
    let store: Store;
    let clock: ManualClock;
    beforeEach(() => {
      ({ store, clock } = t());
    });
    const collector = (name?: string) => createCollector(store, name);

    it('tracks process heartbeats', async () => {
      await store.leases.heartbeat('p1', 'host-a');
      const started = clock.now();
      clock.advance(15_000);
      await store.leases.heartbeat('p1', 'host-a');
      expect(await store.leases.listProcesses()).toEqual([
        { holder: 'p1', hostname: 'host-a', startedAt: started, lastSeenAlive: clock.now() },
      ]);
    });

    it('grants leases with a token that grows when the holder changes', async () => {
      const c = await collector();
      const s1 = await store.sources.create(c.id, makeSourceConfig({ name: 'one' }));
      const s2 = await store.sources.create(c.id, makeSourceConfig({ name: 'two' }));
      const first = await store.leases.claim('p1', { ttlMs: 60_000, max: 10 });
      expect(first.map((l) => l.sourceId).sort()).toEqual([s1.id, s2.id].sort());
      expect(first[0]).toMatchObject({ holder: 'p1', expiresAt: clock.now() + 60_000 });
      clock.advance(30_000);
      const renewed = await store.leases.claim('p1', { ttlMs: 60_000, max: 10 });
      const token = (leases: typeof first, id: string) => leases.find((l) => l.sourceId === id)?.token ?? -1;
      expect(token(renewed, s1.id)).toBe(token(first, s1.id));
      expect(renewed[0].expiresAt).toBe(clock.now() + 60_000);

      await store.leases.release('p1', [s1.id]);
      await store.sources.markDeleting(s2.id);
      clock.advance(61_000);
      const taken = await store.leases.claim('p2', { ttlMs: 60_000, max: 10 });
      expect(taken.map((l) => l.sourceId)).toEqual([s1.id]);
      expect(token(taken, s1.id)).toBeGreaterThan(token(first, s1.id));
      await store.leases.release('p2');
      expect(await store.leases.claim('p3', { ttlMs: 60_000, max: 10 })).toHaveLength(1);
    });
  });
}
