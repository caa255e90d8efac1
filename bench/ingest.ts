/**
 * Store-side ingest: 200 000 simulated SIEM events through the pipeline (processing rules, metadata) and
 * `appendBatch` into the DuckDB store (dedupe, extracted columns, checkpoint in the same transaction), next to
 * the bare baseline of the same events measured in the same run: `JSON.parse` + the DuckDB appender into a
 * plain two-column table. Baseline and store batches alternate, so both see the same machine load.
 * A third figure appends the same events as bare rows of the messages table's shape, to tell the table's
 * width apart from the store's own work.
 * Event generation and dedupe keys (the client's work) happen before timing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type DuckDBAppender, DuckDBInstance } from '@duckdb/node-api';
import { ManualClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { RawEvent } from '../src/model/message.js';
import { EXTRACTED_FIELDS, extractedText } from '../src/model/message.js';
import { findEventTime } from '../src/pipeline/event-time.js';
import { buildMessages } from '../src/pipeline/messages.js';
import { compileRules } from '../src/pipeline/rules.js';
import { expectedEvents } from '../src/simulator/index.js';
import { siemKey } from '../src/sources/mimecast/identity.js';
import { CHECKPOINT_THRESHOLD, openDuckDbStore } from '../src/store/duckdb/duckdb-store.js';
import { messagesTableDdl } from '../src/store/schema.js';

const EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 200_000);
const BATCH = Number(process.env.BENCH_INGEST_BATCH ?? 2_000);
const START = Date.UTC(2026, 10, 20, 0, 0, 0);

function generate(): { raw: string[]; keys: string[] } {
  const siemPerHour = EVENTS * 6;
  let minutes = 10;
  let events = expectedEvents({ seed: 11, siemPerHour }, 'siem', START, START + minutes * 60_000, 'batch');
  while (events.length < EVENTS) {
    minutes *= 2;
    events = expectedEvents({ seed: 11, siemPerHour }, 'siem', START, START + minutes * 60_000, 'batch');
  }
  const raw: string[] = [];
  const keys: string[] = [];
  for (const e of events.slice(0, EVENTS)) {
    raw.push(JSON.stringify(e.record));
    keys.push(siemKey(e.record));
  }
  return { raw, keys };
}

/** One row of the messages table's shape, as the store would write it (constant metadata, extracted columns). */
function appendWideRow(appender: DuckDBAppender, raw: string, key: string, data: Record<string, unknown>): void {
  appender.appendVarchar('BENCH');
  appender.appendVarchar(key);
  appender.appendVarchar(raw);
  appender.appendBigInt(BigInt(Number(data.timestamp)));
  appender.appendBigInt(BigInt(START));
  for (const value of ['Mimecast', 'Mimecast', 'bench', 'siem', 'api.services.mimecast.com']) appender.appendVarchar(value);
  appender.appendInteger(raw.length);
  appender.appendVarchar('main');
  appender.appendVarchar('{"team":"soc"}');
  for (const field of EXTRACTED_FIELDS) {
    const text = extractedText(data[field.key]);
    if (text === null) appender.appendNull();
    else appender.appendVarchar(text);
  }
  // part_name: the default partition.
  appender.appendNull();
  appender.endRow();
}

export async function run(log: (line: string) => void): Promise<void> {
  const { raw, keys } = generate();
  const bytes = raw.reduce((n, r) => n + r.length, 0);
  log(`${EVENTS} SIEM events from the simulator, ${Math.round(bytes / EVENTS)} bytes each on average, batches of ${BATCH}`);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-bench-ingest-'));
  const baselineDb = await DuckDBInstance.create(path.join(dir, 'baseline.duckdb'));
  const baseline = await baselineDb.connect();
  // The store's own setting (see duckdb-store.ts), so the baseline differs from the store only in the work done.
  await baseline.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
  await baseline.run('CREATE TABLE plain (raw VARCHAR, messagetime BIGINT)');
  // A second reference: the same events appended as rows of the messages table's shape (every metadata and
  // extracted column), with no pipeline, dedupe or checkpoint. The gap between it and the baseline is the cost
  // of the table's width; the gap between it and the store is the cost of the store's own work.
  const wideDb = await DuckDBInstance.create(path.join(dir, 'wide.duckdb'));
  const wideConnection = await wideDb.connect();
  await wideConnection.run(`SET checkpoint_threshold = '${CHECKPOINT_THRESHOLD}'`);
  await wideConnection.run(messagesTableDdl('duckdb', { primaryKey: false }));
  const clock = new ManualClock(START + 3_600_000);
  const store = await openDuckDbStore({ dataDir: path.join(dir, 'store'), clock, logger: silentLogger, secretKey: 'bench' });
  const rules = compileRules([], { hashAlgorithm: 'MD5' });

  let parseMs = 0;
  let baselineMs = 0;
  let storeMs = 0;
  let wideMs = 0;
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  let inserted = 0;
  for (let start = 0, n = 0; start < EVENTS; start += BATCH, n++) {
    const end = Math.min(EVENTS, start + BATCH);

    let t = performance.now();
    for (let i = start; i < end; i++) JSON.parse(raw[i]);
    parseMs += performance.now() - t;

    t = performance.now();
    const appender = await baseline.createAppender('plain');
    for (let i = start; i < end; i++) {
      const data = JSON.parse(raw[i]) as Record<string, unknown>;
      appender.appendVarchar(raw[i]);
      appender.appendBigInt(BigInt(Number(data.timestamp)));
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    baselineMs += performance.now() - t;

    t = performance.now();
    const wide = await wideConnection.createAppender('messages');
    for (let i = start; i < end; i++) {
      const data = JSON.parse(raw[i]) as Record<string, unknown>;
      appendWideRow(wide, raw[i], keys[i], data);
    }
    wide.flushSync();
    wide.closeSync();
    wideMs += performance.now() - t;

    t = performance.now();
    const events: RawEvent[] = [];
    for (let i = start; i < end; i++) {
      const data = JSON.parse(raw[i]) as Record<string, unknown>;
      events.push({ raw: raw[i], data, dedupeKey: keys[i], time: findEventTime(data), logType: String(data.type) });
    }
    const { messages, dropped } = buildMessages(events, {
      sourceId: 'BENCH',
      sourceName: 'Mimecast',
      sourceCategory: 'Mimecast',
      collectorName: 'bench',
      dataType: 'siem',
      sourceHost: 'api.services.mimecast.com',
      fields: { team: 'soc', _siemForward: true },
      siemForward: true,
      receiptTime: clock.now(),
      rules,
    });
    const result = await store.messages.appendBatch({
      sourceId: 'BENCH',
      dataType: 'siem',
      messages,
      checkpoint: { v: 1, batch: n },
      dropped,
    });
    inserted += result.inserted;
    storeMs += performance.now() - t;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }

  const rate = (ms: number) => Math.round(EVENTS / (ms / 1000));
  log(`JSON.parse alone:                       ${rate(parseMs).toLocaleString('en-US')} events/s`);
  log(`baseline JSON.parse + appender:         ${rate(baselineMs).toLocaleString('en-US')} events/s`);
  log(`same rows, messages table shape:        ${rate(wideMs).toLocaleString('en-US')} events/s (appender only)`);
  log(`pipeline + appendBatch (DuckDB store):  ${rate(storeMs).toLocaleString('en-US')} events/s (${inserted} stored)`);
  log(`ratio store / baseline:                 ${(baselineMs / storeMs).toFixed(2)} (goal ≥ 0.5)`);
  log(`RSS before ingest (events in memory):   ${Math.round(startRss / 1e6)} MB`);
  log(`peak RSS during the run:                ${Math.round(peakRss / 1e6)} MB (every database in this process)`);

  await store.close();
  baseline.closeSync();
  baselineDb.closeSync();
  wideConnection.closeSync();
  wideDb.closeSync();
  await rm(dir, { recursive: true, force: true });
}
