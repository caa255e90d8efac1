import { AppError, NotFoundError } from '../core/errors.js';
import type { ContentItem } from '../model/library.js';
import type { LookupTable } from '../model/lookup-table.js';
import type { Store } from '../store/store.js';

/**
 * A lookup table lives twice: its rows and definition in the lookup tables repository, its entry (name, place,
 * and the definition members a sync definition exports) in the library. These keep the two in step whichever
 * API made the change: the Lookup Tables API, or the Content Management API's import, copy, move, rename and
 * delete.
 */

/** `/Library/Users/NAME/Folder/Item`, NAME being the key name the personal folder belongs to. */
export async function libraryPath(store: Store, id: string): Promise<string> {
  const names: string[] = [];
  let item = await store.library.get(id);
  if (!item) throw new NotFoundError(`content ${id}`);
  for (let hops = 0; item.parentId !== null; hops++) {
    if (hops > 1000) throw new AppError('internal', `the library has a cycle above ${id}`);
    names.unshift(item.name);
    const parent: ContentItem | undefined = await store.library.get(item.parentId);
    if (!parent) throw new NotFoundError(`content ${item.parentId}`);
    item = parent;
  }
  const owner = typeof item.body.owner === 'string' ? item.body.owner : item.id;
  return ['', 'Library', 'Users', owner, ...names].join('/');
}

/** The members of a table's definition its library entry keeps, as a LookupTableSyncDefinition exports them. */
export function lookupEntryBody(table: Pick<LookupTable, 'fields' | 'primaryKeys' | 'ttl' | 'sizeLimitAction'>): Record<string, unknown> {
  return { fields: table.fields, primaryKeys: table.primaryKeys, ttl: table.ttl, sizeLimitAction: table.sizeLimitAction };
}

/**
 * After the library changed below `rootId` (an import, a copy, a move, a rename): every lookup entry there gets
 * a table (an imported definition has none yet, and no rows) and the table its current name and path.
 */
export async function syncLookupTables(store: Store, root: ContentItem, by: string, now: number): Promise<void> {
  if (root.itemType === 'Folder') {
    for (const child of await store.library.listChildren(root.id)) await syncLookupTables(store, child, by, now);
    return;
  }
  if (root.itemType !== 'Lookups') return;
  const existing = await store.lookupTables.get(root.id);
  const body = root.body as Partial<LookupTable>;
  const at = new Date(now).toISOString();
  await store.lookupTables.put({
    name: root.name,
    description: root.description,
    fields: existing?.fields ?? body.fields ?? [],
    primaryKeys: existing?.primaryKeys ?? body.primaryKeys ?? [],
    ttl: existing?.ttl ?? body.ttl ?? 0,
    sizeLimitAction: existing?.sizeLimitAction ?? body.sizeLimitAction ?? 'StopIncomingMessages',
    parentFolderId: root.parentId as string,
    id: root.id,
    contentPath: await libraryPath(store, root.id),
    createdAt: existing?.createdAt ?? at,
    createdBy: existing?.createdBy ?? by,
    modifiedAt: at,
    modifiedBy: by,
  });
}

/** Before library items go: the tables of the lookup entries among them, rows and all. */
export async function deleteLookupTables(store: Store, items: readonly ContentItem[]): Promise<void> {
  for (const item of items) if (item.itemType === 'Lookups') await store.lookupTables.delete(item.id);
}
