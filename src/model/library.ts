import type { ContentItemType } from './content-sync.js';

/** Library items (folders, dashboards, saved searches, lookup tables), stored as JSON documents. */
export interface ContentItem {
  id: string;
  parentId: string | null;
  itemType: ContentItemType;
  name: string;
  description: string;
  /**
   * The dashboard's full JSON for dashboards, a saved search's `search` member, a lookup table's sync
   * definition; `{}` for folders (`{owner}` for a personal folder: the key name its path is under).
   */
  body: Record<string, unknown>;
  createdAt: number;
}

/** A folder's child, as the library API lists it. */
export interface ContentChild {
  id: string;
  name: string;
  itemType: ContentItem['itemType'];
  description: string;
}

export interface FolderView {
  id: string;
  name: string;
  description: string;
  parentId: string | null;
  itemType: 'Folder';
  children: ContentChild[];
}

/** An app of the catalog, as GET /api/v1/apps lists it. */
export interface AppSummary {
  uuid: string;
  name: string;
  description: string;
  dashboards: string[];
  /** The names of the monitors the app installs. */
  monitors: string[];
}

/** GET /api/v1/apps/{uuid}: what the catalog shows and the install wizard installs. */
export interface AppDetail {
  uuid: string;
  name: string;
  description: string;
  dashboards: {
    title: string;
    description: string;
    panels: { title: string; visualisation: string; position: { x: number; y: number; width: number; height: number } }[];
  }[];
  /** The monitors the app installs, with the data types they need. */
  monitors: { name: string; description: string; dataTypes: readonly string[] }[];
  /** The embargoed countries its geo monitors get unless the install names others (`embargoedCountries`). */
  defaultEmbargoedCountries: readonly string[];
}
