import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSourceBody } from '../api/test-helpers.js';
import { DATA_TYPES } from '../model/message.js';
import {
  api,
  type Child,
  createAccessKey,
  killAll,
  runCli,
  startServeProcess,
  startSimulatorProcess,
  tempDir,
  waitFor,
} from './processes.js';
import { countStored, EXACT_TYPES, expectedInRange } from './stored.js';

/**
 * The whole product as a user runs it: the simulator and `serve` as real processes, the seed source JSON
 * posted over HTTP, and the stored messages counted against the simulator's own event function.
 */
const SEED = 11;
const RATE = 30;
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'e2e-secret-key' };

let sim: Child;
const dirs: { dir: string; remove: () => Promise<void> }[] = [];

beforeAll(async () => {
  sim = await startSimulatorProcess(['--seed', String(SEED), '--rate', String(RATE)]);
});

afterAll(async () => {
  await killAll();
  for (const d of dirs) await d.remove();
});

async function newDataDir(): Promise<string> {
  const d = await tempDir('mc2c-e2e-collect-');
  dirs.push(d);
  return d.dir;
}

async function simStats(): Promise<{ tokenRequests: number }> {
  return (await fetch(`${sim.url}/__admin/stats`)).json() as Promise<{ tokenRequests: number }>;
}

type SourceJson = {
  id: string;
  state: { state: string; error?: { type: string; retriesUntil: string | null } };
  collection: Record<string, { messages: number; lastPollAt: string | null }>;
};

describe('end to end', () => {
  it('collects the seed source into the store, every simulator event once', { timeout: 120_000 }, async () => {
    const dataDir = await newDataDir();
    const auth = await createAccessKey(dataDir, ENV);
    const serve = await startServeProcess(dataDir, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const from = Math.floor((Date.now() - 3 * 3_600_000) / 60_000) * 60_000;
    const collector = await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', {
      collector: { collectorType: 'Hosted', name: 'E2E' },
    });
    expect(collector.status).toBe(200);
    const cid = collector.body.collector.id;
    const body = makeSourceBody({ region: undefined, startTime: new Date(from).toISOString(), pollingIntervalSec: 1 });
    const created = await api<{ source: SourceJson }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
    expect(created.status).toBe(200);
    const sid = created.body.source.id;

    // Caught up: Collecting, and every data type has finished at least one full poll after its backfill.
    const source = await waitFor('the source to catch up', async () => {
      const res = await api<{ source: SourceJson }>(serve.url, auth, 'GET', `/api/v1/collectors/${cid}/sources/${sid}`);
      const s = res.body.source;
      const polled = Object.values(s.collection).every((c) => c.lastPollAt !== null);
      return s.state.state === 'Collecting' && polled ? s : undefined;
    });
    expect(source.collection.siem.messages).toBeGreaterThan(0);
    const cutoff = Date.now() - 3 * 60_000;

    // A second server on the same data directory stops at once with one clear line.
    const second = await runCli(['serve', '--port', '0', '--data', dataDir], { ...ENV, MIMECAST_BASE_URL: sim.url });
    expect(second.code).toBe(1);
    expect(second.stdout).toBe('');
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toMatch(/^mimecast-c2c serve: .*in use/);

    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);

    const stored = await countStored(dataDir, sid, from, cutoff);
    const expected = expectedInRange(SEED, RATE, from, cutoff);
    expect(expected.siem).toBeGreaterThan(1000);
    for (const type of EXACT_TYPES) expect(stored.inRange[type] ?? 0, type).toBe(expected[type]);
    expect(stored.total).toBe(stored.distinctKeys);
  });

  it('puts a source with wrong credentials in Error, stops asking for tokens until a PUT fixes it, then resolves', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await newDataDir();
    const auth = await createAccessKey(dataDir, ENV);
    const serve = await startServeProcess(dataDir, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const cid = (await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', { collector: { name: 'Creds' } }))
      .body.collector.id;
    const wrongSecret = 'wrong-secret-d41d8cd98f00';
    const body = makeSourceBody({ region: undefined, clientSecret: wrongSecret, startTime: '-1h', pollingIntervalSec: 1 });
    const sid = (await api<{ source: SourceJson }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body)).body.source.id;
    const url = `/api/v1/collectors/${cid}/sources/${sid}`;

    const failed = await waitFor('the source to fail', async () => {
      const s = (await api<{ source: SourceJson }>(serve.url, auth, 'GET', url)).body.source;
      return s.state.state === 'Error' ? s : undefined;
    });
    expect(failed.state.error).toMatchObject({ type: 'ThirdPartyConfig', code: '401', retriesUntil: null });
    const events = await api<{ data: { eventName: string; status: string }[] }>(serve.url, auth, 'POST', '/api/v1/healthEvents/resources', {
      data: [{ id: sid, type: 'Source' }],
    });
    expect(events.body.data.map((e) => e.eventName)).toEqual(['ThirdPartyConfigError']);

    // Several polling intervals and at least one runtime tick (5 s) pass without a single new token request.
    const before = (await simStats()).tokenRequests;
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await simStats()).tokenRequests).toBe(before);

    const current = await api<{ source: SourceJson & { config: Record<string, unknown> } }>(serve.url, auth, 'GET', url);
    const etag = current.headers.get('etag') ?? '';
    const fixed = { source: { ...current.body.source, config: { ...current.body.source.config, clientSecret: 'demo-client-secret' } } };
    const put = await api(serve.url, auth, 'PUT', url, fixed, { 'if-match': etag });
    expect(put.status).toBe(200);
    await waitFor('the source to collect', async () => {
      const s = (await api<{ source: SourceJson }>(serve.url, auth, 'GET', url)).body.source;
      return s.state.state === 'Collecting' && s.collection.siem.lastPollAt !== null ? s : undefined;
    });
    expect((await simStats()).tokenRequests).toBeGreaterThan(before);
    const open = await api<{ data: unknown[] }>(serve.url, auth, 'POST', '/api/v1/healthEvents/resources', {
      data: [{ id: sid, type: 'Source' }],
    });
    expect(open.body.data).toEqual([]);

    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    // Secrets never appear in clear: not in the server's log, not in the database file.
    for (const secret of [wrongSecret, 'demo-client-secret']) expect(serve.stderr()).not.toContain(secret);
    const dbFile = await readFile(path.join(dataDir, 'mimecast-c2c.duckdb'));
    expect(dbFile.includes(Buffer.from(wrongSecret))).toBe(false);
    expect(dbFile.includes(Buffer.from('demo-client-secret'))).toBe(false);
  });

  it('refuses bad requests over real HTTP with the documented status and body, storing nothing', { timeout: 120_000 }, async () => {
    const dataDir = await newDataDir();
    const auth = await createAccessKey(dataDir, ENV);
    const serve = await startServeProcess(dataDir, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const base = serve.url;
    const wrongKey = `Basic ${Buffer.from('nobody:nothing').toString('base64')}`;
    const ERROR_BODY = {
      status: expect.any(Number),
      id: expect.stringMatching(/^[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/),
      code: expect.any(String),
      message: expect.any(String),
    };

    expect((await fetch(`${base}/api/health`)).status).toBe(200);
    const noKey = await fetch(`${base}/api/v1/collectors`);
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ ...ERROR_BODY, status: 401, code: 'unauthorized' });
    expect((await api(base, wrongKey, 'GET', '/api/v1/collectors')).status).toBe(401);

    const badJson = await fetch(`${base}/api/v1/collectors`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: '{"collector": {',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toEqual({
      ...ERROR_BODY,
      status: 400,
      code: 'createValidationError',
      message: 'body: is not valid JSON',
      field: 'body',
      details: { rule: 'is not valid JSON' },
    });
    const wrongType = await fetch(`${base}/api/v1/collectors`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { code: string }).code).toBe('contenttype.invalid');

    const cid = (await api<{ collector: { id: string } }>(base, auth, 'POST', '/api/v1/collectors', { collector: { name: 'V' } })).body
      .collector.id;
    const invalid = await api(
      base,
      auth,
      'POST',
      `/api/v1/collectors/${cid}/sources`,
      makeSourceBody({ dataCollection: ['siem', 'dlp', 'bogus'] }),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe(`config.dataCollection[2]: must be one of ${DATA_TYPES.join(', ')}`);
    expect((await api<{ sources: unknown[] }>(base, auth, 'GET', `/api/v1/collectors/${cid}/sources`)).body.sources).toEqual([]);

    const url = `/api/v1/collectors/${cid}`;
    const current = await api<{ collector: Record<string, unknown> }>(base, auth, 'GET', url);
    const etag = current.headers.get('etag') ?? '';
    const edit = { collector: { ...current.body.collector, description: 'edited' } };
    expect((await api(base, auth, 'PUT', url, edit)).status).toBe(403);
    expect((await api(base, auth, 'PUT', url, edit, { 'if-match': '"0"' })).status).toBe(412);
    expect((await api(base, auth, 'PUT', url, edit, { 'if-match': etag })).status).toBe(200);
    const stale = await api(base, auth, 'PUT', url, edit, { 'if-match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition.failed');

    serve.process.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
  });
});
