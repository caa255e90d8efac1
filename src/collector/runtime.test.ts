import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { until } from '../core/test-until.js';
import type { DataType } from '../model/message.js';
import type { SourceStateName } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import { expectedEvents, type RunningSimulator, startSimulator } from '../simulator/index.js';
import type { FaultConfig } from '../simulator/options.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { createMimecastRuntime } from './mimecast-runtime.js';
import type { CollectorRuntime } from './runtime.js';
import { watchRuntimeWrites } from './test-watched-store.js';

/**
 * The runtime against a real simulator and a real DuckDB store. The store is wrapped only to record state
 * changes and, on demand, to fail appends the way a full disk does.
 */
const SEED = 3;
const SIEM_PER_HOUR = 600;
const DLP_PER_HOUR = 60;
const SIM_OPTIONS = { seed: SEED, siemPerHour: SIEM_PER_HOUR, dlpPerHour: DLP_PER_HOUR };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

interface Harness {
  sim: RunningSimulator;
  store: Store;
  states: SourceStateName[];
  failAppends: { on: boolean; calls: number; delayMs: number; hold: Promise<void> | undefined; inFlight: number; error: Error };
  runtime: CollectorRuntime;
  sourceId: string;
  from: number;
}

function makeConfig(overrides: Partial<SourceConfig> = {}): SourceConfig {
  return {
    name: 'S',
    description: '',
    category: 'Mimecast',
    fields: { _siemForward: true },
    clientID: 'demo-client-id',
    clientSecret: 'demo-client-secret',
    dataCollection: ['siem', 'auditEvent'],
    filters: [],
    hashAlgorithm: 'MD5',
    region: 'global',
    startTime: '',
    pollingIntervalSec: 1,
    ...overrides,
  };
}

interface StartOptions {
  budgetMs?: number;
  dataCollection?: SourceConfig['dataCollection'];
  faults?: Partial<FaultConfig>;
  probeIntervalMs?: number;
  /** Runs before each claim of leases, after the tick has read the sources. */
  beforeClaim?: () => Promise<void>;
}

async function start({ budgetMs, dataCollection, faults, probeIntervalMs, beforeClaim }: StartOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, seed: SEED, siemPerHour: SIEM_PER_HOUR, dlpPerHour: DLP_PER_HOUR, faults });
  cleanups.push(() => sim.close());
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-runtime-'));
  const inner = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'k' });
  cleanups.push(async () => {
    await inner.close();
    await rm(dir, { recursive: true, force: true });
  });
  const failAppends = {
    on: false,
    calls: 0,
    delayMs: 0,
    hold: undefined as Promise<void> | undefined,
    inFlight: 0,
    error: new AppError('store.write', 'No space left on device', { retryable: true }) as Error,
  };
  const { store, states } = watchRuntimeWrites(inner, async (_batch, write) => {
    failAppends.calls++;
    if (failAppends.on) throw failAppends.error;
    failAppends.inFlight++;
    try {
      if (failAppends.delayMs > 0) await new Promise((r) => setTimeout(r, failAppends.delayMs));
      await failAppends.hold;
      return await write();
    } finally {
      failAppends.inFlight--;
    }
  });
  const from = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
  const collector = await store.collectors.create({ name: 'C', description: '', category: '', fields: {} });
  const source = await store.sources.create(
    collector.id,
    makeConfig({ startTime: new Date(from).toISOString(), ...(dataCollection ? { dataCollection } : {}) }),
  );
  const claimed: Store = beforeClaim
    ? {
        ...store,
        leases: {
          ...store.leases,
          claim: async (...args) => {
            await beforeClaim();
            return store.leases.claim(...args);
          },
        },
      }
    : store;
  const runtime = createMimecastRuntime({
    store: claimed,
    clock: systemClock,
    logger: silentLogger,
    mimecastBaseUrl: sim.url,
    tickMs: 200,
    retry: { baseDelayMs: 20, maxDelayMs: 100, ...(budgetMs === undefined ? {} : { budgetMs }) },
    probeIntervalMs,
  });
  cleanups.push(() => runtime.stop());
  return { sim, store, states, failAppends, runtime, sourceId: source.id, from };
}

async function caughtUp(h: Harness, since: number, dataTypes: DataType[] = ['siem', 'auditEvent']): Promise<void> {
  await until(async () => {
    const stats = await h.store.checkpoints.stats(h.sourceId);
    const done = dataTypes.every((t) => (stats[t]?.lastPollAt ?? 0) >= since);
    return done && (await h.store.sources.get(h.sourceId))?.state.state === 'Collecting' ? true : undefined;
  }, 'catch-up');
}

async function countByType(store: Store, sourceId: string, from: number, to: number): Promise<Record<string, number>> {
  const rows = await store.query(
    'SELECT source_name, count(*)::INTEGER AS n FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ? GROUP BY source_name',
    [sourceId, from, to],
  );
  return Object.fromEntries(rows.map((r) => [String(r.source_name), Number(r.n)]));
}

describe('collector runtime', () => {
  it('walks a new source through its states to Collecting and stores every event once', async () => {
    const h = await start();
    const began = Date.now();
    await h.runtime.start();
    await caughtUp(h, began);
    // The first write acts on the new source's generation (Pending, already its state), then the machine moves on.
    expect(h.states.slice(0, 5)).toEqual(['Pending', 'Started', 'Initialized', 'Authenticated', 'Collecting']);
    expect(await h.store.sources.get(h.sourceId)).toMatchObject({ generation: 1, observedGeneration: 1 });
    const cutoff = Date.now() - 3 * 60_000;
    const counts = await countByType(h.store, h.sourceId, h.from, cutoff);
    const options = SIM_OPTIONS;
    expect(counts.siem).toBe(expectedEvents(options, 'siem', h.from, cutoff).length);
    expect(counts.auditEvent ?? 0).toBe(expectedEvents(options, 'auditEvent', h.from, cutoff).length);
  });

  it('turns a failing store into FirstPartyGeneric, retries, loses nothing and resolves the event', async () => {
    const h = await start();
    h.failAppends.on = true;
    await h.runtime.start();
    const failed = await until(async () => {
      const s = await h.store.sources.get(h.sourceId);
      return s?.state.state === 'Error' ? s : undefined;
    }, 'Error');
    expect(failed.state.error).toMatchObject({ type: 'FirstPartyGeneric', code: 'store.write' });
    expect(failed.state.error?.retriesUntil).not.toBeNull();
    const open = await h.store.health.list({ unresolvedOnly: true, resourceIds: [h.sourceId], limit: 10, offset: 0 });
    expect(open.map((e) => e.eventName)).toEqual(['FirstPartyGenericError']);
    const callsWhileFailing = h.failAppends.calls;
    await until(async () => (h.failAppends.calls > callsWhileFailing ? true : undefined), 'a retry');

    const healed = Date.now();
    h.failAppends.on = false;
    await caughtUp(h, healed);
    expect(await h.store.health.list({ unresolvedOnly: true, resourceIds: [h.sourceId], limit: 10, offset: 0 })).toEqual([]);
    const cutoff = Date.now() - 3 * 60_000;
    const counts = await countByType(h.store, h.sourceId, h.from, cutoff);
    expect(counts.siem).toBe(expectedEvents(SIM_OPTIONS, 'siem', h.from, cutoff).length);
    const system = await h.store.query("SELECT source_name FROM messages WHERE idx = 'sumologic_system_events'", []);
    expect(system.map((r) => r.source_name)).toEqual(['FirstPartyGenericError', 'FirstPartyGenericError']);
  });

  it('stays in Error once the retry budget is spent, until the source is restarted', async () => {
    const h = await start({ budgetMs: 300 });
    // A bug, not a store outage: an outage is retried past the budget (store-outage.test.ts).
    h.failAppends.error = new TypeError('a bug');
    h.failAppends.on = true;
    await h.runtime.start();
    const stopped = await until(async () => {
      const s = await h.store.sources.get(h.sourceId);
      return s?.state.state === 'Error' && s.state.error?.retriesUntil === null ? s : undefined;
    }, 'Error without retries');
    expect(stopped.state.error?.type).toBe('FirstPartyGeneric');
    const calls = h.failAppends.calls;
    await new Promise((r) => setTimeout(r, 600));
    expect(h.failAppends.calls).toBe(calls);

    h.failAppends.on = false;
    await h.store.sources.requestRestart(h.sourceId);
    const restarted = Date.now();
    await h.runtime.sourceChanged(h.sourceId);
    expect(await h.store.sources.get(h.sourceId)).toMatchObject({ state: { state: 'Pending' }, generation: 2, observedGeneration: 2 });
    await caughtUp(h, restarted);
  });

  it('sees a restart asked for elsewhere (a new generation) at its next tick and restarts through Pending', async () => {
    const h = await start();
    await h.runtime.start();
    await caughtUp(h, 0);
    const before = h.states.length;
    await h.store.sources.requestRestart(h.sourceId);
    const restarted = Date.now();
    await until(
      async () => ((await h.store.sources.get(h.sourceId))?.observedGeneration === 2 ? true : undefined),
      'the generation observed',
    );
    await caughtUp(h, restarted);
    expect(h.states.slice(before, before + 5)).toEqual(['Pending', 'Started', 'Initialized', 'Authenticated', 'Collecting']);
  });

  it('leaves a task alone when told of a source whose generation it already acts on (a tick claimed it first)', async () => {
    const h = await start();
    await h.runtime.start();
    await caughtUp(h, 0);
    const before = h.states.length;
    const told = Date.now();
    await h.runtime.sourceChanged(h.sourceId);
    // Polls go on (the same task): no restart, whose task would start again from Started.
    await caughtUp(h, told);
    expect(h.states.slice(before)).not.toContain('Started');
    // A new generation is acted on at once: the task goes back through Pending and starts again.
    await h.store.sources.requestRestart(h.sourceId);
    const restarted = Date.now();
    await h.runtime.sourceChanged(h.sourceId);
    await caughtUp(h, restarted);
    expect(h.states.slice(before)).toEqual(expect.arrayContaining(['Pending', 'Started']));
    expect(await h.store.sources.get(h.sourceId)).toMatchObject({ generation: 2, observedGeneration: 2 });
  });

  it('deletes a source through Stopping and keeps its messages', async () => {
    const h = await start();
    await h.runtime.start();
    await caughtUp(h, 0);
    await h.store.sources.markDeleting(h.sourceId);
    await h.runtime.sourceDeleted(h.sourceId);
    expect(h.states.at(-1)).toBe('Stopping');
    expect(await h.store.sources.get(h.sourceId)).toBeUndefined();
    const [row] = await h.store.query('SELECT count(*)::INTEGER AS n FROM messages WHERE source_id = ?', [h.sourceId]);
    expect(Number(row.n)).toBeGreaterThan(0);
  });

  it('finishes a deletion marked between a tick reading the sources and claiming leases, while a batch is stored', async () => {
    let markBeforeClaim: string | undefined;
    const h = await start({
      beforeClaim: async () => {
        if (markBeforeClaim) await h.store.sources.markDeleting(markBeforeClaim);
        markBeforeClaim = undefined;
      },
    });
    let release = () => {};
    h.failAppends.hold = new Promise((resolve) => {
      release = resolve;
    });
    cleanups.push(async () => release());
    await h.runtime.start();
    await until(async () => (h.failAppends.inFlight > 0 ? true : undefined), 'a batch held');
    markBeforeClaim = h.sourceId;
    // The claim no longer gives the task a lease; taken for a lost lease, the task would first wait for the held batch.
    await until(async () => ((await h.store.sources.get(h.sourceId))?.state.state === 'Stopping' ? true : undefined), 'Stopping');
    release();
    await until(async () => ((await h.store.sources.get(h.sourceId)) === undefined ? true : undefined), 'the source removed');
    expect(h.states.at(-1)).toBe('Stopping');
  });

  it('stops only after the batch being stored has committed', async () => {
    const h = await start();
    h.failAppends.delayMs = 300;
    await h.runtime.start();
    await until(async () => (h.failAppends.inFlight > 0 ? true : undefined), 'a batch in flight');
    await h.runtime.stop();
    expect(h.failAppends.inFlight).toBe(0);
    const checkpoints = [await h.store.checkpoints.get(h.sourceId, 'siem'), await h.store.checkpoints.get(h.sourceId, 'auditEvent')];
    expect(checkpoints.some((c) => c !== undefined)).toBe(true);
  });

  it('isolates a data type Mimecast forbids: the others collect exactly, and the type collects once the permission is granted', async () => {
    const h = await start({
      dataCollection: ['siem', 'dlp', 'auditEvent', 'holdMessageList'],
      faults: { forbidden: ['dlp'] },
      probeIntervalMs: 200,
    });
    await h.runtime.start();
    const began = Date.now();
    await caughtUp(h, began, ['siem', 'auditEvent', 'holdMessageList']);
    const degraded = await until(async () => {
      const s = await h.store.sources.get(h.sourceId);
      return s?.state.dataTypes?.dlp?.state === 'Error' ? s : undefined;
    }, 'dlp in Error');
    expect(degraded.state.state).toBe('Collecting');
    expect(degraded.state.dataTypes).toMatchObject({
      siem: { state: 'Collecting' },
      auditEvent: { state: 'Collecting' },
      holdMessageList: { state: 'Collecting' },
    });
    expect(degraded.state.dataTypes?.dlp).toMatchObject({ error: { type: 'ThirdPartyConfig', code: '403', retriesUntil: null } });
    expect(degraded.state.dataTypes?.dlp?.nextAttemptAt).toEqual(expect.any(String));
    const open = await h.store.health.list({ unresolvedOnly: true, resourceIds: [h.sourceId], limit: 10, offset: 0 });
    expect(open.map((e) => [e.eventName, e.details.error.split(':')[0]])).toEqual([['ThirdPartyConfigError', 'dlp']]);
    const cutoff = Date.now() - 3 * 60_000;
    const counts = await countByType(h.store, h.sourceId, h.from, cutoff);
    expect(counts.siem).toBe(expectedEvents(SIM_OPTIONS, 'siem', h.from, cutoff).length);
    expect(counts.auditEvent ?? 0).toBe(expectedEvents(SIM_OPTIONS, 'auditEvent', h.from, cutoff).length);
    expect(counts.holdMessageList).toBeGreaterThan(0);
    expect(counts.dlp).toBeUndefined();

    // The permission is granted in Mimecast: the next probe of dlp collects it, with no update of the source.
    h.sim.setFaults({ forbidden: [] });
    const granted = Date.now();
    await caughtUp(h, granted, ['siem', 'dlp', 'auditEvent', 'holdMessageList']);
    const healed = await h.store.sources.get(h.sourceId);
    expect(healed?.state.dataTypes?.dlp).toEqual({ state: 'Collecting' });
    expect(healed?.generation).toBe(1);
    expect(await h.store.health.list({ unresolvedOnly: true, resourceIds: [h.sourceId], limit: 10, offset: 0 })).toEqual([]);
    const after = await countByType(h.store, h.sourceId, h.from, cutoff);
    expect(after.dlp).toBe(expectedEvents(SIM_OPTIONS, 'dlp', h.from, cutoff).length);
    expect(after.dlp).toBeGreaterThan(0);
    expect(after.siem).toBe(counts.siem);
  });

  it('puts the source in Error only when every data type fails, and back to Collecting when one recovers', async () => {
    const h = await start({ dataCollection: ['siem', 'dlp'], faults: { forbidden: ['siem', 'dlp'] }, probeIntervalMs: 200 });
    await h.runtime.start();
    const failed = await until(async () => {
      const s = await h.store.sources.get(h.sourceId);
      return s?.state.state === 'Error' ? s : undefined;
    }, 'Error');
    expect(failed.state.error).toMatchObject({ type: 'ThirdPartyConfig', code: '403', retriesUntil: null });
    expect(Object.values(failed.state.dataTypes ?? {}).map((t) => t.state)).toEqual(['Error', 'Error']);
    h.sim.setFaults({ forbidden: ['dlp'] });
    const back = await until(async () => {
      const s = await h.store.sources.get(h.sourceId);
      return s?.state.state === 'Collecting' ? s : undefined;
    }, 'Collecting again');
    expect(back.state.dataTypes).toMatchObject({ siem: { state: 'Collecting' }, dlp: { state: 'Error' } });
    expect(back.state.error).toBeUndefined();
  });
});
