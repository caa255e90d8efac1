import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../core/clock.js';
import { makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { createCollector, type StoreUnderTest } from './context.js';

/** The collectors part of the Store contract: versions, unique names, deletes that take the sources along. */
export function collectorsContract(t: () => StoreUnderTest): void {
  describe('collectors', () => {
    let store: Store;
    let clock: ManualClock;
    beforeEach(() => {
      ({ store, clock } = t());
    });
    const collector = (name?: string) => createCollector(store, name);

    it('creates, reads, lists with paging, updates with versions and deletes', async () => {
      const a = await collector('a');
      clock.advance(1);
      const b = await collector('b');
      expect(a).toMatchObject({ name: 'a', collectorType: 'Hosted', version: 1, createdAt: clock.now() - 1 });
      expect(await store.collectors.get(a.id)).toEqual(a);
      expect((await store.collectors.list()).map((c) => c.name)).toEqual(['a', 'b']);
      expect((await store.collectors.list({ limit: 1, offset: 1 })).map((c) => c.name)).toEqual(['b']);

      const updated = await store.collectors.update(a.id, { name: 'a2', description: 'x', category: 'y', fields: { team: 'soc' } }, 1);
      expect(updated).toMatchObject({ id: a.id, name: 'a2', description: 'x', fields: { team: 'soc' }, version: 2 });
      await expect(store.collectors.update(a.id, { ...updated, name: 'a3' }, 1)).rejects.toMatchObject({ code: 'precondition.failed' });
      await expect(store.collectors.update(a.id, { ...updated, name: 'b' })).rejects.toMatchObject({ code: 'DuplicateResourceName' });
      await expect(store.collectors.update('NOPE', { ...updated })).rejects.toMatchObject({ code: 'notfound' });

      await store.collectors.delete(b.id);
      expect(await store.collectors.get(b.id)).toBeUndefined();
    });

    it('refuses a second collector with the same name', async () => {
      await collector('same');
      await expect(collector('same')).rejects.toMatchObject({ code: 'DuplicateResourceName' });
    });

    it('deletes a collector together with its sources', async () => {
      const c = await collector();
      const s = await store.sources.create(c.id, makeSourceConfig());
      await store.collectors.delete(c.id);
      expect(await store.sources.get(s.id)).toBeUndefined();
      expect(await store.sources.list()).toEqual([]);
    });
  });
}
