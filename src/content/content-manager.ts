import { NotFoundError, ValidationError } from '../core/errors.js';
import { KeyedSerial } from '../core/keyed-serial.js';
import { CONTENT_LIMITS, type ContentSyncDefinition } from '../model/content-sync.js';
import type { ContentChild, ContentItem } from '../model/library.js';
import type { Store } from '../store/store.js';
import { ContentJobs } from './jobs.js';
import { checkText, newId, personalFolderId } from './library.js';
import { deleteLookupTables, libraryPath, syncLookupTables } from './lookup-entries.js';
import { toSyncDefinition } from './sync-export.js';
import { type ImportNode, parseSyncDefinition } from './sync-import.js';

/** An item as GET /v2/content/path answers it (Sumo's `Content`); folders list their children. */
export interface ContentView extends ContentChild {
  parentId: string | null;
  children?: ContentChild[];
}

/** Who the Content Management API's changes to lookup tables are recorded as. */
const CONTENT_ACTOR = 'content-api';

const byCreation = (a: ContentItem, b: ContentItem) => a.createdAt - b.createdAt || a.name.localeCompare(b.name);

/**
 * Sumo's Content Management API over the library: import and export of sync definitions, paths, copy,
 * move, delete and rename. A personal folder (a root) cannot be moved, deleted or renamed.
 */
export class ContentManager {
  readonly jobs: ContentJobs;
  private readonly imports = new KeyedSerial();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.jobs = new ContentJobs(now);
  }

  /** Imports into a folder (404 when there is none); a bad definition or a taken name fails the job. */
  async startImport(folderId: string, body: unknown, overwrite: boolean): Promise<{ id: string }> {
    const folder = await this.folder(folderId);
    // Imports into one folder run one after another here, and the store refuses a name another process took.
    return this.jobs.run('import', folder.id, () => this.imports.run(folder.id, () => this.importInto(folder, body, overwrite)));
  }

  private async importInto(folder: ContentItem, body: unknown, overwrite: boolean): Promise<{ result?: unknown; message?: string }> {
    const node = parseSyncDefinition(body);
    // A taken name fails at once; the store checks again when it creates the item.
    if (!overwrite && (await this.children(folder.id)).some((c) => c.name.toLowerCase() === node.name.toLowerCase())) {
      throw duplicateName(node.name);
    }
    const depth = await this.depthOf(folder);
    if (depth + folderDepth(node) > CONTENT_LIMITS.maxFolderDepth) {
      throw new ValidationError('children', `folders nest at most ${CONTENT_LIMITS.maxFolderDepth} levels deep below a personal folder`);
    }
    const written = await this.writeTop(node, folder.id, overwrite);
    // An overwrite of the same name by another import may have replaced it already: that one's tables count.
    const item = await this.store.library.get(written);
    if (item) await syncLookupTables(this.store, item, CONTENT_ACTOR, this.now());
    return {};
  }

  /**
   * Writes an import's top item and everything below it. The children go first, below an id no item has
   * yet (so nothing shows them), then the top item in one store step: created while its name is free, or
   * (overwrite) in place of the items of its name, whose subtrees are then removed. A failure before that
   * step leaves the folder as it was; two overwrites of one name, in two processes too, both succeed.
   */
  private async writeTop(node: ImportNode, parentId: string, overwrite: boolean): Promise<string> {
    const { item, children } = this.itemOf(node, parentId, this.now());
    const written: string[] = [];
    try {
      for (const [i, child] of children.entries()) written.push(...(await this.write(child, item.id, item.createdAt + i + 1)));
      if (overwrite) {
        for (const replaced of await this.store.library.createReplacingName(item)) await this.remove(replaced);
      } else if (!(await this.store.library.createIfNameFree(item))) {
        throw duplicateName(node.name);
      }
    } catch (error) {
      await this.store.library.delete(written);
      throw error;
    }
    return item.id;
  }

  async startExport(id: string): Promise<{ id: string }> {
    const item = await this.item(id);
    return this.jobs.run('export', item.id, async () => ({ result: await this.definitionOf(item) }));
  }

  definitionOf(item: ContentItem): Promise<ContentSyncDefinition> {
    return toSyncDefinition(item, (parentId) => this.children(parentId));
  }

  /** `/Library/Users/NAME/Folder/Item`, NAME being the key name the personal folder belongs to. */
  async pathOf(id: string): Promise<{ path: string }> {
    return { path: await libraryPath(this.store, (await this.item(id)).id) };
  }

  async byPath(path: string): Promise<ContentView> {
    const [empty, library, users, owner, ...names] = path.split('/');
    if (empty !== '' || library !== 'Library' || users !== 'Users' || !owner) {
      throw new ValidationError('path', 'must be of the form /Library/Users/NAME/…');
    }
    let item = await this.store.library.get(personalFolderId(owner));
    for (const name of names) {
      if (!item) break;
      item = (await this.children(item.id)).find((c) => c.name === name);
    }
    if (!item) throw new NotFoundError(`content at ${JSON.stringify(path)}`);
    return this.view(item);
  }

  async view(item: ContentItem): Promise<ContentView> {
    const view: ContentView = {
      id: item.id,
      name: item.name,
      itemType: item.itemType,
      description: item.description,
      parentId: item.parentId,
    };
    if (item.itemType !== 'Folder') return view;
    const children = await this.children(item.id);
    return { ...view, children: children.map((c) => ({ id: c.id, name: c.name, itemType: c.itemType, description: c.description })) };
  }

  /** Copies an item (a folder with everything below it); a taken name gets ` (copy)`, ` (copy 2)`… */
  async startCopy(id: string, destinationFolderId: string): Promise<{ id: string }> {
    const item = await this.item(id);
    return this.jobs.run('copy', item.id, async () => {
      const destination = await this.folderField(destinationFolderId, 'destinationFolder');
      const node = await this.snapshot(item);
      const taken = new Set((await this.children(destination.id)).map((c) => c.name.toLowerCase()));
      for (let n = 1; taken.has(node.name.toLowerCase()); n++) node.name = `${item.name} (copy${n > 1 ? ` ${n}` : ''})`;
      if ((await this.depthOf(destination)) + folderDepth(node) > CONTENT_LIMITS.maxFolderDepth) {
        throw new ValidationError('destinationFolder', `folders nest at most ${CONTENT_LIMITS.maxFolderDepth} levels deep`);
      }
      const [copied] = await this.write(node, destination.id, this.now());
      await syncLookupTables(this.store, await this.item(copied), CONTENT_ACTOR, this.now());
      return { message: copied };
    });
  }

  async move(id: string, destinationFolderId: string): Promise<void> {
    const item = await this.movable(id);
    const destination = await this.folderField(destinationFolderId, 'destinationFolderId');
    if (destination.id === item.parentId) return;
    for (let at: ContentItem | undefined = destination; at; at = at.parentId ? await this.store.library.get(at.parentId) : undefined) {
      if (at.id === item.id) throw new ValidationError('destinationFolderId', 'is the item itself or inside it');
    }
    await this.checkFree(destination.id, item.name, 'name');
    const moved = { ...item, parentId: destination.id, body: this.bodyIn(item, item.body, destination.id) };
    await this.store.library.put(moved);
    await syncLookupTables(this.store, moved, CONTENT_ACTOR, this.now());
  }

  async startDelete(id: string): Promise<{ id: string }> {
    const item = await this.movable(id);
    return this.jobs.run('delete', item.id, async () => {
      await this.remove(item);
      return {};
    });
  }

  /** A new name (and description, when given) for any item but a personal folder; a dashboard's title follows. */
  async rename(id: string, input: { name: string; description?: string }): Promise<ContentItem> {
    const item = await this.movable(id);
    const name = checkText('name', input.name, CONTENT_LIMITS.maxName, true);
    const description =
      input.description === undefined
        ? item.description
        : checkText('description', input.description, CONTENT_LIMITS.maxDescription, false);
    if (name.toLowerCase() !== item.name.toLowerCase()) await this.checkFree(item.parentId as string, name, 'name');
    const body = item.itemType === 'Dashboard' ? { ...item.body, title: name, description } : item.body;
    const renamed = { ...item, name, description, body };
    await this.store.library.put(renamed);
    await syncLookupTables(this.store, renamed, CONTENT_ACTOR, this.now());
    return renamed;
  }

  /** Writes the node and everything below it; answers the ids written. */
  private async write(node: ImportNode, parentId: string, createdAt: number): Promise<string[]> {
    const { item, children } = this.itemOf(node, parentId, createdAt);
    await this.store.library.put(item);
    const ids = [item.id];
    for (const [i, child] of children.entries()) ids.push(...(await this.write(child, item.id, createdAt + i + 1)));
    return ids;
  }

  private itemOf(node: ImportNode, parentId: string, createdAt: number): { item: ContentItem; children: ImportNode[] } {
    const id = newId();
    const body = this.bodyIn({ itemType: node.itemType, id }, node.body, parentId);
    return {
      item: { id, parentId, itemType: node.itemType, name: node.name, description: node.description, body, createdAt },
      children: node.children,
    };
  }

  /** A dashboard's body names its own id and folder (the dashboard API answers them). */
  private bodyIn(item: Pick<ContentItem, 'itemType' | 'id'>, body: Record<string, unknown>, folderId: string): Record<string, unknown> {
    return item.itemType === 'Dashboard' ? { ...body, id: item.id, folderId } : body;
  }

  private async snapshot(item: ContentItem): Promise<ImportNode> {
    const children: ImportNode[] = [];
    for (const child of await this.children(item.id)) children.push(await this.snapshot(child));
    const { id: _id, folderId: _folderId, ...body } = item.body;
    return { itemType: item.itemType, name: item.name, description: item.description, body, children };
  }

  private async subtree(item: ContentItem): Promise<ContentItem[]> {
    const items = [item];
    for (const child of await this.children(item.id)) items.push(...(await this.subtree(child)));
    return items;
  }

  /** An item and everything below it, lookup tables' rows included. */
  private async remove(item: ContentItem): Promise<void> {
    const items = await this.subtree(item);
    await deleteLookupTables(this.store, items);
    await this.store.library.delete(items.map((i) => i.id));
  }

  private async depthOf(folder: ContentItem): Promise<number> {
    let depth = 0;
    for (let at: ContentItem | undefined = folder; at?.parentId; at = await this.store.library.get(at.parentId)) depth++;
    return depth;
  }

  private async children(parentId: string): Promise<ContentItem[]> {
    return (await this.store.library.listChildren(parentId)).sort(byCreation);
  }

  private async item(id: string): Promise<ContentItem> {
    const item = await this.store.library.get(id);
    if (!item) throw new NotFoundError(`content ${id}`);
    return item;
  }

  private async folder(id: string): Promise<ContentItem> {
    const item = await this.item(id);
    if (item.itemType !== 'Folder') throw new NotFoundError(`folder ${id}`);
    return item;
  }

  private async folderField(id: string, field: string): Promise<ContentItem> {
    const item = await this.store.library.get(id);
    if (item?.itemType !== 'Folder') throw new ValidationError(field, `no folder with id ${JSON.stringify(id)}`);
    return item;
  }

  private async movable(id: string): Promise<ContentItem> {
    const item = await this.item(id);
    if (item.parentId === null) throw new ValidationError('id', 'a personal folder cannot be moved, renamed or deleted');
    return item;
  }

  private async checkFree(parentId: string, name: string, field: string): Promise<void> {
    if ((await this.children(parentId)).some((s) => s.name.toLowerCase() === name.toLowerCase())) throw duplicateName(name, field);
  }
}

const duplicateName = (name: string, field = 'name') =>
  new ValidationError(field, `an item named ${JSON.stringify(name)} already exists in this folder`, 'DuplicateResourceName');

/** Folders in a chain, counting this one. */
function folderDepth(node: ImportNode): number {
  return node.itemType === 'Folder' ? 1 + Math.max(0, ...node.children.map(folderDepth)) : 0;
}
