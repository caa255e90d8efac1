import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createMimecastRuntime } from '../collector/mimecast-runtime.js';
import { canTransition } from '../collector/state-machine.js';
import { watchRuntimeWrites } from '../collector/test-watched-store.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import type { CollectionView } from '../model/api-views.js';
import type { DataType } from '../model/message.js';
import type { SourceStateName } from '../model/source.js';
import { createServices } from '../services/index.js';
import { startSimulator } from '../simulator/index.js';
import type { FaultConfig } from '../simulator/options.js';
import { openStore } from '../store/open-store.js';
import { buildServer } from './server.js';
import { basic, makeSourceBody } from './test-helpers.js';

/**
 * Restart and delete through the API with a real runtime, simulator and DuckDB store: the API only stores
 * requests (generations); every state the source shows was written by the runtime's state machine. The
 * store is wrapped only to record state writes and to hold appends at a gate, so a stop can be watched.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

interface Harness {
  app: FastifyInstance;
  auth: string;
  states: SourceStateName[];
  gate: { open: Promise<void> | undefined; waiting: number };
}

async function start(faults?: Partial<FaultConfig>): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: 5, siemPerHour: 600, faults });
  cleanups.push(() => sim.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-lifecycle-'));
  const inner = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
  cleanups.push(async () => {
    await inner.close();
    await rm(dir, { recursive: true, force: true });
  });
  const gate: Harness['gate'] = { open: undefined, waiting: 0 };
  const { store, states } = watchRuntimeWrites(inner, async (_batch, write) => {
    gate.waiting++;
    await gate.open;
    gate.waiting--;
    return write();
  });
  // A lease that lapsed on a loaded machine (no tick for 30 s) would have the runtime stop the task, which waits
  // for the batch held at the gate, so no later tick would act on the delete: the lease outlives the test.
  const runtime = createMimecastRuntime({
    store,
    clock: systemClock,
    logger: silentLogger,
    mimecastBaseUrl: sim.url,
    tickMs: 200,
    leaseTtlMs: 10 * 60_000,
  });
  const services = createServices({ store, clock: systemClock, logger: silentLogger, runtime, config: { minPollSec: 30 } });
  const app = await buildServer({ store, clock: systemClock, logger: silentLogger, services, config: { apiRateLimitPerSec: 1000 } });
  cleanups.push(async () => {
    await app.close();
    await services.close();
    await runtime.stop();
  });
  await runtime.start();
  const { accessId, accessKey } = await inner.accessKeys.create('test');
  return { app, auth: basic(accessId, accessKey), states, gate };
}

/** Generous: on a loaded two-core machine the simulator and the runtime can take many seconds to get going. */
const waitFor = <T>(probe: () => Promise<T | undefined>, what: string) => until(probe, what, 1200);

async function createSource(h: Harness, dataCollection: DataType[] = ['siem', 'auditEvent']): Promise<string> {
  const collector = await h.app.inject({
    method: 'POST',
    url: '/api/v1/collectors',
    headers: { authorization: h.auth },
    payload: { collector: { name: 'C' } },
  });
  const cid = collector.json().collector.id as string;
  const source = await h.app.inject({
    method: 'POST',
    url: `/api/v1/collectors/${cid}/sources`,
    headers: { authorization: h.auth },
    payload: makeSourceBody({ startTime: '-1h', dataCollection }),
  });
  return `/api/v1/collectors/${cid}/sources/${source.json().source.id}`;
}

function view(h: Harness, url: string) {
  return h.app.inject({ method: 'GET', url, headers: { authorization: h.auth } });
}

async function collecting(h: Harness, url: string) {
  return waitFor(async () => {
    const source = (await view(h, url)).json().source;
    return source.state.state === 'Collecting' ? source : undefined;
  }, 'Collecting');
}

/** Every state written follows from the one before by the machine's rules. */
function expectMachineWalk(states: SourceStateName[]): void {
  let from: SourceStateName = 'Pending';
  for (const to of states) {
    if (to !== from) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
    from = to;
  }
}

// Real processes on a shared two-core machine: waits are generous, and nothing here measures time.
describe('source lifecycle through the API', { timeout: 120_000 }, () => {
  it('restarts a source: the generation bumps, the runtime observes it and walks Pending → … → Collecting', async () => {
    const h = await start();
    const url = await createSource(h);
    expect(await collecting(h, url)).toMatchObject({ generation: 1, observedGeneration: 1 });
    const before = h.states.length;

    const restarted = await h.app.inject({ method: 'POST', url: `${url}/action/restart`, headers: { authorization: h.auth } });
    expect(restarted.statusCode).toBe(200);
    // The runtime has acted before the answer (it went back to Pending); the task may already have moved on.
    expect(restarted.json().source).toMatchObject({ generation: 2, observedGeneration: 2 });
    expect(await collecting(h, url)).toMatchObject({ generation: 2, observedGeneration: 2 });
    expect(h.states.slice(before, before + 5)).toEqual(['Pending', 'Started', 'Initialized', 'Authenticated', 'Collecting']);
    expectMachineWalk(h.states);
  });

  it('deletes a source through the machine’s Stopping, shown while its task stops, then removes it', async () => {
    const h = await start();
    let release = () => {};
    h.gate.open = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Whatever fails below, the held batch is let go, so the runtime can stop in the cleanup.
    cleanups.push(async () => release());
    const url = await createSource(h);
    await waitFor(async () => (h.gate.waiting > 0 ? true : undefined), 'a batch held at the gate');

    const deleted = await h.app.inject({ method: 'DELETE', url, headers: { authorization: h.auth } });
    expect(deleted.statusCode).toBe(200);
    const stopping = await waitFor(async () => {
      const source = (await view(h, url)).json().source;
      return source.state.state === 'Stopping' ? source : undefined;
    }, 'Stopping');
    expect(stopping).toMatchObject({ generation: 2, observedGeneration: 2 });

    release();
    await waitFor(async () => ((await view(h, url)).statusCode === 404 ? true : undefined), 'the source removed');
    expect(h.states.at(-1)).toBe('Stopping');
    expectMachineWalk(h.states);
  });

  it('shows a forbidden data type under collection while the source collects the others, with a warning', async () => {
    const h = await start({ forbidden: ['dlp'] });
    const url = await createSource(h, ['siem', 'dlp']);
    const degraded = await waitFor(async () => {
      const source = (await view(h, url)).json().source;
      return source.collection.dlp.state === 'Error' && source.collection.siem.lastPollAt !== null ? source : undefined;
    }, 'dlp in Error while siem collects');
    expect(degraded.state).toEqual({ state: 'Collecting' });
    expect(degraded.health).toEqual({ status: 'Warning', errors: 1, warnings: 0 });
    const { siem, dlp } = degraded.collection as Record<string, CollectionView>;
    expect(siem).toMatchObject({ state: 'Collecting', error: null, nextAttemptAt: null });
    expect(siem.messages).toBeGreaterThan(0);
    expect(siem.lagSec).toEqual(expect.any(Number));
    expect(dlp).toMatchObject({ state: 'Error', messages: 0, lastPollAt: null, lagSec: null });
    expect(dlp.error).toMatchObject({ type: 'ThirdPartyConfig', code: '403', retriesUntil: null });
    expect(Date.parse(dlp.nextAttemptAt ?? '')).toBeGreaterThan(Date.now());
    const events = await h.app.inject({
      method: 'POST',
      url: '/api/v1/healthEvents/resources',
      headers: { authorization: h.auth },
      payload: { data: [{ id: degraded.id, type: 'Source' }] },
    });
    expect(events.json().data.map((e: { details: { error: string } }) => e.details.error)).toEqual([expect.stringMatching(/^dlp: 403: /)]);
  });
});
