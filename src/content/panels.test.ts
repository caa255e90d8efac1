import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { simulatorMessages } from '../e2e/simulator-messages.js';
import { runCompiledQuery } from '../query/execute.js';
import { type GeoLookup, openGeoDatabase } from '../query/geo.js';
import { compileQuery } from '../query/index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { MIMECAST_CURRENT_APP } from './current/mimecast-current-app.js';
import { buildDashboard } from './install.js';
import { APPS, MIMECAST_LEGACY_APP } from './mimecast-app.js';

/** One day of simulator data (all four data types) in a DuckDB store, as a Mimecast source would store it. */
const TO = Date.UTC(2026, 10, 20, 12);
const FROM = TO - 86_400_000;
const SIMULATOR = { seed: 11, siemPerHour: 600, dlpPerHour: 12, auditPerHour: 3, holdPerHour: 12 };
const SCOPE = '_sourceCategory=Mimecast';

let dir: string;
let store: Store;
let geo: GeoLookup;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-app-'));
  const clock = new ManualClock(TO);
  store = await openStore({ data: dir, clock, logger: silentLogger, secretKey: 'app-test' });
  geo = await openGeoDatabase();
  await store.messages.append(simulatorMessages(SIMULATOR, FROM, TO));
}, 120_000);

afterAll(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function run(query: string, variables: Record<string, string> = {}) {
  const compiled = compileQuery(query, { dialect: store.dialect, from: FROM, to: TO + 1, variables });
  return runCompiledQuery(store, compiled, { geo });
}

describe('every panel of both Mimecast apps on simulator data', () => {
  for (const template of APPS.flatMap((app) => app.dashboards)) {
    const dashboard = buildDashboard(template, { id: 'D', folderId: 'F' }, SCOPE);
    for (const panel of dashboard.panels) {
      it(`${template.title} / ${panel.title} returns rows`, async () => {
        const query = panel.queries[0].queryString;
        const result = await run(query);
        expect(result.rows.length, query).toBeGreaterThan(0);
        const type = panel.visualSettings.general?.type;
        if (type === 'table') {
          for (const column of panel.visualSettings.columns ?? []) expect(result.fields.map((f) => f.name)).toContain(column);
        } else if (type === 'map') {
          expect(typeof result.rows[0].latitude).toBe('number');
          expect(Number(result.rows[0]._count)).toBeGreaterThan(0);
        } else {
          // A chart that names no value field draws its number columns: an outlier panel's `_count` and band.
          const value = panel.visualSettings.valueField ?? (result.fields.some((f) => f.name === '_count') ? '_count' : '_count_distinct');
          expect(
            result.rows.some((r) => Number(r[value]) > 0),
            `${value} of ${JSON.stringify(result.rows[0])}`,
          ).toBe(true);
          // An anomaly panel has its band (the hours before each one give its upper edge).
          if (query.includes('| outlier')) expect(result.rows.some((r) => typeof r._count_upper === 'number')).toBe(true);
        }
      });
    }
  }

  for (const template of APPS.flatMap((app) => app.dashboards)) {
    for (const variable of buildDashboard(template, { id: 'D', folderId: 'F' }, SCOPE).variables) {
      const def = variable.sourceDefinition;
      if (def.variableSourceType !== 'LogQueryVariableSourceDefinition') continue;
      it(`${template.title} / filter ${variable.name} lists values seen`, async () => {
        const result = await run(def.query);
        expect(result.rows.length).toBeGreaterThan(0);
        for (const row of result.rows) expect(String(row[def.field])).not.toBe('');
        if (variable.name.endsWith('_domain')) for (const row of result.rows) expect(String(row[def.field])).not.toContain('@');
      });
    }
  }

  it('applies a filter variable: inbound and outbound deliveries add up to at most the total', async () => {
    const panel = buildDashboard(MIMECAST_LEGACY_APP.dashboards[0], { id: 'D', folderId: 'F' }, SCOPE).panels[0];
    const count = async (direction?: string) => {
      const rows = (await run(panel.queries[0].queryString, direction ? { direction } : {})).rows;
      return Number(rows[0]?._count_distinct ?? 0);
    };
    const [all, inbound, outbound, none] = await Promise.all([count(), count('inbound'), count('outbound'), count('nowhere')]);
    expect(inbound).toBeGreaterThan(0);
    expect(outbound).toBeGreaterThan(0);
    expect(inbound + outbound).toBeLessThanOrEqual(all);
    expect(none).toBe(0);
  });

  it("applies the current app's Sumo-style filters, the published queries' included", async () => {
    const panel = (dashboard: string, title: string) =>
      buildDashboard(
        MIMECAST_CURRENT_APP.dashboards.find((d) => d.title === dashboard) ?? MIMECAST_CURRENT_APP.dashboards[0],
        { id: 'D', folderId: 'F' },
        SCOPE,
      ).panels.find((p) => p.title === title)?.queries[0].queryString ?? '';
    const total = panel('Mimecast - DLP Policy Monitoring', 'Total DLP Events');
    const count = async (query: string, variables: Record<string, string>) => Number((await run(query, variables)).rows[0]?._count ?? 0);
    const [all, held, none] = await Promise.all([
      count(total, {}),
      count(total, { action: 'hold' }),
      count(total, { policy: 'No such policy' }),
    ]);
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(all);
    expect(none).toBe(0);

    const geoSenders = panel('Mimecast SIEM Logs - Email Processing and Delivery', 'Geo Location of Senders');
    const senders = async (variables: Record<string, string>) => (await run(geoSenders, variables)).rows.length;
    expect(await senders({ event_type: 'receipt' })).toBeGreaterThan(0);
    expect(await senders({ event_type: 'no such type' })).toBe(0);

    const byPolicy = panel('Mimecast - Hold Message Analysis', 'Hold Messages by Policy');
    const policies = (await run(byPolicy, { reason_code: '*spam*' })).rows.map((r) => r.policy_info);
    expect(policies).toEqual(['Relaxed Spam Detection']);
  });

  it('finds nothing for another data source', async () => {
    const panel = buildDashboard(MIMECAST_LEGACY_APP.dashboards[0], { id: 'D', folderId: 'F' }, '_sourceCategory=Other').panels[0];
    const rows = (await run(panel.queries[0].queryString)).rows;
    expect(Number(rows[0]?._count_distinct ?? 0)).toBe(0);
  });
});
