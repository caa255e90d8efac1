import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import type { StoreUnderTest } from './context.js';

/** The library part of the Store contract: items put (created or replaced), read and listed by folder. */
export function libraryContract(t: () => StoreUnderTest): void {
  describe('library', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });

    it('stores library items and lists a folder', async () => {
      const folder = { id: 'F1', parentId: null, itemType: 'Folder' as const, name: 'Personal', description: '', body: {}, createdAt: 1 };
      const dash = {
        id: 'D1',
        parentId: 'F1',
        itemType: 'Dashboard' as const,
        name: 'Overview',
        description: 'x',
        body: { panels: [{ key: 'a' }] },
        createdAt: 2,
      };
      await store.library.put(folder);
      await store.library.put(dash);
      await store.library.put({ ...dash, name: 'Overview 2' });
      expect(await store.library.get('D1')).toEqual({ ...dash, name: 'Overview 2' });
      expect(await store.library.get('nope')).toBeUndefined();
      expect((await store.library.listChildren('F1')).map((i) => i.id)).toEqual(['D1']);
      expect(await store.library.listChildren('D1')).toEqual([]);

      await store.library.put({ ...folder, id: 'F2', parentId: 'F1', createdAt: 3 });
      await store.library.delete(['D1', 'F2']);
      expect(await store.library.get('D1')).toBeUndefined();
      expect(await store.library.listChildren('F1')).toEqual([]);
      expect(await store.library.get('F1')).toEqual(folder);
      await store.library.delete([]);
    });

    it('replaces an item only while its body is the one expected (compare-and-set)', async () => {
      const dash = {
        id: 'D2',
        parentId: 'F1',
        itemType: 'Dashboard' as const,
        name: 'A',
        description: '',
        body: { v: 1, t: 'a' },
        createdAt: 5,
      };
      await store.library.put(dash);
      const read = (await store.library.get('D2'))?.body as Record<string, unknown>;
      // Two saves over the version both read: the first wins, the second finds it changed.
      expect(await store.library.replaceIfUnchanged({ ...dash, name: 'B', body: { v: 2 } }, read)).toBe(true);
      expect(await store.library.replaceIfUnchanged({ ...dash, name: 'C', body: { v: 3 } }, read)).toBe(false);
      expect(await store.library.get('D2')).toEqual({ ...dash, name: 'B', body: { v: 2 } });
      expect(await store.library.replaceIfUnchanged({ ...dash, id: 'gone' }, read)).toBe(false);
      expect(await store.library.get('gone')).toBeUndefined();
    });

    it('creates an item only while its name is free in its folder', async () => {
      const item = { id: 'S1', parentId: 'F1', itemType: 'Search' as const, name: 'Top Senders', description: '', body: {}, createdAt: 6 };
      expect(await store.library.createIfNameFree(item)).toBe(true);
      expect(await store.library.createIfNameFree({ ...item, id: 'S2', name: 'TOP senders' })).toBe(false);
      expect(await store.library.get('S2')).toBeUndefined();
      // The same name elsewhere is free.
      expect(await store.library.createIfNameFree({ ...item, id: 'S3', parentId: 'F9' })).toBe(true);
      expect((await store.library.listChildren('F1')).filter((i) => i.itemType === 'Search').map((i) => i.id)).toEqual(['S1']);
    });

    it('creates an item in place of the items of its name in its folder, answering those it took out', async () => {
      const item = { id: 'R1', parentId: 'F7', itemType: 'Search' as const, name: 'Holds', description: '', body: { v: 1 }, createdAt: 6 };
      expect(await store.library.createReplacingName(item)).toEqual([]);
      await store.library.put({ ...item, id: 'R2', name: 'Other' });
      await store.library.put({ ...item, id: 'C1', parentId: 'R1', name: 'child' });
      expect(await store.library.createReplacingName({ ...item, id: 'R3', name: 'HOLDS', body: { v: 2 } })).toEqual([item]);
      expect((await store.library.listChildren('F7')).map((i) => i.id).sort()).toEqual(['R2', 'R3']);
      // The children of what was taken out are the caller's to remove.
      expect((await store.library.listChildren('R1')).map((i) => i.id)).toEqual(['C1']);
    });

    it('deletes an item only while its body is the one expected (compare-and-set)', async () => {
      const dash = { id: 'D3', parentId: 'F1', itemType: 'Dashboard' as const, name: 'A', description: '', body: { v: 1 }, createdAt: 5 };
      await store.library.put(dash);
      const read = (await store.library.get('D3'))?.body as Record<string, unknown>;
      // A save by another process since the read: the delete over the read version does nothing.
      expect(await store.library.replaceIfUnchanged({ ...dash, body: { v: 2 } }, read)).toBe(true);
      expect(await store.library.deleteIfUnchanged('D3', read)).toBe(false);
      expect(await store.library.get('D3')).toMatchObject({ body: { v: 2 } });
      expect(await store.library.deleteIfUnchanged('D3', { v: 2 })).toBe(true);
      expect(await store.library.get('D3')).toBeUndefined();
      expect(await store.library.deleteIfUnchanged('D3', { v: 2 })).toBe(false);
    });
  });
}
