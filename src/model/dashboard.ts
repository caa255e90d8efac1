import type { MonitorTemplate } from './monitor.js';

/**
 * The app as data. A dashboard here is a template: its queries use `$$logsrc` for the data source and
 * `{{name}}` for its filter variables; installing it (install.ts) turns it into the Sumo-shaped JSON that
 * GET /api/v2/dashboards/{id} returns.
 */

export type Visualisation = 'singleValue' | 'line' | 'bar' | 'pie' | 'table' | 'map';

/** Where a panel sits on the dashboard's 24-column grid (rows of 1 unit). */
export interface GridPosition {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PanelTemplate {
  /** Exact title: tests and users refer to panels by it. */
  title: string;
  visualisation: Visualisation;
  /** A query in our language with `$$logsrc` and `{{variable}}` placeholders. */
  query: string;
  /** Table columns in display order (record or message field names, lower case). */
  columns?: string[];
  /** For bar, pie and line charts: the category (or time) field and the value field. */
  labelField?: string;
  valueField?: string;
  position: GridPosition;
}

export interface VariableTemplate {
  name: string;
  displayName: string;
  /** Fixed values offered in the filter bar (`*` always comes first)… */
  values?: string[];
  /** …or a query (with `$$logsrc`) whose records list the values seen, in the field named like the variable. */
  valuesQuery?: string;
}

export interface DashboardTemplate {
  title: string;
  description: string;
  variables: VariableTemplate[];
  panels: PanelTemplate[];
}

export interface AppDefinition {
  uuid: string;
  name: string;
  description: string;
  dashboards: DashboardTemplate[];
  /** Monitors installed with the app, into the monitors library (the Mimecast detection pack). */
  monitors?: readonly MonitorTemplate[];
}

/**
 * The chart types of Sumo's `visualSettings.general.type` that the UI draws (`svp` is a single value);
 * `singleValue` is what the apps' templates call `svp`. Any other type is kept and shown as not supported.
 */
export const CHART_TYPES = ['line', 'area', 'column', 'bar', 'pie', 'table', 'svp', 'map', 'honeyComb'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** A relative time range (`-15m`, `-24h`, `-7d`): the dashboard's, or a panel's own. */
export interface RelativeTimeRange {
  type: 'BeginBoundedTimeRange';
  from: { type: 'RelativeTimeRangeBoundary'; relativeTime: string };
  to: null;
}

/**
 * A panel filter: a value for one of the panel query's `{{variables}}` that applies to this panel only,
 * in place of the dashboard filter's value.
 */
export interface PanelFilter {
  name: string;
  value: string;
}

/** The installed dashboard, in the shape of Sumo Logic's dashboard API (v2). */
export interface DashboardPanel {
  key: string;
  title: string;
  /** `SumoSearchPanel`; other Sumo panel types are kept and shown as not supported. */
  panelType: string;
  visualSettings: {
    /** A ChartType or `singleValue`; others are kept and shown as not supported. Absent on a text panel. */
    general?: { type: string };
    columns?: string[];
    labelField?: string;
    valueField?: string;
  };
  queries: { queryKey: string; queryString: string; queryType: 'Logs' }[];
  /** The panel's own time range; absent or null: the dashboard's. */
  timeRange?: RelativeTimeRange | null;
  panelFilters?: PanelFilter[];
  /** Sumo members kept as sent, so Sumo's clients (its Terraform provider) read back what they wrote. */
  description?: string;
  keepVisualSettingsConsistentWithParent?: boolean;
  linkedDashboards?: { id: string; relativePath?: string; includeTimeRange?: boolean; includeVariables?: boolean }[];
  /** A TextPanel's text (shown as not supported, kept). */
  text?: string;
  /** Sumo's coloring rules (thresholds and colors per series), kept and answered as sent; not drawn here. */
  coloringRules?: unknown[];
  /**
   * `visualSettings` as the JSON text a Sumo client sent (Sumo keeps it as a string), answered exactly so a
   * Terraform config or an export compares equal; absent when the settings came as an object.
   */
  visualSettingsText?: string;
}

export interface DashboardVariable {
  name: string;
  displayName: string;
  defaultValue: string;
  sourceDefinition:
    | { variableSourceType: 'CsvVariableSourceDefinition'; values: string }
    | { variableSourceType: 'LogQueryVariableSourceDefinition'; query: string; field: string };
  allowMultiSelect: boolean;
  includeAllOption: boolean;
  hideFromUI?: boolean;
}

export interface DashboardDocument {
  id: string;
  title: string;
  description: string;
  folderId: string;
  timeRange: RelativeTimeRange;
  refreshInterval: number;
  panels: DashboardPanel[];
  layout: { layoutType: 'Grid'; layoutStructures: { key: string; structure: GridPosition }[] };
  variables: DashboardVariable[];
  /** Sumo members kept as sent (answered with Sumo's defaults when absent). */
  theme?: string;
  domain?: string;
  topologyLabelMap?: { data: Record<string, string[]> };
  /** Sumo's dashboard-wide coloring rules, kept and answered as sent. */
  coloringRules?: unknown[];
}

/** Grid limits: 24 columns, as Sumo's; the height cap keeps a hostile layout from stretching the page without end. */
export const GRID_COLUMNS = 24;
export const MAX_GRID_Y = 10_000;
export const MAX_PANEL_HEIGHT = 100;
export const MAX_PANELS = 100;
export const MAX_PANEL_FILTERS = 20;
