import { beforeEach, describe, expect, it } from 'vitest';
import { makeBatch, makeMessage, makeSourceConfig } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { count as countOf, createCollector, param as paramOf, type StoreUnderTest } from './context.js';

/** The sources part of the Store contract: the secret sealed at rest, versions, unique names per collector. */
export function sourcesContract(t: () => StoreUnderTest): void {
  describe('sources', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });
    const collector = (name?: string) => createCollector(store, name);
    const param = (n: number) => paramOf(store, n);
    const count = (sql: string, params: unknown[]) => countOf(store, sql, params);

    it('creates a Pending source and returns its secret in clear only to the caller', async () => {
      const c = await collector();
      const s = await store.sources.create(c.id, makeSourceConfig({ clientSecret: 'shh-1' }));
      expect(s).toMatchObject({
        collectorId: c.id,
        version: 1,
        deleting: false,
        state: { state: 'Pending' },
        generation: 1,
        observedGeneration: 0,
      });
      expect(s.config.clientSecret).toBe('shh-1');
      expect((await store.sources.get(s.id))?.config).toEqual(makeSourceConfig({ clientSecret: 'shh-1' }));
    });

    it('keeps names unique per collector only', async () => {
      const c1 = await collector('c1');
      const c2 = await collector('c2');
      await store.sources.create(c1.id, makeSourceConfig({ name: 'm' }));
      await expect(store.sources.create(c1.id, makeSourceConfig({ name: 'm' }))).rejects.toMatchObject({ code: 'DuplicateResourceName' });
      await store.sources.create(c2.id, makeSourceConfig({ name: 'm' }));
      expect(await store.sources.list(c1.id)).toHaveLength(1);
      expect(await store.sources.list()).toHaveLength(2);
      await expect(store.sources.create('NOPE', makeSourceConfig())).rejects.toMatchObject({ code: 'notfound' });
    });

    it('updates with versions; the secret is sealed as given, mask or not', async () => {
      const c = await collector();
      const s = await store.sources.create(c.id, makeSourceConfig({ clientSecret: 'first' }));
      const kept = await store.sources.update(s.id, makeSourceConfig({ clientSecret: '********', pollingIntervalSec: 60 }), 1);
      expect(kept.config).toMatchObject({ clientSecret: '********', pollingIntervalSec: 60 });
      expect(kept.version).toBe(2);
      const changed = await store.sources.update(s.id, makeSourceConfig({ clientSecret: 'second' }));
      expect(changed.config.clientSecret).toBe('second');
      await expect(store.sources.update(s.id, makeSourceConfig(), 1)).rejects.toMatchObject({ code: 'precondition.failed' });
      await expect(store.sources.update('NOPE', makeSourceConfig())).rejects.toMatchObject({ code: 'notfound' });
    });

    it('records state without changing the version, and the deleting flag', async () => {
      const c = await collector();
      const s = await store.sources.create(c.id, makeSourceConfig());
      const error = { type: 'ThirdPartyConfig' as const, code: '401', message: 'Client credentials are invalid', retriesUntil: null };
      await store.sources.setState(s.id, { state: 'Error', error });
      await store.sources.markDeleting(s.id);
      const read = await store.sources.get(s.id);
      expect(read).toMatchObject({ state: { state: 'Error', error }, deleting: true, version: 1 });
      await expect(store.sources.setState('NOPE', { state: 'Started' })).rejects.toMatchObject({ code: 'notfound' });
    });

    it('deletes a source with its checkpoints and stats; its messages stay searchable', async () => {
      const c = await collector();
      const s = await store.sources.create(c.id, makeSourceConfig());
      await store.messages.appendBatch(makeBatch(s.id, 'siem', [makeMessage(s.id, 'k1')], { v: 1, token: 'p2' }));
      await store.sources.delete(s.id);
      expect(await store.sources.get(s.id)).toBeUndefined();
      expect(await store.checkpoints.get(s.id, 'siem')).toBeUndefined();
      expect(await store.checkpoints.stats(s.id)).toEqual({});
      expect(await count(`SELECT count(*) AS n FROM messages WHERE source_id = ${param(1)}`, [s.id])).toBe(1);
    });

    describe('requests (update, restart, delete bump the generation; only the runtime moves observedGeneration)', () => {
      const created = async () => {
        const c = await store.collectors.create({ name: 'c', description: '', category: '', fields: {} });
        return store.sources.create(c.id, makeSourceConfig());
      };

      it('bumps the generation on update (with the version) and on restart (without it)', async () => {
        const source = await created();
        const updated = await store.sources.update(source.id, makeSourceConfig({ pollingIntervalSec: 60 }), 1);
        expect(updated).toMatchObject({ version: 2, generation: 2, observedGeneration: 0 });
        await store.sources.requestRestart(source.id);
        expect(await store.sources.get(source.id)).toMatchObject({
          version: 2,
          generation: 3,
          observedGeneration: 0,
          state: { state: 'Pending' },
        });
        await expect(store.sources.requestRestart('NOPE')).rejects.toMatchObject({ code: 'notfound' });
      });

      it('bumps the generation with the deleting flag', async () => {
        const source = await created();
        await store.sources.markDeleting(source.id);
        expect(await store.sources.get(source.id)).toMatchObject({ deleting: true, generation: 2, observedGeneration: 0, version: 1 });
      });

      it('records the observed generation with a state, and keeps it when none is given', async () => {
        const source = await created();
        await store.sources.requestRestart(source.id);
        await store.sources.setState(source.id, { state: 'Pending' }, 2);
        expect(await store.sources.get(source.id)).toMatchObject({ generation: 2, observedGeneration: 2, state: { state: 'Pending' } });
        await store.sources.setState(source.id, { state: 'Started' });
        expect(await store.sources.get(source.id)).toMatchObject({ generation: 2, observedGeneration: 2, state: { state: 'Started' } });
      });
    });
  });
}
