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

/** The installed dashboard, in the shape of Sumo Logic's dashboard API (v2). */
export interface DashboardPanel {
  key: string;
  title: string;
  panelType: 'SumoSearchPanel';
  visualSettings: {
    general: { type: Visualisation };
    columns?: string[];
    labelField?: string;
    valueField?: string;
  };
  queries: { queryKey: 'A'; queryString: string; queryType: 'Logs' }[];
}

export interface DashboardVariable {
  name: string;
  displayName: string;
  defaultValue: '*';
  sourceDefinition:
    | { variableSourceType: 'CsvVariableSourceDefinition'; values: string }
    | { variableSourceType: 'LogQueryVariableSourceDefinition'; query: string; field: string };
  allowMultiSelect: false;
  includeAllOption: true;
}

export interface DashboardDocument {
  id: string;
  title: string;
  description: string;
  folderId: string;
  timeRange: {
    type: 'BeginBoundedTimeRange';
    from: { type: 'RelativeTimeRangeBoundary'; relativeTime: string };
    to: null;
  };
  refreshInterval: number;
  panels: DashboardPanel[];
  layout: { layoutType: 'Grid'; layoutStructures: { key: string; structure: GridPosition }[] };
  variables: DashboardVariable[];
}
