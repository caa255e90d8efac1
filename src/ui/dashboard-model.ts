import {
  CHART_TYPES,
  type ChartType,
  type DashboardDocument,
  type DashboardPanel,
  GRID_COLUMNS,
  type GridPosition,
  MAX_GRID_Y,
  MAX_PANEL_HEIGHT,
  type PanelFilter,
  type RelativeTimeRange,
} from '../model/dashboard.js';

/** The dashboard editor's rules, as plain functions over the dashboard JSON (no React, unit tested). */

/** What a panel draws: one of Sumo's chart types, or why it cannot. */
export type PanelKind = { kind: ChartType } | { unsupported: string };

export function panelKind(panel: DashboardPanel): PanelKind {
  if (panel.panelType !== 'SumoSearchPanel') return { unsupported: `Panel type ${panel.panelType} is not supported` };
  const type = panel.visualSettings?.general?.type ?? '';
  if (type === 'singleValue') return { kind: 'svp' };
  if ((CHART_TYPES as readonly string[]).includes(type)) return { kind: type as ChartType };
  return { unsupported: `Chart type ${type} is not supported` };
}

export const CHART_LABELS: Record<ChartType, string> = {
  line: 'Line',
  area: 'Area',
  column: 'Column',
  bar: 'Bar',
  pie: 'Pie',
  table: 'Table',
  svp: 'Single value',
  map: 'Map',
  honeyComb: 'Honeycomb',
};

/** The variable values one panel runs with: the dashboard's, with the panel's own filters in their place. */
export function panelVariables(dashboardValues: Record<string, string>, filters: PanelFilter[] | undefined): Record<string, string> {
  const values = { ...dashboardValues };
  for (const f of filters ?? []) values[f.name] = f.value;
  return values;
}

/** The `{{variables}}` a query names, in order of first use. */
export function queryVariables(query: string): string[] {
  return [...new Set([...query.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]))];
}

export function relativeRange(relativeTime: string): RelativeTimeRange {
  return { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime }, to: null };
}

const clamp = (v: number, min: number, max: number) => Math.min(max, Math.max(min, Math.round(v)));

/** A place moved by whole grid cells, kept on the grid. */
export function moved(p: GridPosition, dx: number, dy: number): GridPosition {
  return { ...p, x: clamp(p.x + dx, 0, GRID_COLUMNS - p.width), y: clamp(p.y + dy, 0, MAX_GRID_Y) };
}

/** A place resized by whole grid cells, at least one cell and never past the grid's right edge. */
export function resized(p: GridPosition, dw: number, dh: number): GridPosition {
  return { ...p, width: clamp(p.width + dw, 1, GRID_COLUMNS - p.x), height: clamp(p.height + dh, 1, MAX_PANEL_HEIGHT) };
}

export function placeOf(dashboard: DashboardDocument, key: string): GridPosition {
  return dashboard.layout.layoutStructures.find((l) => l.key === key)?.structure ?? { x: 0, y: 0, width: 12, height: 8 };
}

export function withPlace(dashboard: DashboardDocument, key: string, place: GridPosition): DashboardDocument {
  const others = dashboard.layout.layoutStructures.filter((l) => l.key !== key);
  return { ...dashboard, layout: { ...dashboard.layout, layoutStructures: [...others, { key, structure: place }] } };
}

export interface PanelDraft {
  title: string;
  query: string;
  type: string;
  /** A relative time such as `-24h`; empty: the dashboard's time range. */
  relativeTime: string;
  filters: PanelFilter[];
}

export function draftOf(panel: DashboardPanel): PanelDraft {
  return {
    title: panel.title,
    query: panel.queries[0]?.queryString ?? '',
    type: panel.visualSettings.general?.type ?? panel.panelType,
    relativeTime: panel.timeRange?.from.relativeTime ?? '',
    filters: panel.panelFilters ?? [],
  };
}

/** The panel with the draft's changes; its other visual settings (columns, fields) stay as they were. */
export function applyDraft(panel: DashboardPanel, draft: PanelDraft): DashboardPanel {
  const { timeRange: _range, panelFilters: _filters, ...rest } = panel;
  const filters = draft.filters.filter((f) => f.name.trim() !== '');
  return {
    ...rest,
    title: draft.title.trim(),
    visualSettings: { ...panel.visualSettings, general: { ...panel.visualSettings.general, type: draft.type } },
    queries: [{ queryKey: panel.queries[0]?.queryKey ?? 'A', queryString: draft.query, queryType: 'Logs' }],
    ...(draft.relativeTime.trim() ? { timeRange: relativeRange(draft.relativeTime.trim()) } : {}),
    ...(filters.length ? { panelFilters: filters } : {}),
  };
}

function newKey(dashboard: DashboardDocument): string {
  const taken = new Set(dashboard.panels.map((p) => p.key));
  for (let i = dashboard.panels.length + 1; ; i++) {
    const key = `panel${String(i).padStart(2, '0')}`;
    if (!taken.has(key)) return key;
  }
}

/** A new search panel at the bottom of the grid, half its width. */
export function withNewPanel(dashboard: DashboardDocument, draft: PanelDraft): DashboardDocument {
  const key = newKey(dashboard);
  const base: DashboardPanel = {
    key,
    title: '',
    panelType: 'SumoSearchPanel',
    visualSettings: { general: { type: draft.type } },
    queries: [{ queryKey: 'A', queryString: '', queryType: 'Logs' }],
  };
  const bottom = Math.max(0, ...dashboard.layout.layoutStructures.map((l) => l.structure.y + l.structure.height));
  const next = { ...dashboard, panels: [...dashboard.panels, applyDraft(base, draft)] };
  return withPlace(next, key, { x: 0, y: bottom, width: 12, height: 8 });
}

export function withPanel(dashboard: DashboardDocument, panel: DashboardPanel): DashboardDocument {
  return { ...dashboard, panels: dashboard.panels.map((p) => (p.key === panel.key ? panel : p)) };
}

export function withoutPanel(dashboard: DashboardDocument, key: string): DashboardDocument {
  return {
    ...dashboard,
    panels: dashboard.panels.filter((p) => p.key !== key),
    layout: { ...dashboard.layout, layoutStructures: dashboard.layout.layoutStructures.filter((l) => l.key !== key) },
  };
}

/** A dashboard with nothing on it yet, as a new one starts (the server gives it its id). */
export function emptyDashboard(title: string, folderId: string): DashboardDocument {
  return {
    id: '',
    title,
    description: '',
    folderId,
    timeRange: relativeRange('-7d'),
    refreshInterval: 0,
    panels: [],
    layout: { layoutType: 'Grid', layoutStructures: [] },
    variables: [],
  };
}

/** The body PUT and POST take: the document without what the server owns. */
export function dashboardBody(dashboard: DashboardDocument): Omit<DashboardDocument, 'id'> {
  const { id: _id, ...body } = dashboard;
  return body;
}
