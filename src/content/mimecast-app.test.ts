import { describe, expect, it } from 'vitest';
import { LOGSRC } from '../model/scope.js';
import { documentedDashboards } from './__fixtures__/app-doc.js';
import { APPS, MIMECAST_LEGACY_APP } from './mimecast-app.js';

describe('the legacy Mimecast app', () => {
  it('has exactly the dashboards, panels, visualisations and filters that docs/app.md documents', () => {
    const expected = documentedDashboards();
    expect(expected.length).toBe(3);
    expect(
      MIMECAST_LEGACY_APP.dashboards.map((d) => ({
        title: d.title,
        filters: d.variables.map((v) => v.name),
        panels: d.panels.map((p) => ({ title: p.title, visual: p.visualisation })),
      })),
    ).toEqual(expected);
  });

  it('uses the data source and every dashboard filter in every panel query', () => {
    // (The current app's panels follow Sumo's queries instead: see current/mimecast-current-app.test.ts.)
    for (const dashboard of MIMECAST_LEGACY_APP.dashboards) {
      for (const panel of dashboard.panels) {
        expect(panel.query.startsWith(LOGSRC), panel.title).toBe(true);
        for (const variable of dashboard.variables) {
          // DLP records carry no account id: the Overview's DLP panels apply only the direction.
          if (variable.name === 'account_id' && panel.query.includes('"policy"')) continue;
          expect(panel.query, `${panel.title} applies {{${variable.name}}}`).toContain(`{{${variable.name}}}`);
        }
      }
    }
  });

  it('lays the panels of both apps out on a 24-column grid without overlaps', () => {
    for (const dashboard of APPS.flatMap((app) => app.dashboards)) {
      const cells = new Set<string>();
      for (const { position: p, title } of dashboard.panels) {
        expect(p.x + p.width, title).toBeLessThanOrEqual(24);
        for (let x = p.x; x < p.x + p.width; x++) {
          for (let y = p.y; y < p.y + p.height; y++) {
            expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
        }
      }
    }
  });
});
