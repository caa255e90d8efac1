import { describe, expect, it } from 'vitest';
import type { StoreUnderTest } from './context.js';

/** The access keys part of the Store contract; `t()` is the fresh store and clock of the running test. */
export function accessKeysContract(t: () => StoreUnderTest): void {
  describe('access keys', () => {
    it('verifies the key it created, never stores or lists it, and refuses disabled and deleted keys', async () => {
      const { store } = t();
      const created = await store.accessKeys.create('ci');
      expect(created.accessKey.length).toBeGreaterThanOrEqual(32);
      expect(await store.accessKeys.verify(created.accessId, created.accessKey)).toMatchObject({
        accessId: created.accessId,
        name: 'ci',
      });
      expect(await store.accessKeys.verify(created.accessId, `${created.accessKey}x`)).toBeUndefined();
      expect(await store.accessKeys.verify('unknown', created.accessKey)).toBeUndefined();
      const listed = await store.accessKeys.list();
      expect(listed.map((k) => k.accessId)).toEqual([created.accessId]);
      expect(JSON.stringify(listed)).not.toContain(created.accessKey);
      const dump = JSON.stringify(await store.query('SELECT * FROM access_keys', []));
      expect(dump).not.toContain(created.accessKey);
      await store.accessKeys.update(created.accessId, { disabled: true });
      expect(await store.accessKeys.verify(created.accessId, created.accessKey)).toBeUndefined();
      expect((await store.accessKeys.list())[0].disabled).toBe(true);
      await store.accessKeys.update(created.accessId, { disabled: false });
      expect(await store.accessKeys.verify(created.accessId, created.accessKey)).toBeDefined();
      expect(await store.accessKeys.delete(created.accessId)).toBe(true);
      expect(await store.accessKeys.delete(created.accessId)).toBe(false);
      expect(await store.accessKeys.verify(created.accessId, created.accessKey)).toBeUndefined();
      expect(await store.accessKeys.get(created.accessId)).toBeUndefined();
      await expect(store.accessKeys.update(created.accessId, { disabled: true })).rejects.toMatchObject({ code: 'notfound' });
    });

    it("keeps Sumo's members: creator, modification time and corsHeaders", async () => {
      const { store, clock } = t();
      const { record } = await store.accessKeys.create('web', { createdBy: 'suCREATOR', corsHeaders: ['https://a.example'] });
      expect(record).toEqual({
        accessId: record.accessId,
        name: 'web',
        createdAt: clock.now(),
        createdBy: 'suCREATOR',
        modifiedAt: clock.now(),
        lastUsedAt: null,
        disabled: false,
        corsHeaders: ['https://a.example'],
      });
      expect(await store.accessKeys.get(record.accessId)).toEqual(record);
      clock.advance(1000);
      const disabled = await store.accessKeys.update(record.accessId, { disabled: true });
      expect(disabled).toEqual({ ...record, disabled: true, modifiedAt: clock.now() });
      const cors = await store.accessKeys.update(record.accessId, { disabled: true, corsHeaders: [] });
      expect(cors.corsHeaders).toEqual([]);
      expect(await store.accessKeys.get(record.accessId)).toEqual(cors);
      expect((await store.accessKeys.create('plain')).record.createdBy).toBe('system');
    });

    it('refuses, when asked to, to disable or delete the last enabled key', async () => {
      const { store } = t();
      const a = await store.accessKeys.create('a');
      const b = await store.accessKeys.create('b');
      const guard = { keepOneEnabled: true };
      await store.accessKeys.update(a.accessId, { disabled: true }, guard);
      await expect(store.accessKeys.update(b.accessId, { disabled: true }, guard)).rejects.toMatchObject({
        code: 'accessKey.lastEnabled',
      });
      await expect(store.accessKeys.delete(b.accessId, guard)).rejects.toMatchObject({ code: 'accessKey.lastEnabled' });
      expect(await store.accessKeys.delete(a.accessId, guard)).toBe(true);
      expect((await store.accessKeys.get(b.accessId))?.disabled).toBe(false);
      expect(await store.accessKeys.delete(b.accessId)).toBe(true);
    });

    it('records when a key was last used', async () => {
      const { store, clock } = t();
      const created = await store.accessKeys.create('ui');
      clock.advance(5000);
      await store.accessKeys.verify(created.accessId, created.accessKey);
      expect((await store.accessKeys.list())[0].lastUsedAt).toBe(clock.now());
    });
  });
}
