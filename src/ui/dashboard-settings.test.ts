import { describe, expect, it } from 'vitest';
import type { DashboardDocument } from '../model/dashboard.js';
import { applySettings, newVariable, settingsError, settingsOf } from './dashboard-settings.js';

const dashboard: DashboardDocument = {
  id: 'D',
  title: 'Mail',
  description: 'old',
  folderId: 'F',
  timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-7d' }, to: null },
  refreshInterval: 0,
  panels: [],
  layout: { layoutType: 'Grid', layoutStructures: [] },
  variables: [
    {
      name: 'sender',
      displayName: 'Sender',
      defaultValue: '*',
      sourceDefinition: { variableSourceType: 'LogQueryVariableSourceDefinition', query: 'x | count by sender', field: 'sender' },
      allowMultiSelect: false,
      includeAllOption: true,
    },
  ],
};

describe('dashboard settings', () => {
  it('changes the title, description and default range, adds a fixed-list filter and keeps a query filter’s query', () => {
    const draft = settingsOf(dashboard);
    const added = { ...newVariable(draft), name: ' direction ', values: 'inbound, ,outbound' };
    expect(added.key).toBe(1);
    const next = applySettings(dashboard, {
      ...draft,
      title: ' Mail flow ',
      description: ' new ',
      relativeTime: '-24h',
      variables: [{ ...draft.variables[0], displayName: 'From' }, added],
    });
    expect(next.title).toBe('Mail flow');
    expect(next.description).toBe('new');
    expect(next.timeRange.from.relativeTime).toBe('-24h');
    expect(next.variables).toEqual([
      { ...dashboard.variables[0], displayName: 'From' },
      {
        name: 'direction',
        displayName: 'direction',
        defaultValue: '*',
        sourceDefinition: { variableSourceType: 'CsvVariableSourceDefinition', values: 'inbound,outbound' },
        allowMultiSelect: false,
        includeAllOption: true,
      },
    ]);
    expect(applySettings(dashboard, { ...draft, variables: [] }).variables).toEqual([]);
  });

  it('names what is wrong before anything is sent', () => {
    const draft = settingsOf(dashboard);
    expect(settingsError(draft)).toBeUndefined();
    expect(settingsError({ ...draft, title: ' ' })).toMatch(/^Title/);
    expect(settingsError({ ...draft, relativeTime: 'yesterday' })).toMatch(/^Time range/);
    expect(settingsError({ ...draft, variables: [...draft.variables, { ...newVariable(draft), name: '1x' }] })).toMatch(
      /^Filter 2: the name/,
    );
    expect(settingsError({ ...draft, variables: [...draft.variables, { ...newVariable(draft), name: 'sender' }] })).toMatch(
      /^Filter 2: sender is defined twice/,
    );
  });
});
