/** Library items (folders, dashboards), stored as JSON documents. */
export interface ContentItem {
  id: string;
  parentId: string | null;
  itemType: 'Folder' | 'Dashboard';
  name: string;
  description: string;
  /** The dashboard's full JSON for dashboards; `{}` for folders. */
  body: Record<string, unknown>;
  createdAt: number;
}
