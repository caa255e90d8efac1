import { createHash, randomBytes } from 'node:crypto';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import { KeyedSerial } from '../core/keyed-serial.js';
import {
  type DashboardDocument,
  type DashboardPanel,
  type DashboardVariable,
  GRID_COLUMNS,
  type GridPosition,
  type RelativeTimeRange,
} from '../model/dashboard.js';
import type { ContentItem } from '../model/library.js';
import type { Store } from '../store/store.js';
import { DEFAULT_TIME_RANGE } from './install.js';

/** A dashboard as a client sends it, already checked against the API's schema. */
export interface DashboardInput {
  title: string;
  description?: string;
  folderId?: string;
  timeRange?: { type: 'BeginBoundedTimeRange'; from: RelativeTimeRange['from']; to?: null };
  refreshInterval?: number;
  panels?: (Omit<DashboardPanel, 'timeRange' | 'queries'> & {
    queries?: DashboardPanel['queries'];
    timeRange?: { type: 'BeginBoundedTimeRange'; from: RelativeTimeRange['from']; to?: null } | null;
  })[];
  layout?: { layoutType: 'Grid'; layoutStructures: { key: string; structure: GridPosition }[] };
  variables?: (Omit<DashboardVariable, 'displayName' | 'defaultValue' | 'allowMultiSelect'> &
    Partial<Pick<DashboardVariable, 'displayName' | 'defaultValue' | 'allowMultiSelect'>>)[];
  theme?: string;
  domain?: string;
  topologyLabelMap?: DashboardDocument['topologyLabelMap'];
  coloringRules?: unknown[];
}

/** Members kept only when sent, as sent. */
const kept = <T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> =>
  Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>;

export interface StoredDashboard {
  dashboard: DashboardDocument;
  /** A strong ETag: the hash of the stored JSON, so any change by anyone gives another one. */
  etag: string;
}

/** A new panel without a place goes below everything, half the grid wide. */
const DEFAULT_PLACE = { width: 12, height: 8 };

const newId = () => randomBytes(8).toString('hex').toUpperCase();

export function dashboardEtag(dashboard: DashboardDocument): string {
  return `"${createHash('sha256').update(JSON.stringify(dashboard)).digest('hex').slice(0, 32)}"`;
}

const relative = (range: DashboardInput['timeRange']): RelativeTimeRange => ({
  type: 'BeginBoundedTimeRange',
  from: { type: 'RelativeTimeRangeBoundary', relativeTime: range?.from.relativeTime ?? DEFAULT_TIME_RANGE },
  to: null,
});

/** The stored document for `input`: defaults filled in, keys unique, every panel placed once on the grid. */
function documentOf(input: DashboardInput, ids: { id: string; folderId: string }): DashboardDocument {
  const panels: DashboardPanel[] = (input.panels ?? []).map((p) => ({
    key: p.key,
    title: p.title,
    panelType: p.panelType,
    visualSettings: p.visualSettings,
    queries: p.queries ?? [],
    ...(p.timeRange ? { timeRange: relative(p.timeRange) } : {}),
    ...(p.panelFilters?.length ? { panelFilters: p.panelFilters } : {}),
    ...kept(p, [
      'description',
      'keepVisualSettingsConsistentWithParent',
      'linkedDashboards',
      'text',
      'coloringRules',
      'visualSettingsText',
    ]),
  }));
  const keys = new Set<string>();
  for (const [i, panel] of panels.entries()) {
    if (keys.has(panel.key)) throw new ValidationError(`panels[${i}].key`, `${JSON.stringify(panel.key)} is used by another panel`);
    keys.add(panel.key);
    const names = new Set<string>();
    for (const [j, filter] of (panel.panelFilters ?? []).entries()) {
      if (names.has(filter.name)) throw new ValidationError(`panels[${i}].panelFilters[${j}].name`, 'is set twice');
      names.add(filter.name);
    }
  }
  const places = new Map<string, GridPosition>();
  for (const [i, { key, structure }] of (input.layout?.layoutStructures ?? []).entries()) {
    const field = `layout.layoutStructures[${i}]`;
    if (!keys.has(key)) throw new ValidationError(`${field}.key`, `no panel has the key ${JSON.stringify(key)}`);
    if (places.has(key)) throw new ValidationError(`${field}.key`, `${JSON.stringify(key)} is placed twice`);
    if (structure.x + structure.width > GRID_COLUMNS) {
      throw new ValidationError(`${field}.structure`, `x + width must be at most ${GRID_COLUMNS}`);
    }
    places.set(key, { ...structure });
  }
  let bottom = Math.max(0, ...[...places.values()].map((p) => p.y + p.height));
  for (const panel of panels) {
    if (places.has(panel.key)) continue;
    places.set(panel.key, { x: 0, y: bottom, ...DEFAULT_PLACE });
    bottom += DEFAULT_PLACE.height;
  }
  const variables: DashboardVariable[] = (input.variables ?? []).map((v) => ({
    ...v,
    displayName: v.displayName ?? '',
    defaultValue: v.defaultValue ?? '',
    allowMultiSelect: v.allowMultiSelect ?? false,
  }));
  const names = new Set<string>();
  for (const [i, v] of variables.entries()) {
    if (names.has(v.name)) throw new ValidationError(`variables[${i}].name`, `${JSON.stringify(v.name)} is defined twice`);
    names.add(v.name);
  }
  return {
    id: ids.id,
    title: input.title.trim(),
    description: (input.description ?? '').trim(),
    folderId: ids.folderId,
    timeRange: relative(input.timeRange),
    refreshInterval: input.refreshInterval ?? 0,
    panels,
    layout: { layoutType: 'Grid', layoutStructures: panels.map((p) => ({ key: p.key, structure: places.get(p.key) as GridPosition })) },
    variables,
    ...kept(input, ['theme', 'domain', 'topologyLabelMap', 'coloringRules']),
  };
}

const stale = () =>
  new AppError('precondition.failed', 'The dashboard has changed since it was read (ETag mismatch): someone else saved it.');

/** If-Match is checked when sent: Sumo's own clients send none, the UI always does. */
function checkIfMatch(header: string | undefined, current: string): void {
  if (header === undefined || header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(current)) throw stale();
}

/**
 * Dashboards of the library that users create and edit (Sumo's Dashboard Management API). Writes to one
 * dashboard run one after another in this process, so the If-Match check and the write cannot interleave;
 * across processes the store's compare-and-set (replaceIfUnchanged) refuses the second save over one version.
 */
export class DashboardEditor {
  private readonly store: Store;
  private readonly now: () => number;
  private readonly writes = new KeyedSerial();

  constructor(deps: { store: Store; now?: () => number }) {
    this.store = deps.store;
    this.now = deps.now ?? Date.now;
  }

  async get(id: string): Promise<StoredDashboard> {
    const item = await this.store.library.get(id);
    if (item?.itemType !== 'Dashboard') throw new NotFoundError(`dashboard ${id}`);
    const dashboard = item.body as unknown as DashboardDocument;
    return { dashboard, etag: dashboardEtag(dashboard) };
  }

  async create(input: DashboardInput, defaultFolderId: string): Promise<StoredDashboard> {
    const folderId = input.folderId ?? defaultFolderId;
    const folder = await this.store.library.get(folderId);
    if (folder?.itemType !== 'Folder') throw new ValidationError('folderId', `no folder with id ${JSON.stringify(folderId)}`);
    const dashboard = documentOf(input, { id: newId(), folderId });
    await this.checkFreeName(folderId, dashboard.title, undefined);
    await this.write(dashboard, this.now());
    return { dashboard, etag: dashboardEtag(dashboard) };
  }

  /** Replaces the dashboard; it stays in its folder (moving is the library's job) and keeps its id. */
  update(id: string, input: DashboardInput, ifMatch: string | undefined): Promise<StoredDashboard> {
    return this.writes.run(id, async () => {
      const item = await this.item(id);
      const current = item.body as unknown as DashboardDocument;
      checkIfMatch(ifMatch, dashboardEtag(current));
      const dashboard = documentOf(input, { id, folderId: current.folderId });
      if (dashboard.title.toLowerCase() !== current.title.toLowerCase()) await this.checkFreeName(current.folderId, dashboard.title, id);
      if (ifMatch === undefined || ifMatch.trim() === '*') await this.write(dashboard, item.createdAt);
      // Another `serve` process on the same database may have saved since the check above: the store compares.
      else if (!(await this.store.library.replaceIfUnchanged(this.itemOf(dashboard, item.createdAt), item.body))) throw stale();
      return { dashboard, etag: dashboardEtag(dashboard) };
    });
  }

  delete(id: string, ifMatch: string | undefined): Promise<void> {
    return this.writes.run(id, async () => {
      const item = await this.item(id);
      checkIfMatch(ifMatch, dashboardEtag(item.body as unknown as DashboardDocument));
      if (ifMatch === undefined || ifMatch.trim() === '*') await this.store.library.delete([id]);
      // Another `serve` process may have saved since the check above: the store compares, as for a save.
      else if (!(await this.store.library.deleteIfUnchanged(id, item.body))) throw stale();
    });
  }

  /**
   * The dashboards below `rootId` (the caller's personal folder), folder by folder in library order, as
   * Sumo's `GET /v2/dashboards` pages them: `limit` from `token` (an offset this API returned).
   */
  async list(rootId: string, offset: number, limit: number): Promise<{ dashboards: DashboardDocument[]; next: string | null }> {
    const found: DashboardDocument[] = [];
    const queue = [rootId];
    const seen = new Set<string>();
    while (queue.length && found.length <= offset + limit) {
      const folderId = queue.shift() as string;
      if (seen.has(folderId)) continue;
      seen.add(folderId);
      for (const child of await this.store.library.listChildren(folderId)) {
        if (child.itemType === 'Folder') queue.push(child.id);
        else found.push(child.body as unknown as DashboardDocument);
      }
    }
    const page = found.slice(offset, offset + limit);
    return { dashboards: page, next: found.length > offset + limit ? String(offset + limit) : null };
  }

  private async item(id: string): Promise<ContentItem> {
    const item = await this.store.library.get(id);
    if (item?.itemType !== 'Dashboard') throw new NotFoundError(`dashboard ${id}`);
    return item;
  }

  private itemOf(dashboard: DashboardDocument, createdAt: number): ContentItem {
    return {
      id: dashboard.id,
      parentId: dashboard.folderId,
      itemType: 'Dashboard',
      name: dashboard.title,
      description: dashboard.description,
      body: dashboard as unknown as Record<string, unknown>,
      createdAt,
    };
  }

  private async write(dashboard: DashboardDocument, createdAt: number): Promise<void> {
    await this.store.library.put(this.itemOf(dashboard, createdAt));
  }

  private async checkFreeName(folderId: string, title: string, self: string | undefined): Promise<void> {
    const siblings = await this.store.library.listChildren(folderId);
    if (siblings.some((s) => s.id !== self && s.name.toLowerCase() === title.toLowerCase())) {
      throw new ValidationError('title', `an item named ${JSON.stringify(title)} already exists in this folder`, 'DuplicateResourceName');
    }
  }
}
