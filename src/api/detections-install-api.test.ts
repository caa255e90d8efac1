import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIMECAST_CURRENT_APP } from '../content/current/mimecast-current-app.js';
import { DEFAULT_EMBARGOED_COUNTRIES, DETECTIONS_FOLDER, MIMECAST_DETECTIONS } from '../content/detections/pack.js';
import { MIMECAST_DETECTIONS_APP, MIMECAST_LEGACY_APP } from '../content/mimecast-app.js';
import { startTestApi, type TestApi } from './test-helpers.js';

/** The detection pack through the App Catalog API: installed with each Mimecast app and on its own, idempotently. */

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) {
  const response = await t.app.inject({ method, url, headers: { authorization: t.auth }, payload });
  return { status: response.statusCode, body: response.json() };
}

async function install(uuid: string, name: string, extra: Record<string, unknown> = {}) {
  const personal = (await call('GET', '/api/v2/content/folders/personal')).body;
  return call('POST', `/api/v1/apps/${uuid}/install`, {
    name,
    destinationFolderId: personal.id,
    dataSourceValues: { logsrc: '_sourceCategory=mimecast' },
    ...extra,
  });
}

type Item = {
  id: string;
  name: string;
  type: string;
  isDisabled: boolean;
  queries: { query: string }[];
  triggers: { triggerType: string }[];
};

async function packFolder(): Promise<{ id: string; children: Item[] }[]> {
  const root = (await call('GET', '/api/v1/monitors/root')).body;
  const folders = root.children.filter((c: { name: string }) => c.name === DETECTIONS_FOLDER);
  return Promise.all(folders.map(async (f: { id: string }) => (await call('GET', `/api/v1/monitors/${f.id}`)).body));
}

describe('the detection pack in the App Catalog', () => {
  it('lists the monitors each Mimecast app installs, and the pack on its own', async () => {
    const { body } = await call('GET', '/api/v1/apps');
    const names = MIMECAST_DETECTIONS.map((m) => m.name);
    for (const app of body.apps) expect(app.monitors, app.name).toEqual(names);
    const detail = (await call('GET', `/api/v1/apps/${MIMECAST_DETECTIONS_APP.uuid}`)).body.appDefinition;
    expect(detail.dashboards).toEqual([]);
    expect(detail.defaultEmbargoedCountries).toEqual(DEFAULT_EMBARGOED_COUNTRIES);
    expect(detail.monitors[0]).toMatchObject({ name: 'Mimecast - Sender from Embargoed Geo Locations', dataTypes: ['siem'] });
  });

  it('refuses an embargoed country that is not an ISO code, naming the field, and installs nothing', async () => {
    const refused = await install(MIMECAST_CURRENT_APP.uuid, 'Refused', { embargoedCountries: ['Iran'] });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'createValidationError', field: 'embargoedCountries[0]' });
    expect(await packFolder()).toEqual([]);
  });

  it('installs the pack with the current app, with the data source and the embargoed list in the queries', async () => {
    const installed = await install(MIMECAST_CURRENT_APP.uuid, 'Mimecast', { embargoedCountries: ['IR', 'RU'] });
    expect(installed.status).toBe(200);
    expect(installed.body.folderId).toEqual(expect.any(String));
    const [folder, ...others] = await packFolder();
    expect(others).toEqual([]);
    expect(installed.body.monitorsFolderId).toBe(folder.id);
    expect(folder.children.map((c) => c.name).sort()).toEqual(MIMECAST_DETECTIONS.map((m) => m.name).sort());
    const sender = folder.children.find((c) => c.name === 'Mimecast - Sender from Embargoed Geo Locations') as Item;
    expect(sender).toMatchObject({ type: 'MonitorsLibraryMonitor', isDisabled: false });
    expect(sender.queries[0].query).toMatch(/^\(_sourceCategory=mimecast\)\n/);
    expect(sender.queries[0].query).toContain('| where country_code in ("IR", "RU")');
    expect(sender.triggers.map((tr) => tr.triggerType)).toEqual(['Critical', 'ResolvedCritical']);
  });

  it('re-installs idempotently: no duplicate, and a monitor the user changed stays as the user left it', async () => {
    const [folder] = await packFolder();
    const receiver = folder.children.find((c) => c.name === 'Mimecast - Receiver from Embargoed Geo Locations') as Item;
    const { id, ...definition } = (await call('GET', `/api/v1/monitors/${receiver.id}`)).body;
    const edited = await call('PUT', `/api/v1/monitors/${id}`, { ...definition, isDisabled: true });
    expect(edited.status).toBe(200);

    const again = await install(MIMECAST_LEGACY_APP.uuid, 'Mimecast (legacy)');
    expect(again.status).toBe(200);
    const alone = await install(MIMECAST_DETECTIONS_APP.uuid, 'Detections');
    expect(alone.status).toBe(200);
    // The pack on its own has no dashboards, so no library folder.
    expect(alone.body).toEqual({ monitorsFolderId: folder.id });

    const [after, ...others] = await packFolder();
    expect(others).toEqual([]);
    expect(after.children).toHaveLength(MIMECAST_DETECTIONS.length);
    const receiverAfter = after.children.find((c) => c.id === receiver.id) as Item;
    expect(receiverAfter.isDisabled).toBe(true);
    expect(receiverAfter.queries[0].query).toContain('("IR", "RU")');
  });

  it('two installs at once make one folder with each monitor once', async () => {
    const [folder] = await packFolder();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/monitors/${folder.id}`, headers: { authorization: t.auth } })).statusCode,
    ).toBe(204);
    const both = await Promise.all([install(MIMECAST_DETECTIONS_APP.uuid, 'One'), install(MIMECAST_DETECTIONS_APP.uuid, 'Two')]);
    expect(both.map((b) => b.status)).toEqual([200, 200]);
    const [after, ...others] = await packFolder();
    expect(others).toEqual([]);
    expect(both.map((b) => b.body.monitorsFolderId)).toEqual([after.id, after.id]);
    expect(after.children.map((c) => c.name).sort()).toEqual(MIMECAST_DETECTIONS.map((m) => m.name).sort());
  });

  it('re-creates a deleted monitor of the pack, with the default embargoed list', async () => {
    const [folder] = await packFolder();
    const sender = folder.children.find((c) => c.name === 'Mimecast - Sender from Embargoed Geo Locations') as Item;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/monitors/${sender.id}`, headers: { authorization: t.auth } })).statusCode,
    ).toBe(204);
    expect((await install(MIMECAST_DETECTIONS_APP.uuid, 'Detections')).status).toBe(200);
    const [after] = await packFolder();
    expect(after.children).toHaveLength(MIMECAST_DETECTIONS.length);
    const recreated = after.children.find((c) => c.name === sender.name) as Item;
    expect(recreated.id).not.toBe(sender.id);
    expect(recreated.queries[0].query).toContain(`in (${DEFAULT_EMBARGOED_COUNTRIES.map((c) => `"${c}"`).join(', ')})`);
  });
});
