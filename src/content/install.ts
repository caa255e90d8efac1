import type { DashboardDocument, DashboardTemplate } from '../model/dashboard.js';
import { substituteLogsrc } from '../model/scope.js';

export const DEFAULT_TIME_RANGE = '-7d';

/** A dashboard template made concrete: Sumo's dashboard JSON with the data source in every query. */
export function buildDashboard(template: DashboardTemplate, ids: { id: string; folderId: string }, scope: string): DashboardDocument {
  const panels = template.panels.map((panel, i) => ({
    key: `panel${String(i + 1).padStart(2, '0')}`,
    title: panel.title,
    panelType: 'SumoSearchPanel' as const,
    visualSettings: {
      general: { type: panel.visualisation },
      ...(panel.columns ? { columns: panel.columns } : {}),
      ...(panel.labelField ? { labelField: panel.labelField } : {}),
      ...(panel.valueField ? { valueField: panel.valueField } : {}),
    },
    queries: [{ queryKey: 'A' as const, queryString: substituteLogsrc(panel.query, scope), queryType: 'Logs' as const }],
  }));
  return {
    id: ids.id,
    title: template.title,
    description: template.description,
    folderId: ids.folderId,
    timeRange: {
      type: 'BeginBoundedTimeRange',
      from: { type: 'RelativeTimeRangeBoundary', relativeTime: DEFAULT_TIME_RANGE },
      to: null,
    },
    refreshInterval: 0,
    panels,
    layout: {
      layoutType: 'Grid',
      layoutStructures: template.panels.map((panel, i) => ({ key: panels[i].key, structure: { ...panel.position } })),
    },
    variables: template.variables.map((v) => ({
      name: v.name,
      displayName: v.displayName,
      defaultValue: '*' as const,
      sourceDefinition: v.valuesQuery
        ? { variableSourceType: 'LogQueryVariableSourceDefinition' as const, query: substituteLogsrc(v.valuesQuery, scope), field: v.name }
        : { variableSourceType: 'CsvVariableSourceDefinition' as const, values: ['*', ...(v.values ?? [])].join(',') },
      allowMultiSelect: false as const,
      includeAllOption: true as const,
    })),
  };
}
