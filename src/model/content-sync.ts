import type { LookupTableSyncDefinition as LookupTableDefinition } from './lookup-table.js';
/**
 * Sumo Logic's content sync definitions (the Content Management API's import and export format) and the
 * limits an import is held to. A definition names its `type`; folders nest their `children`.
 */

export const SYNC_TYPES = [
  'FolderSyncDefinition',
  'DashboardV2SyncDefinition',
  'SavedSearchWithScheduleSyncDefinition',
  'LookupTableSyncDefinition',
] as const;
export type SyncType = (typeof SYNC_TYPES)[number];

/** Every import is held to these; past one, the job fails naming the member at fault. */
export const CONTENT_LIMITS = {
  /** The request body of an import (the route's body limit). */
  maxImportBytes: 4 * 1024 * 1024,
  /** Folders inside folders, counting the imported one. */
  maxFolderDepth: 16,
  /** Items (folders, dashboards, searches, lookup tables) in one import. */
  maxItems: 1000,
  /** JSON nesting anywhere in the body (a panel's visual settings included). */
  maxJsonDepth: 64,
  maxPanels: 100,
  maxVariables: 50,
  maxName: 255,
  maxDescription: 1024,
  maxQuery: 65_536,
  /** A panel's visual settings, as the JSON text Sumo exports them in. */
  maxVisualSettings: 65_536,
} as const;

/** The library's item types, as Sumo's content API names them. */
export type ContentItemType = 'Folder' | 'Dashboard' | 'Search' | 'Lookups';

export interface FolderSyncDefinition {
  type: 'FolderSyncDefinition';
  name: string;
  description: string;
  children: ContentSyncDefinition[];
}

/** A dashboard as Sumo exports it: `visualSettings` and each layout `structure` are JSON text. */
export interface DashboardV2SyncDefinition {
  type: 'DashboardV2SyncDefinition';
  name: string;
  description: string;
  title: string;
  timeRange: unknown;
  refreshInterval: number;
  layout: { layoutType: string; layoutStructures: { key: string; structure: string }[] };
  panels: ({ key: string; title: string; panelType: string; visualSettings: string } & Record<string, unknown>)[];
  variables: Record<string, unknown>[];
  [member: string]: unknown;
}

/** A saved search; we keep no schedule (`searchSchedule` is always null). */
export interface SavedSearchSyncDefinition {
  type: 'SavedSearchWithScheduleSyncDefinition';
  name: string;
  description: string;
  search: SavedSearch;
  searchSchedule: null;
}

export interface SavedSearch {
  queryText: string;
  /** A relative time such as `-15m`, or `-24h`. */
  defaultTimeRange: string;
  byReceiptTime: boolean;
  viewName: string;
  viewStartTime: string;
  queryParameters: unknown[];
  parsingMode: 'Manual' | 'AutoParse';
}

/**
 * A lookup table's definition (model/lookup-table.ts, without its folder, which the import names); an import
 * makes the table, empty: rows are not part of the sync format.
 */
export type LookupTableSyncDefinition = { type: 'LookupTableSyncDefinition'; description: string } & Omit<
  LookupTableDefinition,
  'parentFolderId' | 'description'
> & { [member: string]: unknown };

export type ContentSyncDefinition =
  | FolderSyncDefinition
  | DashboardV2SyncDefinition
  | SavedSearchSyncDefinition
  | LookupTableSyncDefinition;

/** A content job's state, as Sumo's `…/status` endpoints answer it. */
export interface AsyncJobStatus {
  status: 'Success' | 'InProgress' | 'Failed';
  statusMessage: string | null;
  error: { code: string; message: string; field?: string } | null;
}
