import { describe, expect, it } from 'vitest';
import type { DashboardDocument, DashboardPanel } from '../model/dashboard.js';
import {
  applyDraft,
  draftOf,
  moved,
  panelKind,
  panelVariables,
  placeOf,
  queryVariables,
  resized,
  withNewPanel,
  withoutPanel,
} from './dashboard-model.js';

const panel = (type: string, panelType = 'SumoSearchPanel'): DashboardPanel => ({
  key: 'p1',
  title: 'One',
  panelType,
  visualSettings: { general: { type }, columns: ['a'] },
  queries: [{ queryKey: 'A', queryString: 'x | count', queryType: 'Logs' }],
});

const dashboard: DashboardDocument = {
  id: 'D',
  title: 'D',
  description: '',
  folderId: 'F',
  timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-7d' }, to: null },
  refreshInterval: 0,
  panels: [panel('table')],
  layout: { layoutType: 'Grid', layoutStructures: [{ key: 'p1', structure: { x: 0, y: 0, width: 24, height: 6 } }] },
  variables: [],
};

describe('dashboard editor rules', () => {
  it("draws Sumo's chart types and says which it cannot", () => {
    expect(panelKind(panel('honeyComb'))).toEqual({ kind: 'honeyComb' });
    expect(panelKind(panel('singleValue'))).toEqual({ kind: 'svp' });
    expect(panelKind(panel('sankey'))).toEqual({ unsupported: 'Chart type sankey is not supported' });
    expect(panelKind(panel('line', 'TextPanel'))).toEqual({ unsupported: 'Panel type TextPanel is not supported' });
  });

  it("applies a panel's filters over the dashboard's values, for that panel only", () => {
    const dashboardValues = { direction: '*', sender: 'a@x' };
    expect(panelVariables(dashboardValues, [{ name: 'direction', value: 'inbound' }])).toEqual({ direction: 'inbound', sender: 'a@x' });
    expect(dashboardValues.direction).toBe('*');
    expect(queryVariables('a {{direction}} b {{ sender }} {{direction}} {{$bad}}')).toEqual(['direction', 'sender']);
  });

  it('keeps moved and resized panels on the 24-column grid', () => {
    const p = { x: 20, y: 3, width: 4, height: 5 };
    expect(moved(p, 3, -10)).toEqual({ x: 20, y: 0, width: 4, height: 5 });
    expect(moved(p, -25, 2)).toEqual({ x: 0, y: 5, width: 4, height: 5 });
    expect(resized(p, 3, -9)).toEqual({ x: 20, y: 3, width: 4, height: 1 });
    expect(resized({ ...p, x: 0 }, 30, 2)).toEqual({ x: 0, y: 3, width: 24, height: 7 });
  });

  it('edits, adds and removes panels', () => {
    const draft = {
      ...draftOf(dashboard.panels[0]),
      title: ' Edited ',
      type: 'pie',
      relativeTime: '-1h',
      filters: [
        { name: 'direction', value: 'inbound' },
        { name: ' ', value: '' },
      ],
    };
    expect(applyDraft(dashboard.panels[0], draft)).toEqual({
      ...dashboard.panels[0],
      title: 'Edited',
      visualSettings: { general: { type: 'pie' }, columns: ['a'] },
      timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-1h' }, to: null },
      panelFilters: [{ name: 'direction', value: 'inbound' }],
    });
    expect(applyDraft(applyDraft(dashboard.panels[0], draft), { ...draft, relativeTime: '', filters: [] })).not.toHaveProperty('timeRange');

    const added = withNewPanel(dashboard, { title: 'New', query: 'y', type: 'line', relativeTime: '', filters: [] });
    expect(added.panels.map((p) => p.key)).toEqual(['p1', 'panel02']);
    expect(placeOf(added, 'panel02')).toEqual({ x: 0, y: 6, width: 12, height: 8 });
    const removed = withoutPanel(added, 'p1');
    expect(removed.panels.map((p) => p.key)).toEqual(['panel02']);
    expect(removed.layout.layoutStructures.map((l) => l.key)).toEqual(['panel02']);
  });
});
