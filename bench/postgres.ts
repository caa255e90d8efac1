/**
 * PostgreSQL next to DuckDB, measured in the same run:
 * 1. store ingest: 200 000 simulated SIEM events through the pipeline and `appendBatch`, batches alternating
 *    between a DuckDB store and a PostgreSQL store so both see the same machine load;
 * 2. collection: ten sources against the simulator (its rate limit far out of reach), collected by one, two
 *    and three `serve --db` processes sharing one database;
 * 3. the Overview dashboard's panel queries over 1 000 000 messages (all four data types), on each store.
 * The database: MC2C_BENCH_DATABASE_URL, else MC2C_TEST_DATABASE_URL (a fresh database is made in that
 * server for each part and dropped after it), else a private server started from the PostgreSQL binaries.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDashboard } from '../src/content/install.js';
import { MIMECAST_LEGACY_APP } from '../src/content/mimecast-app.js';
import { ManualClock, systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { DATA_TYPES, type Message, type RawEvent } from '../src/model/message.js';
import { findEventTime } from '../src/pipeline/event-time.js';
import { buildMessages } from '../src/pipeline/messages.js';
import { compileRules } from '../src/pipeline/rules.js';
import { runCompiledQuery } from '../src/query/execute.js';
import { openGeoDatabase } from '../src/query/geo.js';
import { compileQuery } from '../src/query/index.js';
import { expectedEvents } from '../src/simulator/index.js';
import { siemKey } from '../src/sources/mimecast/identity.js';
import { openDuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { openPostgresStore } from '../src/store/postgres/index.js';
import { postgresBinDir, startTestCluster } from '../src/store/postgres/test-cluster.js';
import { createTestDatabase } from '../src/store/postgres/test-database.js';
import type { Store } from '../src/store/store.js';

const INGEST_EVENTS = Number(process.env.BENCH_PG_INGEST_EVENTS ?? 200_000);
const BATCH = 2_000;
const PANEL_MESSAGES = Number(process.env.BENCH_PG_PANEL_MESSAGES ?? 1_000_000);
const COLLECT_EVENTS = Number(process.env.BENCH_PG_COLLECT_EVENTS ?? 300_000);
const SOURCES = 10;
const SEED = 17;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const START = Date.UTC(2026, 10, 20, 0, 0, 0);
const rules = compileRules([], { hashAlgorithm: 'MD5' });

type Log = (line: string) => void;
const perSecond = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

function toMessages(events: RawEvent[], dataType: (typeof DATA_TYPES)[number], receiptTime: number): Message[] {
  return buildMessages(events, {
    sourceId: 'BENCH',
    sourceName: 'Mimecast',
    sourceCategory: 'Mimecast',
    collectorName: 'bench',
    dataType,
    sourceHost: 'api.services.mimecast.com',
    fields: { team: 'soc', _siemForward: true },
    siemForward: true,
    receiptTime,
    rules,
  }).messages;
}

async function ingest(log: Log, url: string): Promise<void> {
  const siemPerHour = INGEST_EVENTS * 6;
  let minutes = 10;
  let events = expectedEvents({ seed: 11, siemPerHour }, 'siem', START, START + minutes * 60_000, 'batch');
  while (events.length < INGEST_EVENTS) {
    minutes *= 2;
    events = expectedEvents({ seed: 11, siemPerHour }, 'siem', START, START + minutes * 60_000, 'batch');
  }
  const raw = events.slice(0, INGEST_EVENTS).map((e) => JSON.stringify(e.record));
  const keys = events.slice(0, INGEST_EVENTS).map((e) => siemKey(e.record));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bench-pg-'));
  const clock = new ManualClock(START + 3_600_000);
  const duck = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger, secretKey: 'bench' });
  const postgres = await openPostgresStore({ url, secretKey: 'bench', clock, logger: silentLogger });
  const ms = { duckdb: 0, postgres: 0 };
  const stored = { duckdb: 0, postgres: 0 };
  try {
    for (let start = 0, n = 0; start < INGEST_EVENTS; start += BATCH, n++) {
      for (const [name, store] of [
        ['duckdb', duck],
        ['postgres', postgres],
      ] as const) {
        const t = performance.now();
        const batch: RawEvent[] = [];
        for (let i = start; i < Math.min(INGEST_EVENTS, start + BATCH); i++) {
          const data = JSON.parse(raw[i]) as Record<string, unknown>;
          batch.push({ raw: raw[i], data, dedupeKey: keys[i], time: findEventTime(data), logType: String(data.type) });
        }
        const result = await store.messages.appendBatch({
          sourceId: 'BENCH',
          dataType: 'siem',
          messages: toMessages(batch, 'siem', clock.now()),
          checkpoint: { v: 1, n },
        });
        stored[name] += result.inserted;
        ms[name] += performance.now() - t;
      }
    }
    log(`${INGEST_EVENTS} SIEM events, pipeline + appendBatch in batches of ${BATCH}, alternating between the stores:`);
    log(`  DuckDB store:      ${perSecond(INGEST_EVENTS, ms.duckdb)} events/s (${stored.duckdb} stored)`);
    log(`  PostgreSQL store:  ${perSecond(INGEST_EVENTS, ms.postgres)} events/s (${stored.postgres} stored)`);
    log(`  ratio PostgreSQL / DuckDB: ${(ms.duckdb / ms.postgres).toFixed(2)}`);
  } finally {
    await duck.close();
    await postgres.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function spawnCli(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/mimecast-c2c.js'), ...args], {
    env: { ...process.env, MC2C_LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = ready.exec(out);
      if (match) resolve({ child, url: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`'${args[0]}' exited with ${code}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function collect(log: Log, baseUrl: string): Promise<void> {
  // Ten sources read the same tenant, each keeping its own copy: COLLECT_EVENTS SIEM events in all.
  const window = 2 * 3_600_000;
  const from = Math.floor((Date.now() - window) / 60_000) * 60_000;
  const cutoff = Date.now() - 5 * 60_000;
  const probe = expectedEvents({ seed: SEED, siemPerHour: 60_000 }, 'siem', from, cutoff).length;
  const ratePerMin = Math.ceil((1000 * COLLECT_EVENTS) / SOURCES / Math.max(1, probe));
  const target = expectedEvents({ seed: SEED, siemPerHour: ratePerMin * 60 }, 'siem', from, cutoff).length * SOURCES;
  const sim = await spawnCli(
    ['simulate', '--port', '0', '--seed', String(SEED), '--rate', String(ratePerMin)],
    {},
    /listening on (http:\/\/\S+)/,
  );
  log(`${SOURCES} sources (SIEM) against the simulator, ${target} events to collect, no rate limit in reach:`);
  const rates: number[] = [];
  try {
    for (const processes of [1, 2, 3]) {
      const db = await createTestDatabase(baseUrl);
      const env = { MC2C_SECRET_KEY: 'bench', MIMECAST_BASE_URL: sim.url, MC2C_MIN_POLL_SEC: '1' };
      const setup = await openPostgresStore({ url: db.url, secretKey: 'bench', clock: systemClock, logger: silentLogger });
      const serves: ChildProcess[] = [];
      try {
        for (let i = 0; i < processes; i++) {
          serves.push((await spawnCli(['serve', '--port', '0', '--db', db.url], env, /listening on (http:\/\/\S+)/)).child);
        }
        const collector = await setup.collectors.create({ name: 'Bench', description: '', category: '', fields: {} });
        const started = performance.now();
        for (let i = 0; i < SOURCES; i++) {
          await setup.sources.create(collector.id, {
            name: `source-${i}`,
            description: '',
            category: 'Mimecast',
            fields: {},
            clientID: 'demo-client-id',
            clientSecret: 'demo-client-secret',
            dataCollection: ['siem'],
            filters: [],
            hashAlgorithm: 'MD5',
            region: 'global',
            startTime: new Date(from).toISOString(),
            pollingIntervalSec: 30,
          });
        }
        let stored = 0;
        const deadline = Date.now() + 15 * 60_000;
        while (stored < target) {
          if (Date.now() > deadline) throw new Error(`collection stalled at ${stored} of ${target} events`);
          await new Promise((r) => setTimeout(r, 250));
          const [row] = await setup.query('SELECT count(*)::integer AS n FROM messages WHERE messagetime >= $1 AND messagetime < $2', [
            from,
            cutoff,
          ]);
          stored = Number(row.n);
        }
        const ms = performance.now() - started;
        rates.push(stored / (ms / 1000));
        log(
          `  ${processes} process${processes > 1 ? 'es' : '  '}: ${stored} events in ${(ms / 1000).toFixed(1)} s = ${perSecond(stored, ms)} events/s`,
        );
      } finally {
        await Promise.all(serves.map(stop));
        await setup.close();
        await db.drop();
      }
    }
    log(
      `  speed-up with 2 and 3 processes: ${(rates[1] / rates[0]).toFixed(2)}×, ${(rates[2] / rates[0]).toFixed(2)}× (2 cores shared by the simulator, PostgreSQL and the collectors)`,
    );
  } finally {
    await stop(sim.child);
  }
}

/** Fills both stores with `PANEL_MESSAGES` messages of all four data types, an hour at a time. */
async function fill(stores: Store[], to: number): Promise<{ from: number; loadMs: number[] }> {
  const hours = 24;
  const from = to - hours * 3_600_000;
  const siemPerHour = Math.ceil((PANEL_MESSAGES * 0.97) / hours);
  const rates = {
    seed: 3,
    siemPerHour,
    dlpPerHour: Math.ceil(siemPerHour / 50),
    auditPerHour: Math.ceil(siemPerHour / 200),
    holdPerHour: Math.ceil(siemPerHour / 50),
  };
  const loadMs = stores.map(() => 0);
  for (let hour = from; hour < to; hour += 3_600_000) {
    for (const dataType of DATA_TYPES) {
      const events: RawEvent[] = expectedEvents(rates, dataType, hour, hour + 3_600_000).map((e) => ({
        raw: JSON.stringify(e.record),
        data: e.record,
        dedupeKey: e.key,
        time: e.time,
        logType: e.logType,
      }));
      const messages = toMessages(events, dataType, to);
      for (let i = 0; i < stores.length; i++) {
        const t = performance.now();
        for (let start = 0; start < messages.length; start += 10_000)
          await stores[i].messages.append(messages.slice(start, start + 10_000));
        loadMs[i] += performance.now() - t;
      }
    }
  }
  return { from, loadMs };
}

async function panels(log: Log, url: string): Promise<void> {
  const to = Date.UTC(2026, 10, 20, 12);
  const clock = new ManualClock(to);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bench-panels-'));
  const duck = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger, secretKey: 'bench' });
  const postgres = await openPostgresStore({ url, secretKey: 'bench', clock, logger: silentLogger });
  const geo = await openGeoDatabase();
  try {
    const { from, loadMs } = await fill([duck, postgres], to);
    const [count] = await postgres.query('SELECT count(*)::integer AS n FROM messages', []);
    log(
      `Overview panels over ${count.n} messages (one day, all four data types); loading took DuckDB ${(loadMs[0] / 1000).toFixed(0)} s, PostgreSQL ${(loadMs[1] / 1000).toFixed(0)} s`,
    );
    await postgres.query('ANALYZE messages', []);
    const overview = MIMECAST_LEGACY_APP.dashboards.find((d) => d.title === 'Mimecast - Overview');
    if (!overview) throw new Error('no Overview dashboard');
    const dashboard = buildDashboard(overview, { id: 'D', folderId: 'F' }, '_sourceCategory=Mimecast');
    log(`  ${'panel'.padEnd(42)} ${'DuckDB'.padStart(10)} ${'PostgreSQL'.padStart(12)}   (median of 3, ms)`);
    for (const panel of dashboard.panels) {
      const query = panel.queries[0].queryString;
      const median = async (store: Store) => {
        const compiled = compileQuery(query, { dialect: store.dialect, from, to: to + 1 });
        const times: number[] = [];
        for (let i = 0; i < 3; i++) {
          const t = performance.now();
          await runCompiledQuery(store, compiled, { geo });
          times.push(performance.now() - t);
        }
        return times.sort((a, b) => a - b)[1];
      };
      const [d, p] = [await median(duck), await median(postgres)];
      log(`  ${panel.title.padEnd(42)} ${d.toFixed(0).padStart(10)} ${p.toFixed(0).padStart(12)}`);
    }
  } finally {
    await duck.close();
    await postgres.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function run(log: Log): Promise<void> {
  let baseUrl = process.env.MC2C_BENCH_DATABASE_URL || process.env.MC2C_TEST_DATABASE_URL;
  let stopCluster: (() => Promise<void>) | undefined;
  if (!baseUrl) {
    const cluster = await startTestCluster(postgresBinDir());
    baseUrl = cluster.url;
    stopCluster = cluster.stop;
    log('PostgreSQL: a private server started for this run (fsync off)');
  }
  try {
    // BENCH_PG_PARTS=panels (or ingest, collect, comma-separated) runs only those parts.
    const wanted = (process.env.BENCH_PG_PARTS ?? 'ingest,panels,collect').split(',');
    const parts: [string, (log: Log, url: string) => Promise<void>][] = [
      ['ingest', ingest],
      ['panels', panels],
    ];
    for (const [name, part] of parts) {
      if (!wanted.includes(name)) continue;
      const db = await createTestDatabase(baseUrl);
      try {
        await part(log, db.url);
      } finally {
        await db.drop();
      }
    }
    if (wanted.includes('collect')) await collect(log, baseUrl);
  } finally {
    await stopCluster?.();
  }
}
