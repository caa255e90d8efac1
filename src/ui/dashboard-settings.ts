import type { DashboardDocument, DashboardVariable } from '../model/dashboard.js';
import { relativeRange } from './dashboard-model.js';

/**
 * The dashboard's own settings as the editor changes them: title, description, default time range and
 * filters (Sumo's variables). Plain functions over the dashboard JSON (no React, unit tested).
 */

/** One filter as the settings dialog edits it; `values` (comma-separated) is a fixed list's only. */
export interface VariableDraft {
  /** Tells the dialog's rows apart while names are typed. */
  key: number;
  name: string;
  displayName: string;
  defaultValue: string;
  values: string;
  /** The variable as loaded: a filter whose values come from a query keeps that query. */
  original?: DashboardVariable;
}

export interface SettingsDraft {
  title: string;
  description: string;
  relativeTime: string;
  variables: VariableDraft[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const RELATIVE_TIME = /^-\d{1,6}[smhdw]$/;

export function settingsOf(dashboard: DashboardDocument): SettingsDraft {
  return {
    title: dashboard.title,
    description: dashboard.description,
    relativeTime: dashboard.timeRange.from.relativeTime,
    variables: dashboard.variables.map((v, key) => ({
      key,
      name: v.name,
      displayName: v.displayName,
      defaultValue: v.defaultValue,
      values: v.sourceDefinition.variableSourceType === 'CsvVariableSourceDefinition' ? v.sourceDefinition.values : '',
      original: v,
    })),
  };
}

export const newVariable = (draft: SettingsDraft): VariableDraft => ({
  key: Math.max(-1, ...draft.variables.map((v) => v.key)) + 1,
  name: '',
  displayName: '',
  defaultValue: '*',
  values: '',
});

/** What is wrong with the draft, naming the field as the server would, or undefined. */
export function settingsError(draft: SettingsDraft): string | undefined {
  if (draft.title.trim() === '') return 'Title: must not be empty';
  if (!RELATIVE_TIME.test(draft.relativeTime.trim())) return 'Time range: use a relative time such as -15m, -24h or -7d';
  const names = new Set<string>();
  for (const [i, v] of draft.variables.entries()) {
    const name = v.name.trim();
    if (!VARIABLE_NAME.test(name)) return `Filter ${i + 1}: the name must be letters, digits and _, not starting with a digit`;
    if (names.has(name)) return `Filter ${i + 1}: ${name} is defined twice`;
    names.add(name);
  }
  return undefined;
}

function variableOf(draft: VariableDraft): DashboardVariable {
  const name = draft.name.trim();
  const source = draft.original?.sourceDefinition;
  const values = draft.values
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .join(',');
  return {
    allowMultiSelect: false,
    includeAllOption: true,
    ...draft.original,
    name,
    displayName: draft.displayName.trim() || name,
    defaultValue: draft.defaultValue.trim() || '*',
    sourceDefinition:
      source?.variableSourceType === 'LogQueryVariableSourceDefinition'
        ? source
        : { variableSourceType: 'CsvVariableSourceDefinition', values },
  };
}

/** The dashboard with the settings applied; its panels and layout stay as they were. */
export function applySettings(dashboard: DashboardDocument, draft: SettingsDraft): DashboardDocument {
  return {
    ...dashboard,
    title: draft.title.trim(),
    description: draft.description.trim(),
    timeRange: relativeRange(draft.relativeTime.trim()),
    variables: draft.variables.map(variableOf),
  };
}
