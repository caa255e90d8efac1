import { afterAll, describe, expect, it } from 'vitest';
import { api, killAll, startCli, tempDir, waitFor } from './processes.js';

const dirs: { remove: () => Promise<void> }[] = [];
afterAll(async () => {
  await killAll();
  for (const d of dirs) await d.remove();
});

describe('npm run demo', () => {
  it('starts the simulator, the server and a demo source, prints a working key, and stops cleanly', { timeout: 120_000 }, async () => {
    const data = await tempDir('mc2c-e2e-demo-');
    dirs.push(data);
    const demo = await startCli(['demo', '--port', '0', '--data', data.dir], {}, /^mimecast-c2c listening on (http:\/\/\S+)$/);
    const printed = await waitFor('the access key', async () => {
      const out = demo.stdout();
      const id = /access id:\s+(\S+)/.exec(out)?.[1];
      const key = /access key:\s+(\S+)/.exec(out)?.[1];
      return id && key ? { id, key } : undefined;
    });
    expect(demo.stdout()).toContain('DEMO MODE');
    const auth = `Basic ${Buffer.from(`${printed.id}:${printed.key}`).toString('base64')}`;
    const collectors = await api<{ collectors: { id: string; name: string }[] }>(demo.url, auth, 'GET', '/api/v1/collectors');
    expect(collectors.body.collectors.map((c) => c.name)).toEqual(['Demo']);
    const cid = collectors.body.collectors[0].id;
    const source = await waitFor('the demo source to collect', async () => {
      const res = await api<{
        sources: {
          config: { name: string; category: string };
          state: { state: string };
          collection: Record<string, { messages: number }>;
        }[];
      }>(demo.url, auth, 'GET', `/api/v1/collectors/${cid}/sources`);
      const s = res.body.sources[0];
      return s && s.state.state === 'Collecting' && s.collection.dlp.messages > 0 ? s : undefined;
    });
    expect(source.config).toMatchObject({ name: 'Mimecast Demo', category: 'Mimecast' });
    const personal = await api<{ children: { id: string; name: string; itemType: string }[] }>(
      demo.url,
      auth,
      'GET',
      '/api/v2/content/folders/personal',
    );
    const app = personal.body.children.find((c) => c.name === 'Mimecast');
    expect(app?.itemType).toBe('Folder');
    const dashboards = await api<{ children: { name: string; itemType: string }[] }>(
      demo.url,
      auth,
      'GET',
      `/api/v2/content/folders/${app?.id}`,
    );
    expect(dashboards.body.children.map((c) => c.name).sort()).toEqual([
      'Mimecast - Email Activity Summary',
      'Mimecast - Overview',
      'Mimecast - Target Threat Protection',
    ]);
    const current = personal.body.children.find((c) => c.name === 'Mimecast (current)');
    const currentDashboards = await api<{ children: { name: string }[] }>(demo.url, auth, 'GET', `/api/v2/content/folders/${current?.id}`);
    expect(currentDashboards.body.children).toHaveLength(6);
    // The apps brought the detection pack: one folder of monitors, evaluated like any others.
    const root = await api<{ children: { id: string; name: string }[] }>(demo.url, auth, 'GET', '/api/v1/monitors/root');
    const pack = root.body.children.filter((c) => c.name === 'Mimecast Detections');
    expect(pack).toHaveLength(1);
    const monitors = await api<{ children: ({ id: string; name: string } & Record<string, unknown>)[] }>(
      demo.url,
      auth,
      'GET',
      `/api/v1/monitors/${pack[0].id}`,
    );
    expect(monitors.body.children).toHaveLength(12);
    // They were first evaluated at the install, before any data; a change evaluates a monitor at once. Each
    // is saved looking back 24 hours (the demo's backfill), since what the simulator draws in the last 15
    // minutes varies from run to run: the pack is evaluated over the collected simulator data now.
    for (const { id, triggers, ...definition } of monitors.body.children) {
      const dayLong = (triggers as Record<string, unknown>[]).map((t) => ({ ...t, timeRange: '-24h' }));
      expect((await api(demo.url, auth, 'PUT', `/api/v1/monitors/${id}`, { ...definition, triggers: dayLong })).status).toBe(200);
    }
    const names = new Map(monitors.body.children.map((m) => [m.id, m.name]));
    await waitFor('a detection of the pack to alert on the simulator data', async () => {
      const alerts = await api<{ data: { monitorId: string; triggerType: string }[] }>(demo.url, auth, 'GET', '/api/v1/alerts?limit=1000');
      const detections = alerts.body.data.filter((a) => names.has(a.monitorId) && a.triggerType !== 'MissingData');
      return detections.length > 0 ? detections : undefined;
    });
    demo.process.kill('SIGINT');
    expect((await demo.exited).code).toBe(0);
  });
});
