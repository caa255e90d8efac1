import type { ContentSyncDefinition, DashboardV2SyncDefinition } from '../model/content-sync.js';
import type { ContentItem } from '../model/library.js';

type Json = Record<string, unknown>;

/** A library item (and, for a folder, what is below it) as Sumo's sync definition: what an export answers. */
export async function toSyncDefinition(
  item: ContentItem,
  childrenOf: (id: string) => Promise<ContentItem[]>,
): Promise<ContentSyncDefinition> {
  const { name, description } = item;
  switch (item.itemType) {
    case 'Folder': {
      const children = await childrenOf(item.id);
      const definitions: ContentSyncDefinition[] = [];
      for (const child of children) definitions.push(await toSyncDefinition(child, childrenOf));
      return { type: 'FolderSyncDefinition', name, description, children: definitions };
    }
    case 'Dashboard':
      return dashboardDefinition(item);
    case 'Search':
      return { type: 'SavedSearchWithScheduleSyncDefinition', name, description, search: item.body as never, searchSchedule: null };
    case 'Lookups':
      return { type: 'LookupTableSyncDefinition', name, description, ...(item.body as { fields: never; primaryKeys: never }) };
  }
}

/** Sumo writes visual settings and grid cells as JSON text; we keep them as objects. */
function dashboardDefinition(item: ContentItem): DashboardV2SyncDefinition {
  const {
    id: _id,
    folderId: _folderId,
    title,
    description: _description,
    panels,
    layout,
    ...rest
  } = item.body as Json & {
    panels: Json[];
    layout: { layoutType: string; layoutStructures: { key: string; structure: Json }[] };
  };
  return {
    type: 'DashboardV2SyncDefinition',
    name: item.name,
    description: item.description,
    title: typeof title === 'string' ? title : item.name,
    timeRange: null,
    refreshInterval: 0,
    variables: [],
    ...rest,
    layout: {
      layoutType: layout.layoutType,
      layoutStructures: layout.layoutStructures.map((l) => ({ key: l.key, structure: JSON.stringify(l.structure) })),
    },
    panels: panels.map(({ visualSettingsText, ...p }) => ({
      ...p,
      visualSettings: typeof visualSettingsText === 'string' ? visualSettingsText : JSON.stringify(p.visualSettings ?? {}),
    })) as DashboardV2SyncDefinition['panels'],
  };
}
