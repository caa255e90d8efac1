import { createHash, randomBytes } from 'node:crypto';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import { CONTENT_LIMITS } from '../model/content-sync.js';
import type { AppDefinition } from '../model/dashboard.js';
import type { AppSummary, ContentItem, FolderView } from '../model/library.js';
import { checkScopeShape } from '../model/scope.js';
import type { Store } from '../store/store.js';
import { buildDashboard } from './install.js';
import { APPS } from './mimecast-app.js';

export interface InstallRequest {
  name: string;
  description?: string;
  destinationFolderId: string;
  dataSourceValues: { logsrc: string };
}

/** Checks a scope expression's syntax with the query parser; throws an AppError naming the position. */
export type ScopeParser = (scope: string) => void;

export interface LibraryDeps {
  store: Store;
  /** The query parser's check of a scope; the shape check (no pipe, comment, …) always runs first. */
  parseScope: ScopeParser;
  now?: () => number;
  apps?: readonly AppDefinition[];
}

const MAX_NAME = CONTENT_LIMITS.maxName;
const MAX_DESCRIPTION = CONTENT_LIMITS.maxDescription;

/** Sumo-style content ids: 16 upper-case hex digits. */
export function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** The id of the personal folder of the keys named `keyName`. */
export function personalFolderId(keyName: string): string {
  return `P${createHash('sha256').update(`name:${keyName}`).digest('hex').slice(0, 15).toUpperCase()}`;
}

export function checkText(field: string, value: string, max: number, required: boolean): string {
  const text = value.trim();
  if (required && text === '') throw new ValidationError(field, 'must not be empty');
  if (text.length > max) throw new ValidationError(field, `must be at most ${max} characters`);
  return text;
}

/**
 * The library (folders and dashboards, kept as content items in the store) and the app catalog.
 * Every signed-in user has a personal folder; everything else hangs below some folder.
 */
export class LibraryService {
  private readonly store: Store;
  private readonly parseScope: ScopeParser;
  private readonly now: () => number;
  private readonly apps: readonly AppDefinition[];

  constructor(deps: LibraryDeps) {
    this.store = deps.store;
    this.parseScope = deps.parseScope;
    this.now = deps.now ?? Date.now;
    this.apps = deps.apps ?? APPS;
  }

  /**
   * The personal folder of an access key, created on first use. It belongs to the key's name, so a person
   * who rotates their key (or the demo, which makes a new `demo` key on every start) keeps their library;
   * keys with one name share it.
   */
  async personalFolder(keyName: string): Promise<FolderView> {
    const id = personalFolderId(keyName);
    const existing = await this.store.library.get(id);
    // The owner's name is the folder's path (/Library/Users/NAME); folders made before paths get it now.
    if (!existing || existing.body.owner !== keyName) {
      await this.store.library.put({
        id,
        parentId: null,
        itemType: 'Folder',
        name: 'Personal',
        description: 'Your personal folder',
        createdAt: this.now(),
        ...existing,
        body: { owner: keyName },
      });
    }
    return this.getFolder(id);
  }

  async getFolder(id: string): Promise<FolderView> {
    const item = await this.store.library.get(id);
    if (item?.itemType !== 'Folder') throw new NotFoundError(`folder ${id}`);
    const children = await this.store.library.listChildren(id);
    return {
      id: item.id,
      name: item.name,
      description: item.description,
      parentId: item.parentId,
      itemType: 'Folder',
      children: children
        .sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name))
        .map((c) => ({ id: c.id, name: c.name, itemType: c.itemType, description: c.description })),
    };
  }

  async createFolder(input: { name: string; description?: string; parentId: string }): Promise<FolderView> {
    const name = checkText('name', input.name, MAX_NAME, true);
    const description = checkText('description', input.description ?? '', MAX_DESCRIPTION, false);
    const parent = await this.folderForWrite(input.parentId, 'parentId');
    await this.checkFreeName(parent.id, name, 'name');
    const id = newId();
    await this.store.library.put({ id, parentId: parent.id, itemType: 'Folder', name, description, body: {}, createdAt: this.now() });
    return this.getFolder(id);
  }

  listApps(): AppSummary[] {
    return this.apps.map((app) => ({
      uuid: app.uuid,
      name: app.name,
      description: app.description,
      dashboards: app.dashboards.map((d) => d.title),
      monitors: (app.monitors ?? []).map((m) => m.name),
    }));
  }

  getApp(uuid: string): AppDefinition {
    const app = this.apps.find((a) => a.uuid === uuid);
    if (!app) throw new NotFoundError(`app ${uuid}`);
    return app;
  }

  /**
   * Copies an app's dashboards into a new folder below `destinationFolderId`, with the data source put in
   * place of `$$logsrc` in every query. Everything is checked before anything is written.
   */
  async installApp(uuid: string, request: InstallRequest): Promise<{ folderId: string }> {
    const app = this.getApp(uuid);
    const name = checkText('name', request.name, MAX_NAME, true);
    const description = checkText('description', request.description ?? app.description, MAX_DESCRIPTION, false);
    const scope = this.checkScope(request.dataSourceValues.logsrc);
    const parent = await this.folderForWrite(request.destinationFolderId, 'destinationFolderId');
    await this.checkFreeName(parent.id, name, 'name');

    const folderId = newId();
    const createdAt = this.now();
    await this.store.library.put({ id: folderId, parentId: parent.id, itemType: 'Folder', name, description, body: {}, createdAt });
    for (const [i, template] of app.dashboards.entries()) {
      const id = newId();
      const dashboard = buildDashboard(template, { id, folderId }, scope);
      await this.store.library.put({
        id,
        parentId: folderId,
        itemType: 'Dashboard',
        name: template.title,
        description: template.description,
        body: dashboard as unknown as Record<string, unknown>,
        createdAt: createdAt + i,
      });
    }
    return { folderId };
  }

  /** The data source of an install, checked (shape, then syntax); a 400 naming `dataSourceValues.logsrc`. */
  checkScope(logsrc: string): string {
    const scope = checkScopeShape(logsrc);
    try {
      this.parseScope(scope);
    } catch (error) {
      if (error instanceof AppError) {
        throw new ValidationError('dataSourceValues.logsrc', `is not a valid scope expression: ${error.message}`);
      }
      throw error;
    }
    return scope;
  }

  private async folderForWrite(id: string, field: string): Promise<ContentItem> {
    const item = await this.store.library.get(id);
    if (item?.itemType !== 'Folder') throw new ValidationError(field, `no folder with id ${JSON.stringify(id)}`);
    return item;
  }

  private async checkFreeName(parentId: string, name: string, field: string): Promise<void> {
    const siblings = await this.store.library.listChildren(parentId);
    if (siblings.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new ValidationError(field, `an item named ${JSON.stringify(name)} already exists in this folder`, 'DuplicateResourceName');
    }
  }
}
