/** Library items (folders, dashboards, lookup tables), stored as JSON documents. */
export interface ContentItem {
  id: string;
  parentId: string | null;
  /** `Lookups`: a lookup table's entry in its folder; the table itself is in the lookup tables repository. */
  itemType: 'Folder' | 'Dashboard' | 'Lookups';
  name: string;
  description: string;
  /** The dashboard's full JSON for dashboards; `{}` for folders. */
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
}
