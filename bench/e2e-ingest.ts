/**
 * End-to-end ingest: the simulator in its own process on loopback serves ≥ 200 000 SIEM events; a fresh
 * DuckDB store and the collector runtime (Mimecast client → pipeline → store) collect them until caught up.
 * It runs twice, with the fetch worker (`fetchWorker`) and with fetching in the main thread (what `serve` runs).
 * Baseline, measured in the same run: the bare JSON.parse of the same events' text plus a DuckDB appender
 * into a four-column table, no HTTP, no pipeline, no dedupe. Also printed: the Mimecast client alone pulling
 * the same window, and the same ingest with the rows left out of the store (each batch commits its cursor and
 * nothing else): the ceiling that fetching and building messages set on this machine, whatever the store does.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createMimecastRuntime } from '../src/collector/mimecast-runtime.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Telemetry } from '../src/core/telemetry.js';
import type { Checkpoint } from '../src/model/checkpoint.js';
import { expectedCounts, expectedEvents } from '../src/simulator/index.js';
import { createMimecastClient } from '../src/sources/mimecast/index.js';
import { openStore } from '../src/store/open-store.js';
import type { Store } from '../src/store/store.js';

const SEED = 42;
const TARGET_EVENTS = 200_000;
const WINDOW_MS = 2 * 3_600_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The simulator's volume follows a daily curve: scale its rate so this window holds at least the target. */
function rateFor(from: number): number {
  const probe = 1000;
  // Counted, not listed: the events' text would grow this process's heap before its peak RSS is measured.
  const count = expectedCounts({ seed: SEED, siemPerHour: probe * 60 }, 'siem', from, from + WINDOW_MS).total ?? 0;
  return Math.ceil((probe * TARGET_EVENTS * 1.05) / Math.max(1, count));
}

function startSimulatorProcess(ratePerMin: number): Promise<{ url: string; stop: () => void }> {
  const args = ['simulate', '--port', '0', '--seed', String(SEED), '--rate', String(ratePerMin)];
  const child = spawn(process.execPath, [path.join(root, 'bin/mimecast-c2c.js'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
}

/** Time spent inside `store.messages.appendBatch` (appending, then COMMIT), summed over the run's batches. */
interface StoreTime {
  seconds: number;
  batches: number;
}

/**
 * Where the wall time went: batches are stored one at a time, so this share is the store's part of the
 * critical path; the rest is fetching and building pages that were not overlapped with a store.
 */
function storeShare(run: { stored: number; seconds: number; stores: StoreTime }): string {
  const { seconds, batches } = run.stores;
  return `${seconds.toFixed(1)} s in store.messages.appendBatch (${Math.round((100 * seconds) / run.seconds)} % of the wall time), ${batches} batches of ${Math.round(run.stored / Math.max(1, batches))} messages on average`;
}

type IngestRun = { stored: number; seconds: number; cpuSeconds: number };

/** A run's rate, its ratio to the baseline and its events per CPU-second. */
function rateText(run: IngestRun, baselineRate: number): string {
  const rate = run.stored / run.seconds;
  return `${Math.round(rate)} events/s = ratio ${(rate / baselineRate).toFixed(2)}, ${Math.round(run.stored / run.cpuSeconds)} events per CPU-second`;
}

/**
 * The store with each batch's rows left out: the batch still commits its cursor and stats in one transaction,
 * so the collector runs as it does, and `built` counts the messages it handed over.
 */
function withoutRows(store: Store, built: { messages: number }): Store {
  return {
    ...store,
    messages: {
      ...store.messages,
      async appendBatch(batch) {
        built.messages += batch.messages.length;
        return store.messages.appendBatch({ ...batch, messages: [] });
      },
    },
  };
}

async function ingest(
  simUrl: string,
  from: number,
  dir: string,
  options: { fetchWorker: boolean; storeRows: boolean },
): Promise<IngestRun & { peakRssMb: number; stores: StoreTime }> {
  const { fetchWorker } = options;
  const opened = await openStore({ data: dir, clock: systemClock, logger: silentLogger, secretKey: 'bench' });
  const built = { messages: 0 };
  const store = options.storeRows ? opened : withoutRows(opened, built);
  const collector = await store.collectors.create({ name: 'Bench', description: '', category: '', fields: {} });
  const source = await store.sources.create(collector.id, {
    name: 'Mimecast',
    description: '',
    category: 'Mimecast',
    fields: { _siemForward: true },
    clientID: 'demo-client-id',
    clientSecret: 'demo-client-secret',
    dataCollection: ['siem'],
    filters: [],
    hashAlgorithm: 'MD5',
    region: 'global',
    startTime: new Date(from).toISOString(),
    pollingIntervalSec: 300,
  });
  const stores: StoreTime = { seconds: 0, batches: 0 };
  const telemetry: Telemetry = {
    emit(event) {
      if (event.type !== 'BatchStored') return;
      stores.seconds += event.durationMs / 1000;
      stores.batches++;
    },
  };
  const runtime = createMimecastRuntime({
    store,
    clock: systemClock,
    logger: silentLogger,
    mimecastBaseUrl: simUrl,
    fetchWorker,
    telemetry,
  });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await runtime.start();
  // Caught up: the first poll that ended with nothing more to fetch.
  while (!(await store.checkpoints.stats(source.id)).siem?.lastPollAt) await new Promise((r) => setTimeout(r, 100));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  await runtime.stop();
  // What was stored, once deduplicated; with the rows left out, what the collector handed over.
  const stored = options.storeRows
    ? Number((await store.query('SELECT count(*)::INTEGER AS n FROM messages WHERE source_id = ?', [source.id]))[0].n)
    : built.messages;
  await store.close();
  return { stored, seconds, peakRssMb: peakRss / 1024 / 1024, cpuSeconds: (cpu.user + cpu.system) / 1e6, stores };
}

/** The client alone (no pipeline, no store) pulling the same window: how fast the source side can go. */
async function pullOnly(simUrl: string, from: number): Promise<number> {
  const client = createMimecastClient({
    baseUrl: simUrl,
    clientId: 'demo-client-id',
    clientSecret: 'demo-client-secret',
    startTime: new Date(from).toISOString(),
    clock: systemClock,
    logger: silentLogger,
  });
  const pager = client.pager('siem');
  let cursor: Checkpoint | undefined;
  let events = 0;
  const started = performance.now();
  for (;;) {
    const page = await pager.next(cursor);
    events += page.events.length;
    cursor = page.cursor;
    if (!page.more) break;
  }
  return events / ((performance.now() - started) / 1000);
}

/** Has the simulator generate (and keep) the window's events ahead of the timed run. */
async function pregenerate(simUrl: string, from: number, to: number): Promise<{ events: number; cached: boolean }> {
  const res = await fetch(`${simUrl}/__admin/pregenerate?from=${from}&to=${to}`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`simulator pregenerate: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { events: number; cached: boolean };
}

async function baseline(lines: string[], file: string): Promise<{ events: number; rate: number }> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  await connection.run('CREATE TABLE events (dedupe_key VARCHAR, raw VARCHAR, messagetime BIGINT, event_type VARCHAR)');
  const started = performance.now();
  await connection.run('BEGIN');
  const appender = await connection.createAppender('events');
  for (const line of lines) {
    const event = JSON.parse(line) as Record<string, unknown>;
    appender.appendVarchar(String(event.processingId ?? ''));
    appender.appendVarchar(line);
    appender.appendBigInt(BigInt(Date.parse(String(event.timestamp)) || 0));
    appender.appendVarchar(String(event.eventType ?? ''));
    appender.endRow();
  }
  appender.flushSync();
  appender.closeSync();
  await connection.run('COMMIT');
  const seconds = (performance.now() - started) / 1000;
  connection.closeSync();
  instance.closeSync();
  return { events: lines.length, rate: lines.length / seconds };
}

export async function run(log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bench-e2e-'));
  const from = Math.floor((Date.now() - WINDOW_MS) / 60_000) * 60_000;
  const ratePerMin = rateFor(from);
  const sim = await startSimulatorProcess(ratePerMin);
  try {
    const lines = () =>
      expectedEvents({ seed: SEED, siemPerHour: ratePerMin * 60 }, 'siem', from, from + WINDOW_MS).map((e) => JSON.stringify(e.record));
    // The simulator generates events the first time it serves them, on the cores the collector needs, which
    // Mimecast does not: it generates the window before the timed ingest (in its own process).
    const pregenerated = await pregenerate(sim.url, from, Date.now());
    // The ingest runs first, so its peak RSS is its own; the baseline is measured twice around the
    // client-only pull (the machine's load varies) and averaged.
    const result = await ingest(sim.url, from, path.join(dir, 'store'), { fetchWorker: true, storeRows: true });
    // The same ingest fetching in the main thread (what serve runs): what the worker buys.
    const inThread = await ingest(sim.url, from, path.join(dir, 'store-in-thread'), { fetchWorker: false, storeRows: true });
    // And again in the main thread with no rows stored: how fast it could go were storing free.
    const ceiling = await ingest(sim.url, from, path.join(dir, 'store-no-rows'), { fetchWorker: false, storeRows: false });
    const rate = result.stored / result.seconds;
    const before = await baseline(lines(), path.join(dir, 'first.duckdb'));
    const pulled = await pullOnly(sim.url, from);
    const after = await baseline(lines(), path.join(dir, 'second.duckdb'));
    const bare = (before.rate + after.rate) / 2;
    log(
      `end-to-end ingest (simulator process on loopback, window pre-generated${pregenerated.cached ? '' : ' (only partly cached)'} → fetch worker: client, pipeline; main thread: DuckDB store): ${result.stored} SIEM events in ${result.seconds.toFixed(1)} s = ${Math.round(rate)} events/s`,
    );
    log(`of which ${storeShare(result)}`);
    log(`peak RSS of the collecting process during the ingest: ${result.peakRssMb.toFixed(0)} MB`);
    // CPU time (all its threads) depends less on what else the machine runs than the wall-clock rate does.
    log(
      `CPU time of the collecting process during the ingest: ${result.cpuSeconds.toFixed(1)} s = ${Math.round(result.stored / result.cpuSeconds)} events per CPU-second`,
    );
    log(
      `baseline (same run): JSON.parse + DuckDB appender of the same ${before.events} events = ${Math.round(before.rate)} events/s, then ${Math.round(after.rate)}`,
    );
    log(
      `for reference: the Mimecast client alone pulls the same window from the (pre-generated) simulator at ${Math.round(pulled)} events/s`,
    );
    log(`ratio end-to-end / baseline: ${(rate / bare).toFixed(2)} (goal ≥ 0.5)`);
    log(`the same ingest fetching in the main thread: ${rateText(inThread, bare)}`);
    log(`of which ${storeShare(inThread)}`);
    log(
      `ceiling, the same ingest in the main thread with the rows left out of the store (each batch commits only its cursor): ${ceiling.stored} events in ${ceiling.seconds.toFixed(1)} s = ${rateText(ceiling, bare)}`,
    );
  } finally {
    sim.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
