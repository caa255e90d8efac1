import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

/** The fields part of the Store contract: a schema of names unique regardless of case. */
export function fieldsContract(t: () => StoreUnderTest): void {
  describe('fields', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });

    it('keeps a fields schema', async () => {
      const team = await store.fields.create('team');
      await store.fields.create('env');
      await expect(store.fields.create('team')).rejects.toMatchObject({ code: 'DuplicateResourceName' });
      expect((await store.fields.list()).map((f) => f.fieldName)).toEqual(['env', 'team']);
      expect(team).toMatchObject({ dataType: 'String', state: 'Enabled' });
      expect(await store.fields.delete(team.fieldId)).toBe(true);
      expect(await store.fields.delete(team.fieldId)).toBe(false);
      expect((await store.fields.list()).map((f) => f.fieldName)).toEqual(['env']);
    });
  });
}
