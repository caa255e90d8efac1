import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test-helpers.js';

let t: TestApi;
let personal: string;
beforeAll(async () => {
  t = await startTestApi();
  personal = (await call('GET', '/api/v2/content/folders/personal')).body.id;
});
afterAll(async () => t?.close());

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) {
  const response = await t.app.inject({
    method,
    url,
    headers: { authorization: t.auth, ...headers },
    payload: payload as Record<string, unknown> | undefined,
  });
  return {
    status: response.statusCode,
    body: response.body ? response.json() : undefined,
    etag: response.headers.etag as string | undefined,
  };
}

/** JSON text as Terraform's jsonencode writes it: keys sorted, no spaces (the literals above are sorted). */
const jsonencode = (value: unknown) => JSON.stringify(value);

/** A dashboard as Sumo's API takes it: `visualSettings` and each layout `structure` are JSON in a string. */
function sumoDashboard(title: string, extra: Record<string, unknown> = {}) {
  return {
    title,
    description: 'made by a client',
    theme: 'Light',
    topologyLabelMap: { data: {} },
    refreshInterval: 0,
    timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-24h' }, to: null },
    panels: [
      {
        key: 'panelA',
        title: 'Messages by direction',
        panelType: 'SumoSearchPanel',
        visualSettings: '{"general":{"type":"column"}}',
        queries: [{ queryKey: 'A', queryString: '_sourceCategory=Mimecast | count by direction', queryType: 'Logs' }],
      },
      {
        key: 'panelB',
        title: 'Broken',
        panelType: 'SumoSearchPanel',
        visualSettings: { general: { type: 'sankey' } },
        queries: [{ queryKey: 'A', queryString: '_sourceCategory=Mimecast | count by', queryType: 'Logs' }],
        timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-1h' }, to: null },
        panelFilters: [{ name: 'direction', value: 'inbound' }],
      },
    ],
    layout: { layoutType: 'Grid', layoutStructures: [{ key: 'panelA', structure: '{"height":6,"width":12,"x":0,"y":0}' }] },
    variables: [],
    ...extra,
  };
}

describe('Dashboard Management API', () => {
  it('creates a dashboard from Sumo-shaped JSON in the personal folder, keeping what the UI cannot draw', async () => {
    const created = await call('POST', '/api/v2/dashboards', sumoDashboard('Made by API'));
    expect(created.status).toBe(200);
    expect(created.etag).toMatch(/^"[0-9a-f]{32}"$/);
    const d = created.body;
    expect(d).toMatchObject({ title: 'Made by API', folderId: personal, timeRange: { from: { relativeTime: '-24h' } } });
    // As Sumo answers: visual settings and each cell as JSON text, and Sumo's defaults for what was not sent.
    expect(d.panels[0].visualSettings).toBe('{"general":{"type":"column"}}');
    expect(d.panels[1]).toMatchObject({
      visualSettings: '{"general":{"type":"sankey"}}',
      description: '',
      keepVisualSettingsConsistentWithParent: true,
      queries: [{ queryString: '_sourceCategory=Mimecast | count by' }],
      timeRange: { from: { relativeTime: '-1h' } },
      panelFilters: [{ name: 'direction', value: 'inbound' }],
    });
    // The unplaced panel goes below the placed one.
    expect(d.layout.layoutStructures).toEqual([
      { key: 'panelA', structure: '{"height":6,"width":12,"x":0,"y":0}' },
      { key: 'panelB', structure: '{"height":8,"width":12,"x":0,"y":6}' },
    ]);
    expect(d).toMatchObject({ theme: 'Light', domain: '', topologyLabelMap: { data: {} } });

    const read = await call('GET', `/api/v2/dashboards/${d.id}`);
    expect(read).toMatchObject({ status: 200, etag: created.etag, body: d });
    const folder = await call('GET', `/api/v2/content/folders/${personal}`);
    expect(folder.body.children).toContainEqual({ id: d.id, name: 'Made by API', itemType: 'Dashboard', description: 'made by a client' });
    const list = await call('GET', '/api/v2/dashboards');
    expect(list.body.dashboards.map((x: { id: string }) => x.id)).toContain(d.id);
  });

  it("reads back what Sumo's Terraform provider (sumologic_dashboard) wrote", async () => {
    // The body as the provider's Go structs marshal it: JSON text for visual settings and cells, nulls for
    // what is not set, members left out when empty (omitempty), a text panel beside a search panel.
    const visualSettings = jsonencode({ general: { mode: 'timeSeries', type: 'area' }, series: {}, title: { fontSize: 14 } });
    const written = {
      title: 'Terraform <dashboard>',
      description: 'made by terraform',
      folderId: personal,
      topologyLabelMap: { data: { service: ['mail'] } },
      domain: 'app',
      refreshInterval: 120,
      timeRange: { type: 'BeginBoundedTimeRange', from: { type: 'RelativeTimeRangeBoundary', relativeTime: '-15m' }, to: null },
      panels: [
        {
          key: 'search1',
          title: 'Messages',
          visualSettings,
          keepVisualSettingsConsistentWithParent: false,
          panelType: 'SumoSearchPanel',
          queries: [{ queryString: '_sourceCategory=Mimecast | timeslice 1m | count by _timeslice', queryType: 'Logs', queryKey: 'A' }],
          description: 'per minute',
          timeRange: null,
          coloringRules: null,
          linkedDashboards: [{ id: 'LINKED01', relativePath: '../x', includeTimeRange: true, includeVariables: false }],
        },
        {
          key: 'text1',
          title: 'Notes',
          visualSettings: jsonencode({ text: { format: 'markdownV2' } }),
          keepVisualSettingsConsistentWithParent: true,
          panelType: 'TextPanel',
          text: '## <b>read me</b>',
        },
      ],
      layout: {
        layoutType: 'Grid',
        layoutStructures: [
          { key: 'search1', structure: jsonencode({ height: 6, width: 12, x: 0, y: 0 }) },
          { key: 'text1', structure: jsonencode({ height: 6, width: 12, x: 12, y: 0 }) },
        ],
      },
      variables: [
        {
          name: 'direction',
          defaultValue: '*',
          sourceDefinition: { variableSourceType: 'CsvVariableSourceDefinition', values: 'inbound,outbound' },
          includeAllOption: true,
        },
      ],
      theme: 'Dark',
      coloringRules: null,
    };
    const created = await call('POST', '/api/v2/dashboards', written);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const read = (await call('GET', `/api/v2/dashboards/${created.body.id}`)).body;
    expect(read).toMatchObject({
      title: written.title,
      description: written.description,
      folderId: personal,
      topologyLabelMap: written.topologyLabelMap,
      domain: 'app',
      refreshInterval: 120,
      theme: 'Dark',
      timeRange: { from: { relativeTime: '-15m' } },
      layout: written.layout,
    });
    expect(read.panels).toEqual(
      [
        { ...written.panels[0], timeRange: undefined, coloringRules: undefined },
        { ...written.panels[1], queries: [], description: '' },
      ].map((p) => JSON.parse(JSON.stringify(p))),
    );
    expect(read.variables).toEqual([{ ...written.variables[0], displayName: '', allowMultiSelect: false }]);
    // What it reads it can write back unchanged (terraform apply with no change).
    const again = await call('PUT', `/api/v2/dashboards/${read.id}`, read, { 'if-match': created.etag as string });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(read);
  });

  it('answers visualSettings text exactly as sent, keeps coloringRules, and writes settings sent as an object as jsonencode would', async () => {
    // As a hand-written client or Sumo's UI sends it: spaces and keys in its own order, members we do not draw.
    const text = '{"general": {"type": "column", "mode": "distribution"}, "color": {"family": "Categorical Default"}, "series": {}}';
    const coloringRules = [
      {
        scope: 'count',
        singleSeriesAggregateFunction: 'Latest',
        multipleSeriesAggregateFunction: 'Latest',
        colorThresholds: [{ color: '#BF2121', min: 10 }],
      },
    ];
    const body = sumoDashboard('Coloured', { coloringRules: [{ scope: 'all', colorThresholds: [] }] });
    const [first, ...others] = body.panels;
    const created = await call('POST', '/api/v2/dashboards', {
      ...body,
      panels: [{ ...first, visualSettings: text, coloringRules }, ...others],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const read = (await call('GET', `/api/v2/dashboards/${created.body.id}`)).body;
    expect(read.panels[0]).toMatchObject({ visualSettings: text, coloringRules });
    expect(read.coloringRules).toEqual([{ scope: 'all', colorThresholds: [] }]);
    expect(read.panels[1].visualSettings).toBe('{"general":{"type":"sankey"}}');
    expect(read.panels[0]).not.toHaveProperty('visualSettingsText');
    // A client cannot make its own text stand for settings it did not send.
    const forged = { ...read, panels: [{ ...read.panels[1], visualSettings: { general: { type: 'pie' } }, visualSettingsText: text }] };
    forged.layout = { layoutType: 'Grid', layoutStructures: [] };
    const saved = await call('PUT', `/api/v2/dashboards/${read.id}`, forged, { 'if-match': created.etag as string });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.panels[0].visualSettings).toBe('{"general":{"type":"pie"}}');
  });

  it('saves with If-Match and refuses a stale save with 412, leaving the other save in place', async () => {
    const { body: d, etag } = await call('POST', '/api/v2/dashboards', sumoDashboard('Edited twice'));
    const first = await call('PUT', `/api/v2/dashboards/${d.id}`, { ...d, title: 'Edited once' }, { 'if-match': etag as string });
    expect(first.status).toBe(200);
    expect(first.etag).not.toBe(etag);
    const stale = await call('PUT', `/api/v2/dashboards/${d.id}`, { ...d, description: 'mine' }, { 'if-match': etag as string });
    expect(stale).toMatchObject({ status: 412, body: { code: 'precondition.failed' } });
    expect((await call('GET', `/api/v2/dashboards/${d.id}`)).body).toMatchObject({ title: 'Edited once', description: 'made by a client' });
    // Sumo's own clients send no If-Match: the save applies.
    const blind = await call('PUT', `/api/v2/dashboards/${d.id}`, { ...first.body, description: 'theirs', folderId: 'ELSEWHERE' });
    expect(blind.status).toBe(200);
    expect(blind.body).toMatchObject({ description: 'theirs', folderId: personal, id: d.id });
  });

  it('lets one of two saves made from the same read win', async () => {
    const { body: d, etag } = await call('POST', '/api/v2/dashboards', sumoDashboard('Raced'));
    const saves = await Promise.all(
      ['first', 'second'].map((description) =>
        call('PUT', `/api/v2/dashboards/${d.id}`, { ...d, description }, { 'if-match': etag as string }),
      ),
    );
    expect(saves.map((s) => s.status).sort()).toEqual([200, 412]);
    const winner = saves.find((s) => s.status === 200)?.body.description;
    expect((await call('GET', `/api/v2/dashboards/${d.id}`)).body.description).toBe(winner);
  });

  it('refuses what would break the dashboard, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { layout: { layoutType: 'Grid', layoutStructures: [{ key: 'nope', structure: { x: 0, y: 0, width: 1, height: 1 } }] } },
        /^layout\.layoutStructures\[0\]\.key: /,
      ],
      [
        { layout: { layoutType: 'Grid', layoutStructures: [{ key: 'panelA', structure: { x: 20, y: 0, width: 8, height: 1 } }] } },
        /x \+ width/,
      ],
      [
        { layout: { layoutType: 'Grid', layoutStructures: [{ key: 'panelA', structure: '{"x":' }] } },
        /^layout\.layoutStructures\[0\]\.structure: /,
      ],
      [{ folderId: 'NOPE' }, /^folderId: /],
      [{ title: '' }, /^title: /],
      [{ panels: [{ ...sumoDashboard('x').panels[0], visualSettings: 'not json' }] }, /^panels\[0\]\.visualSettings: /],
      [{ panels: [sumoDashboard('x').panels[0], sumoDashboard('x').panels[0]], layout: undefined }, /^panels\[1\]\.key: /],
      [
        { panels: [{ ...sumoDashboard('x').panels[1], panelFilters: [{ name: 'a b', value: '' }] }] },
        /^panels\[0\]\.panelFilters\[0\]\.name: /,
      ],
    ];
    for (const [change, message] of cases) {
      const answer = await call('POST', '/api/v2/dashboards', { ...sumoDashboard('Refused'), ...change });
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body.message).toMatch(message);
    }
    await call('POST', '/api/v2/dashboards', sumoDashboard('Taken'));
    expect((await call('POST', '/api/v2/dashboards', sumoDashboard('taken'))).body.code).toBe('DuplicateResourceName');
  });

  it('answers hostile bodies with a 4xx and keeps odd text as inert text', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const hostile: unknown[] = [
      'not an object',
      [],
      { ...sumoDashboard('Deep'), panels: [{ ...sumoDashboard('x').panels[0], visualSettings: deep }] },
      { ...sumoDashboard('Wide'), panels: Array.from({ length: 101 }, (_, i) => ({ ...sumoDashboard('x').panels[0], key: `k${i}` })) },
      { ...sumoDashboard('Long'), panels: [{ ...sumoDashboard('x').panels[0], title: 'x'.repeat(256) }] },
      { ...sumoDashboard('Type'), panels: 'many' },
      {
        ...sumoDashboard('Layout'),
        layout: { layoutType: 'Grid', layoutStructures: [{ key: 'panelA', structure: { x: 0, y: 0, width: 0, height: 1 } }] },
      },
    ];
    for (const body of hostile) {
      const answer = await call('POST', '/api/v2/dashboards', body);
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const odd = await call('POST', '/api/v2/dashboards', {
      ...sumoDashboard('<script>alert(1)</script> {{x}} $$logsrc'),
      panels: [{ ...sumoDashboard('x').panels[0], title: '<img src=x onerror=alert(1)> {{ $$' }],
    });
    expect(odd.status).toBe(200);
    expect(odd.body.title).toBe('<script>alert(1)</script> {{x}} $$logsrc');
    expect(odd.body.panels[0].title).toBe('<img src=x onerror=alert(1)> {{ $$');
  });

  it('deletes a dashboard, checking If-Match when sent', async () => {
    const { body: d, etag } = await call('POST', '/api/v2/dashboards', sumoDashboard('Short-lived'));
    expect((await call('DELETE', `/api/v2/dashboards/${d.id}`, undefined, { 'if-match': '"stale"' })).status).toBe(412);
    expect((await call('DELETE', `/api/v2/dashboards/${d.id}`, undefined, { 'if-match': etag as string })).status).toBe(204);
    expect((await call('GET', `/api/v2/dashboards/${d.id}`)).status).toBe(404);
    expect((await call('DELETE', `/api/v2/dashboards/${d.id}`)).status).toBe(404);
    expect((await call('PUT', `/api/v2/dashboards/${personal}`, sumoDashboard('Folder'))).status).toBe(404);
  });

  it('pages the list with limit and token', async () => {
    const all = (await call('GET', '/api/v2/dashboards')).body.dashboards;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const first = await call('GET', '/api/v2/dashboards?limit=2');
    expect(first.body.dashboards).toEqual(all.slice(0, 2));
    const second = await call('GET', `/api/v2/dashboards?limit=2&token=${first.body.next}`);
    expect(second.body.dashboards).toEqual(all.slice(2, 4));
    expect((await call('GET', '/api/v2/dashboards?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/v2/dashboards?token=x')).status).toBe(400);
  });
});
