import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../cli/config.js';
import { type RunningServer, startServer } from '../cli/serve.js';
import { silentLogger } from '../core/logger.js';
import { MAIN_INDEX } from '../model/message.js';
import { type RunningSimulator, startSimulator } from '../simulator/index.js';
import { basic, makeSourceBody } from './test-helpers.js';

/** One sample of the Prometheus text format: the value of `name` whose labels include `labels`, summed. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

let dir: string;
let sim: RunningSimulator;
let server: RunningServer;
let auth: string;

beforeAll(async () => {
  // A tight rate limit shared by two sources of one credential (each with its own limiter), so collecting
  // meets 429s and retries them.
  sim = await startSimulator({ port: 0, seed: 5, siemPerHour: 600, faults: { rateLimitRequests: 2, rateLimitWindowMs: 400 } });
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-metrics-'));
  const config = loadServerConfig({ port: '0', data: dir }, { MC2C_SECRET_KEY: 'metrics-test', MIMECAST_BASE_URL: sim.url });
  server = await startServer(config, { logger: silentLogger });
  const key = await server.store.accessKeys.create('metrics');
  auth = basic(key.accessId, key.accessKey);
});

afterAll(async () => {
  await server?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

async function api(method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('GET /metrics', () => {
  it('needs the API credentials', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('mc2c_');
  });

  it('counts what collecting from the simulator did', async () => {
    const collector = JSON.parse((await api('POST', '/api/v1/collectors', { collector: { collectorType: 'Hosted', name: 'C' } })).text);
    const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
    // A 30 s interval: once caught up, nothing is in flight while the counts are compared.
    // Before the first source exists: it may finish its first pass while the second one is created.
    const began = Date.now();
    const sourceIds: string[] = [];
    for (const name of ['A', 'B']) {
      const body = makeSourceBody({ name, dataCollection: ['siem', 'auditEvent'], startTime: from, pollingIntervalSec: 30 });
      const created = await api('POST', `/api/v1/collectors/${collector.collector.id}/sources`, body);
      expect(created.status).toBe(200);
      sourceIds.push(JSON.parse(created.text).source.id);
    }
    const caughtUp = async (id: string) => {
      const stats = await server.store.checkpoints.stats(id);
      return (['siem', 'auditEvent'] as const).every((t) => (stats[t]?.lastPollAt ?? 0) >= began);
    };
    for (let i = 0; !(await caughtUp(sourceIds[0])) || !(await caughtUp(sourceIds[1])); i++) {
      if (i > 1200) throw new Error('collection did not catch up');
      await new Promise((r) => setTimeout(r, 50));
    }
    await server.runtime.stop();
    const [sourceId] = sourceIds;

    const response = await api('GET', '/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.text;
    const stats = await server.store.checkpoints.stats(sourceId);
    expect(stats.siem?.messages).toBeGreaterThan(0);
    for (const dataType of ['siem', 'auditEvent'] as const) {
      const lastMessageTime = Math.max(
        ...(await Promise.all(sourceIds.map(async (id) => (await server.store.checkpoints.stats(id))[dataType]?.lastMessageTime ?? 0))),
      );
      expect(sample(text, 'mc2c_collected_messages_total', { source_id: sourceId, data_type: dataType })).toBe(stats[dataType]?.messages);
      expect(sample(text, 'mc2c_batch_store_duration_seconds_count', { data_type: dataType })).toBeGreaterThan(0);
      const lag = sample(text, 'mc2c_collection_lag_seconds', { data_type: dataType });
      expect(lag).toBeCloseTo((Date.now() - lastMessageTime) / 1000, -1);
    }
    // Every answer the simulator gave is counted under its status, 429s also on their own, each retried.
    const served = sim.stats();
    expect(served.rateLimited).toBeGreaterThan(0);
    for (const [status, n] of Object.entries(served.statuses))
      expect(sample(text, 'mc2c_mimecast_requests_total', { status }), status).toBe(n);
    expect(sample(text, 'mc2c_mimecast_rate_limited_total')).toBe(served.rateLimited);
    // At most one retry per 429: a call that runs out of attempts goes to the source's own retry instead.
    expect(sample(text, 'mc2c_mimecast_retries_total', { code: 'mimecast.rateLimited' })).toBeGreaterThan(0);
    expect(sample(text, 'mc2c_mimecast_retries_total', { code: 'mimecast.rateLimited' })).toBeLessThanOrEqual(served.rateLimited);
    expect(sample(text, 'mc2c_mimecast_requests_total', { route: 'POST /oauth/token', status: '200' })).toBeGreaterThan(0);

    const main = await server.services.search.run({ query: `_index=${MAIN_INDEX} | count`, from: 0, to: Date.now() });
    expect(sample(text, 'mc2c_store_messages', { index: MAIN_INDEX })).toBe(Number(main.rows[0]._count));
    expect(sample(text, 'mc2c_store_messages', { index: MAIN_INDEX })).toBeGreaterThanOrEqual(stats.siem?.messages ?? 0);
    expect(sample(text, 'mc2c_search_jobs_running', { kind: 'job' })).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});
