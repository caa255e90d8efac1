import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedDashboards } from '../content/__fixtures__/app-doc.js';
import { startTestApi, type TestApi } from './test-helpers.js';

const specDashboards = documentedDashboards().map((d) => d.title);
const CURRENT_DASHBOARDS = [
  'Mimecast - Audit Events Overview',
  'Mimecast - DLP Policy Monitoring',
  'Mimecast - Hold Message Analysis',
  'Mimecast SIEM Logs - Overview',
  'Mimecast SIEM Logs - Threat Protection',
  'Mimecast SIEM Logs - Email Processing and Delivery',
];

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  const response = await t.app.inject({ method, url, headers: { authorization: t.auth }, payload });
  return { status: response.statusCode, body: response.json() };
}

describe('library and apps API', () => {
  it('needs credentials', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/apps' })).statusCode).toBe(401);
  });

  it('gives each caller a personal folder and creates folders in it', async () => {
    const personal = await call('GET', '/api/v2/content/folders/personal');
    expect(personal.status).toBe(200);
    expect(personal.body).toMatchObject({ name: 'Personal', parentId: null, children: [] });
    expect((await call('GET', '/api/v2/content/folders/personal')).body.id).toBe(personal.body.id);

    const other = await t.store.accessKeys.create('someone-else');
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v2/content/folders/personal',
      headers: { authorization: `Basic ${Buffer.from(`${other.accessId}:${other.accessKey}`).toString('base64')}` },
    });
    expect(theirs.json().id).not.toBe(personal.body.id);

    const created = await call('POST', '/api/v2/content/folders', { name: 'Security', description: 'SOC', parentId: personal.body.id });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ name: 'Security', description: 'SOC', parentId: personal.body.id, children: [] });
    const after = await call('GET', `/api/v2/content/folders/${personal.body.id}`);
    expect(after.body.children).toEqual([{ id: created.body.id, name: 'Security', itemType: 'Folder', description: 'SOC' }]);

    const duplicate = await call('POST', '/api/v2/content/folders', { name: 'security', parentId: personal.body.id });
    expect(duplicate).toMatchObject({ status: 400, body: { code: 'DuplicateResourceName' } });
    const orphan = await call('POST', '/api/v2/content/folders', { name: 'X', parentId: 'NOPE' });
    expect(orphan.status).toBe(400);
    expect(orphan.body.message).toMatch(/^parentId: /);
    const missingName = await call('POST', '/api/v2/content/folders', { parentId: personal.body.id });
    expect(missingName.body.message).toBe('name: is required');
    expect((await call('GET', '/api/v2/content/folders/NOPE')).status).toBe(404);
  });

  it('lists the legacy Mimecast app with the dashboards of the spec, and the current one', async () => {
    const { status, body } = await call('GET', '/api/v1/apps');
    expect(status).toBe(200);
    expect(body.apps.map((a: { name: string }) => a.name)).toEqual(['Mimecast (legacy)', 'Mimecast', 'Mimecast Detections']);
    // The legacy app keeps the uuid it had as the only app, so scripts that name it keep working.
    expect(body.apps[0].uuid).toBe('8b5c6a42-1d3e-4f6a-9c2b-7e0d4a1f5b93');
    expect(body.apps[0].dashboards).toEqual(specDashboards);
    expect(body.apps[1].dashboards).toEqual(CURRENT_DASHBOARDS);
  });

  it('installs the current Mimecast app with its six dashboards and their filters', async () => {
    const personal = (await call('GET', '/api/v2/content/folders/personal')).body;
    const uuid = (await call('GET', '/api/v1/apps')).body.apps[1].uuid;
    const installed = await call('POST', `/api/v1/apps/${uuid}/install`, {
      name: 'Mimecast current',
      destinationFolderId: personal.id,
      dataSourceValues: { logsrc: '_sourceCategory=mimecast/*' },
    });
    expect(installed.status).toBe(200);
    const folder = (await call('GET', `/api/v2/content/folders/${installed.body.folderId}`)).body;
    expect(folder.children.map((c: { name: string }) => c.name)).toEqual(CURRENT_DASHBOARDS);
    const audit = (await call('GET', `/api/v2/dashboards/${folder.children[0].id}`)).body;
    expect(audit.panels[0].queries[0].queryString).toMatch(/^\(_sourceCategory=mimecast\/\*\) auditType id\n\| json "id"/);
    expect(audit.variables.map((v: { name: string }) => v.name)).toEqual(['audit_type', 'category', 'user']);
  });

  it('installs the app into a new folder with the data source in every query', async () => {
    const personal = (await call('GET', '/api/v2/content/folders/personal')).body;
    const { body: apps } = await call('GET', '/api/v1/apps');
    const uuid = apps.apps[0].uuid;
    const installed = await call('POST', `/api/v1/apps/${uuid}/install`, {
      name: 'Mimecast',
      description: 'Mimecast dashboards',
      destinationFolderId: personal.id,
      dataSourceValues: { logsrc: '_sourceCategory="Mimecast EU" OR _source=mimecast' },
    });
    expect(installed.status).toBe(200);
    const folder = (await call('GET', `/api/v2/content/folders/${installed.body.folderId}`)).body;
    expect(folder).toMatchObject({ name: 'Mimecast', parentId: personal.id });
    expect(folder.children.map((c: { name: string; itemType: string }) => [c.name, c.itemType])).toEqual(
      specDashboards.map((name) => [name, 'Dashboard']),
    );

    for (const child of folder.children) {
      const { status, body: dashboard } = await call('GET', `/api/v2/dashboards/${child.id}`);
      expect(status).toBe(200);
      expect(dashboard.title).toBe(child.name);
      expect(dashboard.timeRange.from.relativeTime).toBe('-7d');
      expect(dashboard.panels.length).toBeGreaterThan(0);
      expect(dashboard.layout.layoutStructures.map((l: { key: string }) => l.key)).toEqual(
        dashboard.panels.map((p: { key: string }) => p.key),
      );
      for (const panel of dashboard.panels) {
        const query: string = panel.queries[0].queryString;
        expect(query.startsWith('(_sourceCategory="Mimecast EU" OR _source=mimecast)\n'), panel.title).toBe(true);
        expect(query).not.toContain('$$logsrc');
        expect(panel.panelType).toBe('SumoSearchPanel');
      }
      for (const variable of dashboard.variables) expect(variable.defaultValue).toBe('*');
    }
  });

  it('refuses a data source that is not a pure scope, and writes nothing', async () => {
    const personal = (await call('GET', '/api/v2/content/folders/personal')).body;
    const uuid = (await call('GET', '/api/v1/apps')).body.apps[0].uuid;
    const attempts = [
      ['_sourceCategory=x) | count //', /unmatched '\)'/],
      ['_sourceCategory=x | where true', /'\|'/],
      ['_sourceCategory=x // comment', /comment/],
      ['_sourceCategory=', /not a valid scope expression: column \d+/],
      ['', /must not be empty/],
    ] as const;
    for (const [logsrc, message] of attempts) {
      const { status, body } = await call('POST', `/api/v1/apps/${uuid}/install`, {
        name: 'Bad',
        destinationFolderId: personal.id,
        dataSourceValues: { logsrc },
      });
      expect(status, logsrc).toBe(400);
      expect(body.message, logsrc).toMatch(/^dataSourceValues\.logsrc: /);
      expect(body.message, logsrc).toMatch(message);
    }
    const names = (await call('GET', `/api/v2/content/folders/${personal.id}`)).body.children.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Bad');
    expect((await call('POST', '/api/v1/apps/nope/install', {})).status).toBe(404);
    expect((await call('GET', '/api/v2/dashboards/NOPE')).status).toBe(404);
  });
});
