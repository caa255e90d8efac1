import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_LIMITS } from '../model/content-sync.js';
import { createContentService } from '../services/content.js';
import { startTestApi, type TestApi } from './test-helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: API answers are JSON read member by member in the assertions
type Json = Record<string, any>;

const SUMO_EXPORT: Json = JSON.parse(readFileSync(new URL('../content/__fixtures__/sumo-folder-export.json', import.meta.url), 'utf8'));

let t: TestApi;
let personal: Json;
beforeAll(async () => {
  t = await startTestApi();
  personal = (await call('GET', '/api/v2/content/folders/personal')).body;
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) {
  const response = await t.app.inject({ method, url, headers: { authorization: t.auth }, payload: payload as Json });
  return { status: response.statusCode, body: response.body ? response.json() : undefined };
}

async function folderIn(parentId: string, name: string): Promise<string> {
  const created = await call('POST', '/api/v2/content/folders', { name, parentId });
  expect(created.status).toBe(200);
  return created.body.id;
}

/** Starts an import and answers its final status (the job is done when the POST answers). */
async function importInto(folderId: string, definition: unknown, overwrite = false) {
  const started = await call('POST', `/api/v2/content/folders/${folderId}/import?overwrite=${overwrite}`, definition);
  expect(started.status).toBe(200);
  return (await call('GET', `/api/v2/content/folders/${folderId}/import/${started.body.id}/status`)).body;
}

async function exportOf(id: string): Promise<Json> {
  const job = await call('POST', `/api/v2/content/${id}/export`);
  expect(job.status).toBe(200);
  expect((await call('GET', `/api/v2/content/${id}/export/${job.body.id}/status`)).body).toEqual({
    status: 'Success',
    statusMessage: null,
    error: null,
  });
  const result = await call('GET', `/api/v2/content/${id}/export/${job.body.id}/result`);
  expect(result.status).toBe(200);
  return result.body;
}

async function childNamed(folderId: string, name: string): Promise<Json> {
  const folder = (await call('GET', `/api/v2/content/folders/${folderId}`)).body;
  const child = folder.children.find((c: Json) => c.name === name);
  expect(child, name).toBeDefined();
  return child;
}

describe('content import and export', () => {
  it('imports a Sumo folder export and exports it back as the same JSON', async () => {
    const target = await folderIn(personal.id, 'Imported');
    expect(await importInto(target, SUMO_EXPORT)).toEqual({ status: 'Success', statusMessage: null, error: null });

    const folder = await childNamed(target, 'Mimecast from Sumo');
    const listed = (await call('GET', `/api/v2/content/folders/${folder.id}`)).body;
    expect(listed.children.map((c: Json) => [c.name, c.itemType])).toEqual([
      ['Mimecast Threats (team copy)', 'Dashboard'],
      ['Searches', 'Folder'],
      ['VIP recipients', 'Lookups'],
    ]);
    expect(await exportOf(folder.id)).toEqual(SUMO_EXPORT);
  });

  it('keeps every panel query, visual setting, cell, variable and time range of a dashboard', async () => {
    const target = await folderIn(personal.id, 'Dashboard import');
    const source = SUMO_EXPORT.children[0];
    expect((await importInto(target, source)).status).toBe('Success');
    const item = await childNamed(target, source.name);
    const dashboard = (await call('GET', `/api/v2/dashboards/${item.id}`)).body;

    expect(dashboard).toMatchObject({
      id: item.id,
      folderId: target,
      title: source.title,
      timeRange: source.timeRange,
      variables: source.variables,
    });
    expect(dashboard.panels.map((p: Json) => p.queries)).toEqual(source.panels.map((p: Json) => p.queries));
    // Sumo's dashboard API answers these members as JSON text, as its exports hold them.
    expect(dashboard.panels.map((p: Json) => JSON.parse(p.visualSettings))).toEqual(
      source.panels.map((p: Json) => JSON.parse(p.visualSettings)),
    );
    // …and exactly as the export wrote them (Terraform and diffs compare the text), coloring rules and all.
    expect(dashboard.panels.map((p: Json) => p.visualSettings)).toEqual(source.panels.map((p: Json) => p.visualSettings));
    expect(dashboard.panels[0].coloringRules).toEqual(source.panels[0].coloringRules);
    expect(dashboard.panels.map((p: Json) => p.timeRange)).toEqual(source.panels.map((p: Json) => p.timeRange));
    expect(dashboard.layout.layoutStructures.map((l: Json) => ({ key: l.key, structure: JSON.parse(l.structure) }))).toEqual(
      source.layout.layoutStructures.map((l: Json) => ({ key: l.key, structure: JSON.parse(l.structure) })),
    );
    // A title with markup and braces is kept as text; a query we cannot compile is kept and fails in its panel.
    expect(dashboard.panels[2].title).toBe('Top Senders <script>alert(1)</script> {{not_a_variable}}');
    const run = await call('POST', '/api/ui/panels/run', { query: dashboard.panels[3].queries[0].queryString, from: 0, to: 1000 });
    expect(run).toMatchObject({ status: 400, body: { code: 'searchQueryError' } });
  });

  it('round-trips an installed app: export, import elsewhere, export again', async () => {
    const uuid = (await call('GET', '/api/v1/apps')).body.apps[1].uuid;
    const installed = await call('POST', `/api/v1/apps/${uuid}/install`, {
      name: 'Mimecast app',
      destinationFolderId: personal.id,
      dataSourceValues: { logsrc: '_sourceCategory=mimecast/*' },
    });
    const exported = await exportOf(installed.body.folderId);
    expect(exported.children).toHaveLength(6);
    expect(typeof exported.children[0].panels[0].visualSettings).toBe('string');
    const elsewhere = await folderIn(personal.id, 'Elsewhere');
    expect((await importInto(elsewhere, exported)).status).toBe('Success');
    const copy = await childNamed(elsewhere, 'Mimecast app');
    expect(await exportOf(copy.id)).toEqual(exported);
  });

  it('refuses a taken name unless overwrite=true, which replaces the item', async () => {
    const target = await folderIn(personal.id, 'Overwrite');
    const search = SUMO_EXPORT.children[1].children[0];
    expect((await importInto(target, search)).status).toBe('Success');
    const again = await importInto(target, { ...search, description: 'second' });
    expect(again).toMatchObject({ status: 'Failed', error: { code: 'DuplicateResourceName', field: 'name' } });
    expect((await importInto(target, { ...search, description: 'second' }, true)).status).toBe('Success');
    const folder = (await call('GET', `/api/v2/content/folders/${target}`)).body;
    expect(folder.children.map((c: Json) => [c.name, c.description])).toEqual([[search.name, 'second']]);
  });

  it('runs imports into one folder one after another: of two at once one takes the name, two overwrites leave one item', async () => {
    const target = await folderIn(personal.id, 'At once');
    const search = SUMO_EXPORT.children[1].children[0];
    const both = (overwrite: boolean) => Promise.all([1, 2].map((n) => importInto(target, { ...search, description: `${n}` }, overwrite)));
    expect((await both(false)).map((s) => s.error?.code ?? s.status).sort()).toEqual(['DuplicateResourceName', 'Success']);
    expect((await both(true)).map((s) => s.status)).toEqual(['Success', 'Success']);
    const folder = (await call('GET', `/api/v2/content/folders/${target}`)).body;
    expect(folder.children.map((c: Json) => c.name)).toEqual([search.name]);
  });

  it('fails the job on hostile or malformed content, naming the member, and writes nothing', async () => {
    const target = await folderIn(personal.id, 'Hostile');
    const dashboard = SUMO_EXPORT.children[0];
    let nested: Json = { type: 'FolderSyncDefinition', name: 'leaf', children: [] };
    for (let i = 0; i < CONTENT_LIMITS.maxFolderDepth + 2; i++)
      nested = { type: 'FolderSyncDefinition', name: `level ${i}`, children: [nested] };
    let deepSettings: Json = {};
    for (let i = 0; i < CONTENT_LIMITS.maxJsonDepth + 5; i++) deepSettings = { a: deepSettings };
    const cases: [unknown, string, RegExp][] = [
      [{ type: 'MewboardSyncDefinition', name: 'old' }, 'type', /must be one of FolderSyncDefinition/],
      [
        { type: 'FolderSyncDefinition', name: 'x', children: [{ type: 'ScriptSyncDefinition', name: 'y' }] },
        'children[0].type',
        /must be one of/,
      ],
      [nested, Array(CONTENT_LIMITS.maxFolderDepth).fill('children[0]').join('.'), /nest at most 16/],
      [
        {
          type: 'FolderSyncDefinition',
          name: 'deep',
          children: [{ ...dashboard, panels: [{ ...dashboard.panels[0], visualSettings: deepSettings }] }],
        },
        'body',
        /levels deep/,
      ],
      [{ ...dashboard, panels: [{ ...dashboard.panels[0], visualSettings: '{not json' }] }, 'panels[0].visualSettings', /JSON/],
      [{ ...dashboard, variables: [{ ...dashboard.variables[0], name: '{{x}}' }] }, 'variables[0].name', /letters, digits/],
      [
        { ...dashboard, layout: { layoutType: 'Grid', layoutStructures: [{ key: 'nope', structure: '{}' }] } },
        'layout.layoutStructures[0].key',
        /names no panel/,
      ],
      [{ ...dashboard, panels: [dashboard.panels[0], dashboard.panels[0]] }, 'panels[1].key', /unique/],
      [{ ...dashboard, name: 'bad\u202Ename' }, 'name', /bidirectional/],
      [{ ...dashboard, name: 'x'.repeat(300) }, 'name', /at most 255/],
      [{ ...SUMO_EXPORT.children[1].children[0], searchSchedule: { cronExpression: '0 0 * * * ? *' } }, 'searchSchedule', /not supported/],
      [
        {
          type: 'FolderSyncDefinition',
          name: 'many',
          children: Array.from({ length: CONTENT_LIMITS.maxItems }, (_, i) => ({ type: 'FolderSyncDefinition', name: `f${i}` })),
        },
        'children[999]',
        /at most 1000 items/,
      ],
      [['not', 'an', 'object'], '', /must be an object/],
    ];
    for (const [definition, field, message] of cases) {
      const status = await importInto(target, definition);
      expect(status.status, field).toBe('Failed');
      expect(status.error.message, field).toMatch(message);
      expect(status.error.field ?? '', field).toBe(field);
    }
    expect((await call('GET', `/api/v2/content/folders/${target}`)).body.children).toEqual([]);

    const huge = { ...SUMO_EXPORT.children[1].children[0], description: 'x'.repeat(CONTENT_LIMITS.maxImportBytes) };
    expect(await call('POST', `/api/v2/content/folders/${target}/import`, huge)).toMatchObject({
      status: 400,
      body: { message: 'body: is too large' },
    });
    expect((await call('POST', '/api/v2/content/folders/NOPE/import', SUMO_EXPORT)).status).toBe(404);
  });
});

describe('content paths, copy, move, delete and rename', () => {
  it('finds items by path and gives each its path', async () => {
    const team = await folderIn(personal.id, 'Team');
    expect((await importInto(team, SUMO_EXPORT)).status).toBe('Success');
    const path = '/Library/Users/test/Team/Mimecast from Sumo/Searches/Held messages by reason';
    const found = await call('GET', `/api/v2/content/path?path=${encodeURIComponent(path)}`);
    expect(found.body).toMatchObject({ name: 'Held messages by reason', itemType: 'Search' });
    expect((await call('GET', `/api/v2/content/${found.body.id}/path`)).body).toEqual({ path });
    expect((await call('GET', `/api/v2/content/${personal.id}/path`)).body).toEqual({ path: '/Library/Users/test' });
    const teamView = await call('GET', `/api/v2/content/path?path=${encodeURIComponent('/Library/Users/test/Team')}`);
    expect(teamView.body).toMatchObject({ id: team, itemType: 'Folder', children: [{ name: 'Mimecast from Sumo' }] });
    expect((await call('GET', `/api/v2/content/path?path=${encodeURIComponent('/Library/Users/test/Nope')}`)).status).toBe(404);
    expect((await call('GET', '/api/v2/content/path?path=Team')).status).toBe(400);
  });

  it('copies, moves, renames and deletes, keeping the tree whole', async () => {
    const work = await folderIn(personal.id, 'Work');
    const archive = await folderIn(work, 'Archive');
    expect((await importInto(work, SUMO_EXPORT.children[0])).status).toBe('Success');
    const dash = await childNamed(work, 'Mimecast Threats (team copy)');

    const copyJob = await call('POST', `/api/v2/content/${dash.id}/copy?destinationFolder=${work}`);
    const copied = (await call('GET', `/api/v2/content/${dash.id}/copy/${copyJob.body.id}/status`)).body;
    expect(copied).toMatchObject({ status: 'Success', error: null });
    const copy = await childNamed(work, 'Mimecast Threats (team copy) (copy)');
    expect(copy.id).toBe(copied.statusMessage);
    expect((await call('GET', `/api/v2/dashboards/${copy.id}`)).body).toMatchObject({ id: copy.id, folderId: work });

    expect((await call('POST', `/api/v2/content/${copy.id}/move?destinationFolderId=${archive}`)).status).toBe(204);
    expect((await call('GET', `/api/v2/dashboards/${copy.id}`)).body.folderId).toBe(archive);
    const intoItself = await call('POST', `/api/v2/content/${work}/move?destinationFolderId=${archive}`);
    expect(intoItself).toMatchObject({ status: 400, body: { field: 'destinationFolderId' } });
    expect((await call('POST', `/api/v2/content/${personal.id}/move?destinationFolderId=${archive}`)).status).toBe(400);

    const renamed = await call('PUT', `/api/v2/content/folders/${archive}`, { name: 'Old things', description: 'kept' });
    expect(renamed.body).toMatchObject({ id: archive, name: 'Old things', description: 'kept', children: [{ id: copy.id }] });
    expect((await call('PUT', `/api/v2/content/folders/${archive}`, { name: 'mimecast threats (TEAM COPY)' })).body.code).toBe(
      'DuplicateResourceName',
    );
    expect((await call('PUT', `/api/ui/content/${copy.id}`, { name: 'Threats, mine' })).body).toMatchObject({ name: 'Threats, mine' });
    expect((await call('GET', `/api/v2/dashboards/${copy.id}`)).body.title).toBe('Threats, mine');

    // A folder copied into a folder inside it is copied as it was: the copy holds no copy of itself.
    const selfCopy = await call('POST', `/api/v2/content/${work}/copy?destinationFolder=${archive}`);
    expect((await call('GET', `/api/v2/content/${work}/copy/${selfCopy.body.id}/status`)).body.status).toBe('Success');
    const workCopy = await childNamed(archive, 'Work');
    const inCopy = (await call('GET', `/api/v2/content/folders/${workCopy.id}`)).body.children.map((c: Json) => c.name);
    const inWork = (await call('GET', `/api/v2/content/folders/${work}`)).body.children.map((c: Json) => c.name);
    expect(inCopy).toEqual(inWork);
    expect(inCopy.sort()).toEqual([dash.name, 'Old things']);
    expect(
      (await call('GET', `/api/v2/content/folders/${(await childNamed(workCopy.id, 'Old things')).id}`)).body.children.map(
        (c: Json) => c.name,
      ),
    ).toEqual(['Threats, mine']);

    const deleteJob = await call('DELETE', `/api/v2/content/${archive}/delete`);
    expect((await call('GET', `/api/v2/content/${archive}/delete/${deleteJob.body.id}/status`)).body.status).toBe('Success');
    expect((await call('GET', `/api/v2/dashboards/${copy.id}`)).status).toBe(404);
    expect((await call('GET', `/api/v2/content/folders/${archive}`)).status).toBe(404);
    expect((await call('GET', `/api/v2/content/folders/${work}`)).body.children.map((c: Json) => c.name)).toEqual([dash.name]);
    expect((await call('DELETE', `/api/v2/content/${personal.id}/delete`)).status).toBe(400);
  });

  it('makes an imported lookup table a real one, keeps its path through a move and a rename, and deletes it with its folder', async () => {
    const team = await folderIn(personal.id, 'Lookups team');
    const definition = {
      type: 'LookupTableSyncDefinition',
      name: 'Owners',
      description: 'who owns which address',
      fields: [
        { fieldName: 'ip', fieldType: 'string' },
        { fieldName: 'owner', fieldType: 'string' },
      ],
      primaryKeys: ['ip'],
      ttl: 0,
      sizeLimitAction: 'StopIncomingMessages',
    };
    expect((await importInto(team, definition)).status).toBe('Success');
    const entry = await childNamed(team, 'Owners');
    const table = await call('GET', `/api/v1/lookupTables/${entry.id}`);
    expect(table.status).toBe(200);
    expect(table.body).toMatchObject({ name: 'Owners', primaryKeys: ['ip'], contentPath: '/Library/Users/test/Lookups team/Owners' });
    expect(await exportOf(entry.id)).toEqual(definition);

    const archive = await folderIn(personal.id, 'Lookups archive');
    expect((await call('POST', `/api/v2/content/${entry.id}/move?destinationFolderId=${archive}`)).status).toBe(204);
    expect((await call('PUT', `/api/v2/content/folders/${archive}`, { name: 'Old lookups' })).status).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${entry.id}`)).body.contentPath).toBe('/Library/Users/test/Old lookups/Owners');
    // The path a query names finds it where it is now.
    const search = await t.services.search.run({
      query: '* | "10.0.0.9" as ip | lookup owner from path://"/Library/Users/test/Old lookups/Owners" on ip=ip | count',
      from: 0,
      to: 1000,
    });
    expect(search.rows).toEqual([{ _count: 0 }]);

    expect((await call('DELETE', `/api/v2/content/${archive}/delete`)).status).toBe(200);
    expect((await call('GET', `/api/v1/lookupTables/${entry.id}`)).status).toBe(404);
  });

  it('exports a table made with the Lookup Tables API with its definition', async () => {
    const created = await call('POST', '/api/v1/lookupTables', {
      name: 'Risky',
      fields: [
        { fieldName: 'domain', fieldType: 'string' },
        { fieldName: 'score', fieldType: 'int' },
      ],
      primaryKeys: ['domain'],
      parentFolderId: personal.id,
    });
    expect(created.status).toBe(200);
    expect(await exportOf(created.body.id)).toEqual({
      type: 'LookupTableSyncDefinition',
      name: 'Risky',
      description: '',
      fields: [
        { fieldName: 'domain', fieldType: 'string' },
        { fieldName: 'score', fieldType: 'int' },
      ],
      primaryKeys: ['domain'],
      ttl: 0,
      sizeLimitAction: 'StopIncomingMessages',
    });
  });

  it('reports a job from before a restart as Failed, and a malformed or mismatched job id as not found', async () => {
    const before = (await call('POST', `/api/v2/content/${personal.id}/export`)).body;
    // A restart builds the services anew on the same store: the job's status is gone, the library is not.
    const restarted = createContentService({ store: t.store, clock: t.clock });
    expect(restarted.exportStatus(personal.id, before.id)).toMatchObject({ status: 'Failed', error: { code: 'content.job.lost' } });
    expect((await restarted.pathOf(personal.id)).path).toBe('/Library/Users/test');
    expect((await call('GET', `/api/v2/content/${personal.id}/export/whatever/status`)).status).toBe(404);
    const job = (await call('POST', `/api/v2/content/${personal.id}/export`)).body;
    expect((await call('GET', `/api/v2/content/${personal.id}/delete/${job.id}/status`)).status).toBe(404);
    expect((await call('GET', `/api/v2/content/OTHER/export/${job.id}/result`)).status).toBe(404);
  });
});
