import { beforeEach, describe, expect, it } from 'vitest';
import type { LookupTable } from '../../model/lookup-table.js';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

const table = (over: Partial<LookupTable> = {}): LookupTable => ({
  id: 'L1',
  name: 'owners',
  description: '',
  fields: [
    { fieldName: 'ip', fieldType: 'string' },
    { fieldName: 'owner', fieldType: 'string' },
  ],
  primaryKeys: ['ip'],
  ttl: 0,
  sizeLimitAction: 'StopIncomingMessages',
  parentFolderId: 'P1',
  contentPath: '/Library/Users/Alice/owners',
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'alice',
  modifiedAt: '2026-01-01T00:00:00.000Z',
  modifiedBy: 'alice',
  ...over,
});

const row = (ip: string, owner: string) => ({ key: ip, values: { ip, owner } });

/** The lookup tables part of the Store contract: definitions by id and path, rows merged or replaced. */
export function lookupTablesContract(t: () => StoreUnderTest): void {
  describe('lookup tables', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });

    it('keeps a definition, found by id and by its path in any case, replaced on put', async () => {
      await store.lookupTables.put(table());
      expect(await store.lookupTables.get('L1')).toEqual(table());
      expect((await store.lookupTables.getByPath('/library/users/alice/OWNERS'))?.id).toBe('L1');
      await store.lookupTables.put(table({ description: 'who owns what' }));
      expect((await store.lookupTables.get('L1'))?.description).toBe('who owns what');
      expect(await store.lookupTables.get('L2')).toBeUndefined();
    });

    it('merges rows by key, replaces them all, deletes one, and goes with its table', async () => {
      await store.lookupTables.put(table());
      expect(await store.lookupTables.writeRows('L1', [row('10.0.0.1', 'ann'), row('10.0.0.2', 'bob'), row('10.0.0.1', 'cy')], false)).toBe(
        2,
      );
      expect(await store.lookupTables.writeRows('L1', [row('10.0.0.3', 'dee')], false)).toBe(3);
      expect(await store.lookupTables.rows('L1', 10)).toEqual([row('10.0.0.1', 'cy'), row('10.0.0.2', 'bob'), row('10.0.0.3', 'dee')]);
      expect(await store.lookupTables.writeRows('L1', [row('10.0.0.9', 'eve')], true)).toBe(1);
      expect(await store.lookupTables.deleteRow('L1', '10.0.0.9')).toBe(true);
      expect(await store.lookupTables.deleteRow('L1', '10.0.0.9')).toBe(false);
      await store.lookupTables.writeRows('L1', [row('10.0.0.1', 'ann')], false);
      expect(await store.lookupTables.delete('L1')).toBe(true);
      expect(await store.lookupTables.delete('L1')).toBe(false);
      expect(await store.lookupTables.count('L1')).toBe(0);
    });
  });
}
