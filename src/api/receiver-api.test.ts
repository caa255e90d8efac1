import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimecastRuntime } from '../collector/mimecast-runtime.js';
import { createSimulatorSource } from '../collector/test-sim-runtime.js';
import { systemClock } from '../core/clock.js';
import { createLogger, type Logger, silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import { PUSH_MAX_BODY_BYTES, PUSH_MAX_EVENTS, PUSH_RECEIVER_PATH, type PushFormat } from '../model/push.js';
import type { SourceRecord } from '../model/source.js';
import { type RunningSimulator, startSimulator } from '../simulator/index.js';
import { createTestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { startTestApi, type TestApi } from './test-helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

const MINUTE = 60_000;

interface Harness {
  api: TestApi;
  sim: RunningSimulator;
  source: SourceRecord;
  /** The server's own address, listening on loopback. */
  base: string;
}

async function start(options: { storeFaults?: { afterMessagesInsert: () => void }; db?: string; logger?: Logger } = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 11, siemPerHour: 900 });
  cleanups.push(() => sim.close());
  const api = await startTestApi({ clock: systemClock, ...options });
  cleanups.push(() => api.close());
  const base = await api.app.listen({ port: 0, host: '127.0.0.1' });
  const source = await createSimulatorSource(api.store, {
    dataCollection: ['siem'],
    startTime: '-1h',
    fields: { _siemForward: true },
  });
  return { api, sim, source, base };
}

async function enable(h: Harness): Promise<{ path: string; token: string; messages: number; lastPushAt: string | null }> {
  const res = await h.api.app.inject({
    method: 'POST',
    url: `/api/v1/collectors/${h.source.collectorId}/sources/${h.source.id}/push`,
    headers: { authorization: h.api.auth },
  });
  expect(res.statusCode).toBe(200);
  return res.json().receiver;
}

/** Asks the simulator to push the SIEM events of [from, to) to the receiver, as Mimecast's Event Push would. */
async function simPush(h: Harness, body: { url: string; format: PushFormat; from: number; to: number; authorization?: string }) {
  const res = await fetch(`${h.sim.url}/__admin/push`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as { events: number; sent: number; requests: number; statuses: number[] };
}

async function stored(h: Harness, from = 0, to = Number.MAX_SAFE_INTEGER): Promise<{ n: number; keys: number }> {
  const [a, b, c] = h.api.store.dialect === 'duckdb' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
  const [row] = await h.api.store.query(
    `SELECT count(*)::INTEGER AS n, count(DISTINCT dedupe_key)::INTEGER AS keys FROM messages WHERE source_id = ${a} AND messagetime >= ${b} AND messagetime < ${c}`,
    [h.source.id, from, to],
  );
  return { n: Number(row?.n), keys: Number(row?.keys) };
}

const post = (h: Harness, path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.base}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** One stream-shaped SIEM event, as a test writes one by hand. */
function siemEvent(n: number): Record<string, unknown> {
  return { processingId: `p-${n}`, aggregateId: `a-${n}`, timestamp: Date.now() - 5 * MINUTE, eventType: 'receipt', subType: null };
}

describe('the Event Push receiver', () => {
  it('stores each of the three payloads once, through the pipeline, and a pull of the same window adds no duplicate', async () => {
    const h = await start();
    const receiver = await enable(h);
    const now = Date.now();
    const windows: Record<PushFormat, [number, number]> = {
      hec: [now - 50 * MINUTE, now - 40 * MINUTE],
      ndjson: [now - 35 * MINUTE, now - 25 * MINUTE],
      webhook: [now - 20 * MINUTE, now - 18 * MINUTE],
    };
    // The three ways to carry the token: HEC's Splunk header, the path, a Bearer header.
    const targets: Record<PushFormat, { url: string; authorization?: string }> = {
      hec: { url: `${h.base}${PUSH_RECEIVER_PATH}`, authorization: `Splunk ${receiver.token}` },
      ndjson: { url: `${h.base}${receiver.path}` },
      webhook: { url: `${h.base}${PUSH_RECEIVER_PATH}`, authorization: `Bearer ${receiver.token}` },
    };
    const pushed: Record<string, number> = {};
    for (const format of ['hec', 'ndjson', 'webhook'] as const) {
      const [from, to] = windows[format];
      const result = await simPush(h, { ...targets[format], format, from, to });
      expect(result.events).toBeGreaterThan(0);
      expect(result.statuses.every((s) => s === 200)).toBe(true);
      expect(result.sent).toBe(result.events);
      expect(await stored(h, from, to)).toEqual({ n: result.events, keys: result.events });
      pushed[format] = result.events;
    }
    const total = pushed.hec + pushed.ndjson + pushed.webhook;

    // A retried push stores nothing twice.
    const again = await simPush(h, { ...targets.hec, format: 'hec', from: windows.hec[0], to: windows.hec[1] });
    expect(again.statuses.every((s) => s === 200)).toBe(true);
    expect(await stored(h)).toEqual({ n: total, keys: total });

    // The messages are the pipeline's: metadata, `_siemEventID`, the SIEM data type.
    const [one] = await h.api.store.query('SELECT source_name, source, fields, raw FROM messages WHERE source_id = ? LIMIT 1', [
      h.source.id,
    ]);
    expect(one?.source_name).toBe('siem');
    expect(one?.source).toBe(h.source.config.name);
    expect(JSON.parse(String(one?.fields))).toMatchObject({ _siemVendor: 'Mimecast', _siemEventID: expect.any(String) });
    expect(JSON.parse(String(one?.raw))).toHaveProperty('processingId');

    // The source's receiver counts the pushes; the metrics tell push from pull.
    const after = (
      await h.api.app.inject({
        method: 'GET',
        url: `/api/v1/collectors/${h.source.collectorId}/sources/${h.source.id}/push`,
        headers: { authorization: h.api.auth },
      })
    ).json().receiver;
    expect(after.messages).toBe(total);
    expect(after.lastPushAt).not.toBeNull();
    // The source's own collection stats count them too (the Collection page's Messages); no poll happened.
    const source = (
      await h.api.app.inject({
        method: 'GET',
        url: `/api/v1/collectors/${h.source.collectorId}/sources/${h.source.id}`,
        headers: { authorization: h.api.auth },
      })
    ).json().source;
    expect(source.collection.siem).toMatchObject({ messages: total, lastPollAt: null, lastMessageTime: expect.any(String) });
    // The source's view (the Collection list's) carries the receiver's counts, never its token.
    const listed = (
      await h.api.app.inject({
        method: 'GET',
        url: `/api/v1/collectors/${h.source.collectorId}/sources`,
        headers: { authorization: h.api.auth },
      })
    ).json().sources;
    for (const view of [source, listed[0]]) expect(view.push).toEqual({ messages: total, lastPushAt: after.lastPushAt });
    expect(JSON.stringify(listed)).not.toContain(receiver.token);
    const metrics = (await h.api.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: h.api.auth } })).body;
    expect(metrics).toContain(`mc2c_collected_messages_total{source_id="${h.source.id}",data_type="siem",delivery="push"} ${total}`);

    // Now the collector pulls the last hour, which holds every pushed window.
    const runtime = createMimecastRuntime({
      store: h.api.store,
      clock: systemClock,
      logger: silentLogger,
      mimecastBaseUrl: h.sim.url,
      tickMs: 200,
      retry: { baseDelayMs: 20, maxDelayMs: 100 },
    });
    cleanups.push(() => runtime.stop());
    const began = Date.now();
    await runtime.start();
    await until(async () => ((await h.api.store.checkpoints.stats(h.source.id)).siem?.lastPollAt ?? 0) >= began || undefined, 'a poll');
    await runtime.stop();
    for (const format of ['hec', 'ndjson', 'webhook'] as const) {
      expect(await stored(h, ...windows[format])).toEqual({ n: pushed[format], keys: pushed[format] });
    }
    const all = await stored(h);
    expect(all.n).toBe(all.keys);
    expect(all.n).toBeGreaterThan(total);
    // Pushed and pulled, each message is counted once.
    expect((await h.api.store.checkpoints.stats(h.source.id)).siem?.messages).toBe(all.n);
  });

  it('answers 401 with no detail to a missing, unknown, regenerated or removed token, and throttles failed attempts', async () => {
    const h = await start();
    const first = await enable(h);
    const event = JSON.stringify(siemEvent(1));
    expect((await post(h, first.path, event)).status).toBe(200);

    const refused = async (res: Response) => {
      expect(res.status).toBe(401);
      const body = await res.json();
      expect(body).toMatchObject({ code: 'unauthorized', message: 'Unauthorized' });
      expect(body).not.toHaveProperty('details');
    };
    await refused(await post(h, PUSH_RECEIVER_PATH, event));
    await refused(await post(h, PUSH_RECEIVER_PATH, event, { authorization: 'Bearer nope' }));
    // An access key is no push token.
    await refused(await post(h, PUSH_RECEIVER_PATH, event, { authorization: h.api.auth }));

    const second = await enable(h);
    expect(second.token).not.toBe(first.token);
    expect(second.messages).toBe(0);
    await refused(await post(h, first.path, event));
    expect((await post(h, second.path, JSON.stringify(siemEvent(2)))).status).toBe(200);

    const removed = await h.api.app.inject({
      method: 'DELETE',
      url: `/api/v1/collectors/${h.source.collectorId}/sources/${h.source.id}/push`,
      headers: { authorization: h.api.auth },
    });
    expect(removed.statusCode).toBe(200);
    await refused(await post(h, second.path, event));
    // That was the fifth failure from this address in the window: now even a good-looking try waits.
    const throttled = await post(h, `${PUSH_RECEIVER_PATH}/${second.token}`, event);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await stored(h)).toEqual({ n: 2, keys: 2 });
  });

  it('refuses bad bodies with 400 or 413, stores none of them and logs no token', async () => {
    const log = new PassThrough();
    let logged = '';
    log.on('data', (chunk: Buffer) => {
      logged += chunk.toString('utf8');
    });
    const h = await start({ logger: createLogger({ level: 'info', stream: log }) });
    const { path, token } = await enable(h);
    const error = async (res: Response, status: number) => {
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(JSON.stringify(body)).not.toMatch(/at \w+ \(|node_modules|SELECT|INSERT/);
      return body;
    };
    expect(await error(await post(h, path, ''), 400)).toMatchObject({ code: 'push.invalid', message: 'body: is empty' });
    expect(await error(await post(h, path, '[{"event": {"a": 1},]'), 400)).toMatchObject({
      code: 'push.invalid',
      details: { line: 1, column: 21 },
    });
    const ndjson = `${JSON.stringify({ event: siemEvent(1) })}\n{"event": {"processingId": "x", }}\n`;
    expect(await error(await post(h, path, ndjson, { 'content-type': 'application/x-www-form-urlencoded' }), 400)).toMatchObject({
      code: 'push.invalid',
      details: { line: 2, column: 33 },
    });
    const unknown = JSON.stringify([{ event: siemEvent(1) }, { event: { hello: 'world' } }]);
    expect(await error(await post(h, path, unknown), 400)).toMatchObject({ code: 'push.invalid', details: { index: 1 } });
    const many = JSON.stringify(Array.from({ length: PUSH_MAX_EVENTS + 1 }, (_, i) => ({ event: siemEvent(i) })));
    expect(await error(await post(h, path, many), 413)).toMatchObject({ code: 'push.tooLarge' });
    const huge = `[${'"x",'.repeat(PUSH_MAX_BODY_BYTES / 4)}"x"]`;
    expect(await error(await post(h, path, huge), 413)).toMatchObject({ code: 'push.tooLarge' });
    expect(await stored(h)).toEqual({ n: 0, keys: 0 });
    expect(logged).toContain(`${PUSH_RECEIVER_PATH}/:token`);
    expect(logged).not.toContain(token);
  });

  it('answers 503 with Retry-After when the store fails, stores nothing of that push, and takes its retry once', async () => {
    let fail = false;
    const h = await start({
      storeFaults: {
        afterMessagesInsert: () => {
          if (fail) throw new Error('disk full (injected)');
        },
      },
    });
    const { path } = await enable(h);
    const body = [1, 2, 3].map((n) => JSON.stringify({ event: siemEvent(n) })).join('\n');
    fail = true;
    const failed = await post(h, path, body);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await failed.json()).toMatchObject({ code: 'push.unavailable' });
    expect(await stored(h)).toEqual({ n: 0, keys: 0 });
    fail = false;
    const retried = await post(h, path, body);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toEqual({ text: 'Success', code: 0, inserted: 3, duplicates: 0 });
    expect(await (await post(h, path, body)).json()).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(await stored(h)).toEqual({ n: 3, keys: 3 });
  });

  it('shows the receiver URL on the public URL, path prefix kept, and a 404 for a source without one', async () => {
    const api = await startTestApi({ config: { publicUrl: 'https://mc2c.example.org/c2c' } });
    cleanups.push(() => api.close());
    const source = await createSimulatorSource(api.store, { dataCollection: ['siem'] });
    const url = `/api/v1/collectors/${source.collectorId}/sources/${source.id}/push`;
    const none = await api.app.inject({ method: 'GET', url, headers: { authorization: api.auth } });
    expect(none.statusCode).toBe(404);
    const made = (await api.app.inject({ method: 'POST', url, headers: { authorization: api.auth } })).json().receiver;
    expect(made.url).toBe(`https://mc2c.example.org/c2c${PUSH_RECEIVER_PATH}/${made.token}`);
    expect(made.path).toBe(`${PUSH_RECEIVER_PATH}/${made.token}`);
    expect((await api.app.inject({ method: 'POST', url })).statusCode).toBe(401);
  });

  it('on PostgreSQL too: pushes in each format and their retries are stored once, and counted on the receiver', async () => {
    const db = await createTestDatabase(testDatabaseUrl());
    cleanups.push(() => db.drop());
    const h = await start({ db: db.url });
    const receiver = await enable(h);
    const now = Date.now();
    let total = 0;
    for (const [i, format] of (['hec', 'ndjson', 'webhook'] as const).entries()) {
      const window = { from: now - (50 - i * 15) * MINUTE, to: now - (45 - i * 15) * MINUTE };
      const first = await simPush(h, { url: `${h.base}${receiver.path}`, format, ...window });
      const retry = await simPush(h, { url: `${h.base}${receiver.path}`, format, ...window });
      expect([...first.statuses, ...retry.statuses].every((s) => s === 200)).toBe(true);
      expect(await stored(h, window.from, window.to)).toEqual({ n: first.events, keys: first.events });
      total += first.events;
    }
    expect(total).toBeGreaterThan(0);
    expect((await h.api.store.pushReceivers.get(h.source.id))?.messages).toBe(total);
  });
});
