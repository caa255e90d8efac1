import { describe, expect, it } from 'vitest';
import { makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';

/**
 * The source requests part of the Store contract: update, restart and delete bump the generation; only the
 * runtime's state write moves observedGeneration. `store()` is the fresh store of the running test.
 */
export function sourceRequestContractTests(store: () => Store): void {
  describe('source requests', () => {
    const created = async () => {
      const s = store();
      const c = await s.collectors.create({ name: 'c', description: '', category: '', fields: {} });
      return s.sources.create(c.id, makeSourceConfig());
    };

    it('bumps the generation on update (with the version) and on restart (without it)', async () => {
      const s = store();
      const source = await created();
      const updated = await s.sources.update(source.id, makeSourceConfig({ pollingIntervalSec: 60 }), 1);
      expect(updated).toMatchObject({ version: 2, generation: 2, observedGeneration: 0 });
      await s.sources.requestRestart(source.id);
      expect(await s.sources.get(source.id)).toMatchObject({
        version: 2,
        generation: 3,
        observedGeneration: 0,
        state: { state: 'Pending' },
      });
      await expect(s.sources.requestRestart('NOPE')).rejects.toMatchObject({ code: 'notfound' });
    });

    it('bumps the generation with the deleting flag', async () => {
      const s = store();
      const source = await created();
      await s.sources.markDeleting(source.id);
      expect(await s.sources.get(source.id)).toMatchObject({ deleting: true, generation: 2, observedGeneration: 0, version: 1 });
    });

    it('records the observed generation with a state, and keeps it when none is given', async () => {
      const s = store();
      const source = await created();
      await s.sources.requestRestart(source.id);
      await s.sources.setState(source.id, { state: 'Pending' }, 2);
      expect(await s.sources.get(source.id)).toMatchObject({ generation: 2, observedGeneration: 2, state: { state: 'Pending' } });
      await s.sources.setState(source.id, { state: 'Started' });
      expect(await s.sources.get(source.id)).toMatchObject({ generation: 2, observedGeneration: 2, state: { state: 'Started' } });
    });
  });
}
