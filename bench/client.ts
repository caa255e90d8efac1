/**
 * Mimecast client throughput: events per second the client pulls from the simulator over loopback HTTP,
 * per data type, next to the bare JSON.parse rate of the very same answer bytes measured in the same run.
 * The simulator runs in a child process (the other core), with its clock fixed, so every pull sees the same
 * data; each data type is pulled once to warm the simulator's caches (capturing the bytes), then timed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type Clock, systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Checkpoint } from '../src/model/checkpoint.js';
import type { DataType } from '../src/model/message.js';
import { createMimecastClient } from '../src/sources/mimecast/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** 23:00 UTC: the stream's last 23 hours are one whole day, and the batch day before it is whole too. */
const NOW = Date.UTC(2026, 10, 19, 23, 0, 0);
const VOLUME = { seed: 1, siemPerHour: 8700, dlpPerHour: 2000, auditPerHour: 2000, holdPerHour: 400 };

interface Case {
  name: string;
  dataType: DataType;
  startTime: string;
  pageSize: number;
  /** Stop before the call whose cursor this accepts (the batch case stops where the stream takes over). */
  stop?: (cursor: Checkpoint) => boolean;
}

const CASES: Case[] = [
  { name: 'siem (stream, 23 h)', dataType: 'siem', startTime: '-23h', pageSize: 1000 },
  { name: 'siem (batch files, 1 day)', dataType: 'siem', startTime: '-47h', pageSize: 1000, stop: (c) => c.phase === 'stream' },
  { name: 'dlp (24 h)', dataType: 'dlp', startTime: '-24h', pageSize: 500 },
  { name: 'auditEvent (24 h)', dataType: 'auditEvent', startTime: '-24h', pageSize: 500 },
  { name: 'holdMessageList (queue)', dataType: 'holdMessageList', startTime: '-14d', pageSize: 500 },
];

async function startChildSimulator(): Promise<{ url: string; child: ChildProcess }> {
  const simIndex = pathToFileURL(path.join(repoRoot, 'src/simulator/index.ts')).href;
  const code = `
    const { startSimulator } = await import(${JSON.stringify(simIndex)});
    const sim = await startSimulator({ ...${JSON.stringify(VOLUME)}, host: '127.0.0.1', port: 0, now: () => ${NOW} });
    process.stdout.write(JSON.stringify({ url: sim.url }) + '\\n');
    process.stdin.on('end', () => sim.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: repoRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url: (JSON.parse(first) as { url: string }).url, child };
}

interface Captured {
  json: string[];
  ndjson: string[];
  bytes: number;
}

/** A fetch that keeps a copy of every data answer (the bytes the baseline parses). */
function capturingFetch(captured: Captured): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (response.status !== 200 || url.endsWith('/oauth/token')) return response;
    const bytes = Buffer.from(await response.clone().arrayBuffer());
    captured.bytes += bytes.length;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) captured.ndjson.push(gunzipSync(bytes).toString('utf8'));
    else if (!url.includes('/siem/v1/batch/')) captured.json.push(bytes.toString('utf8'));
    return response;
  };
}

async function pull(url: string, c: Case, fetchImpl: typeof fetch): Promise<{ events: number; ms: number; cpuMs: number }> {
  const clock: Clock = { now: () => NOW, sleep: systemClock.sleep };
  const client = createMimecastClient({
    baseUrl: url,
    clientId: 'demo-client-id',
    clientSecret: 'demo-client-secret',
    clock,
    logger: silentLogger,
    fetch: fetchImpl,
    startTime: c.startTime,
    pageSize: c.pageSize,
  });
  await client.authenticate();
  const pager = client.pager(c.dataType);
  let cursor: Checkpoint | undefined;
  let events = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (;;) {
    const page = await pager.next(cursor);
    events += page.events.length;
    cursor = page.cursor;
    if (!page.more || c.stop?.(cursor)) break;
  }
  const used = process.cpuUsage(cpu);
  return { events, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

/** JSON.parse of every captured answer: whole JSON bodies, and each line of the unzipped batch files. */
function parseBaseline(captured: Captured): number {
  const started = performance.now();
  for (const body of captured.json) JSON.parse(body);
  for (const file of captured.ndjson) {
    let start = 0;
    while (start < file.length) {
      const end = file.indexOf('\n', start);
      const stop = end < 0 ? file.length : end;
      if (stop > start) JSON.parse(file.slice(start, stop));
      start = stop + 1;
    }
  }
  return performance.now() - started;
}

const rate = (events: number, ms: number) => Math.round(events / (ms / 1000)).toLocaleString('en-US');

export async function run(log: (line: string) => void): Promise<void> {
  const { url, child } = await startChildSimulator();
  try {
    log(`simulator in a child process at ${url}; volumes ${JSON.stringify(VOLUME)}`);
    log('data type                      events   client events/s   client CPU events/s   JSON.parse events/s (same bytes)     MB');
    for (const c of CASES) {
      const captured: Captured = { json: [], ndjson: [], bytes: 0 };
      const warm = await pull(url, c, capturingFetch(captured));
      const timed = await pull(url, c, globalThis.fetch);
      if (timed.events !== warm.events) throw new Error(`${c.name}: ${warm.events} events, then ${timed.events}`);
      const parseMs = parseBaseline(captured);
      log(
        `${c.name.padEnd(28)} ${String(timed.events).padStart(8)}   ${rate(timed.events, timed.ms).padStart(15)}   ${rate(timed.events, timed.cpuMs).padStart(19)}   ${rate(warm.events, parseMs).padStart(32)}   ${(captured.bytes / 1e6).toFixed(1).padStart(6)}`,
      );
    }
    log('client events/s: wall clock of the whole pull (token, HTTP on loopback, raw-text slicing, parsing, identity hashing,');
    log("cursors), with the simulator serving from a child process; client CPU events/s: the same events over this process's CPU time.");
  } finally {
    child.stdin?.end();
    child.kill();
  }
}
