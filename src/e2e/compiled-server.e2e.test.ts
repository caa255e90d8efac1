import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { api, type Child, createAccessKey, killAll, repoRoot, startCli, startSimulatorProcess, tempDir, waitFor } from './processes.js';

/**
 * What `npm run build:server` makes, run as bin/mimecast-c2c.js runs it once the build is current. Built
 * beside dist/server rather than into it, so the other tests' processes keep running from the sources, at the
 * same depth, so paths a module resolves from its own location resolve as in the real build.
 */
const OUT = path.join(repoRoot, 'dist', 'server-check');
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'compiled-server-check' };
const dirs: { remove: () => Promise<void> }[] = [];
let sim: Child;

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT], {
    cwd: repoRoot,
    stdio: 'pipe',
  });
  sim = await startSimulatorProcess(['--seed', '11', '--rate', '30']);
}, 240_000);

afterAll(async () => {
  await killAll();
  for (const d of dirs) await d.remove();
  await rm(OUT, { recursive: true, force: true });
});

type SourceJson = { state: { state: string }; collection: Record<string, { messages: number }> };

describe('the compiled server', () => {
  it('serves the API and the UI and collects from the simulator', { timeout: 120_000 }, async () => {
    const data = await tempDir('mc2c-compiled-');
    dirs.push(data);
    const dir = path.join(data.dir, 'data');
    const auth = await createAccessKey(dir, ENV);
    const entry = pathToFileURL(path.join(OUT, 'cli.js')).href;
    const launcher = [
      '--input-type=module',
      '-e',
      `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(process.argv.slice(1));`,
    ];
    const serve = await startCli(
      ['serve', '--port', '0', '--data', dir],
      { ...ENV, MIMECAST_BASE_URL: sim.url },
      /^mimecast-c2c listening on (http:\/\/\S+)$/,
      30_000,
      launcher,
    );
    const ui = await fetch(`${serve.url}/`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('<div id="root">');
    const cid = (
      await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', {
        collector: { collectorType: 'Hosted', name: 'C' },
      })
    ).body.collector.id;
    const body = makeSourceBody({ region: undefined, startTime: '-1h', pollingIntervalSec: 1, dataCollection: ['siem', 'auditEvent'] });
    const created = await api<{ source: { id: string } }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
    expect(created.status).toBe(200);
    const source = await waitFor('the compiled server to collect', async () => {
      const s = (await api<{ source: SourceJson }>(serve.url, auth, 'GET', `/api/v1/collectors/${cid}/sources/${created.body.source.id}`))
        .body.source;
      return s.state.state === 'Collecting' && s.collection.siem?.messages > 0 && s.collection.auditEvent?.messages > 0 ? s : undefined;
    });
    expect(source.collection.siem.messages).toBeGreaterThan(0);
    serve.process.kill('SIGTERM');
    expect((await serve.exited).code, serve.stderr()).toBe(0);
  });
});
