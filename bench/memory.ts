/**
 * Memory of `serve` during a backfill: the simulator and a real `serve` child process (DuckDB store, the
 * server's default settings), one source collecting a SIEM backlog of each size until caught up, and the
 * peak resident memory of the serve process (the kernel's VmHWM, so no sample can miss the peak), with
 * the RSS sampled as it runs. The baseline is the first (smallest) backlog in the same run: the peak must not
 * grow with the backlog, and stay under GOAL_MB.
 *
 *   npm run bench -- memory                          1 M and 2 M events
 *   npm run bench -- memory --events 200000,400000   other sizes
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeSourceBody } from '../src/api/test-helpers.js';
import { api, createAccessKey, killAll, startServeProcess, startSimulatorProcess, tempDir } from '../src/e2e/processes.js';
import { expectedCounts } from '../src/simulator/index.js';

const SEED = 42;
const WINDOW_MS = 2 * 3_600_000;
const DEFAULT_SIZES = [1_000_000, 2_000_000];
const GOAL_MB = 400;
/** How often the RSS and the JS heap are sampled; BENCH_SAMPLE_MS=1000 shows the shape of a short run. */
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 10_000);
/** The figure this bench is compared with: 1 M events, `memory_limit` 256 MB and whole parsed events kept (docs/running.md). */
const BEFORE = { events: 1_000_000, peakMb: 803 };
const ENV = { MC2C_MIN_POLL_SEC: '1', MC2C_SECRET_KEY: 'bench-secret-key' };

function sizes(): number[] {
  const at = process.argv.indexOf('--events');
  if (at < 0) return DEFAULT_SIZES;
  const list = (process.argv[at + 1] ?? '').split(',').map(Number);
  if (list.length === 0 || list.some((n) => !Number.isSafeInteger(n) || n <= 0))
    throw new Error('--events: a comma-separated list of counts');
  return list;
}

/** The simulator's volume follows a daily curve: scale its rate so the window holds the backlog. */
function rateFor(from: number, target: number): number {
  const probe = 1000;
  const count = expectedCounts({ seed: SEED, siemPerHour: probe * 60 }, 'siem', from, from + WINDOW_MS).total ?? 0;
  return Math.ceil((probe * target) / Math.max(1, count));
}

/** VmRSS and VmHWM (peak) of a process, in MB, from /proc (Linux). */
async function memoryOf(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

type SourceJson = { collection: { siem?: { messages: number; lastPollAt: string | null } } };

async function backfill(target: number): Promise<{ stored: number; seconds: number; peakMb: number; samples: string[] }> {
  const from = Math.floor((Date.now() - WINDOW_MS) / 60_000) * 60_000;
  const sim = await startSimulatorProcess(['--seed', String(SEED), '--rate', String(rateFor(from, target))]);
  const data = await tempDir('mc2c-bench-memory-');
  try {
    const dir = path.join(data.dir, 'data');
    const auth = await createAccessKey(dir, ENV);
    const serve = await startServeProcess(dir, { ...ENV, MIMECAST_BASE_URL: sim.url });
    const pid = serve.process.pid as number;
    const collector = await api<{ collector: { id: string } }>(serve.url, auth, 'POST', '/api/v1/collectors', {
      collector: { collectorType: 'Hosted', name: 'Bench' },
    });
    const cid = collector.body.collector.id;
    const body = makeSourceBody({
      region: undefined,
      dataCollection: ['siem'],
      filters: [],
      startTime: new Date(from).toISOString(),
      pollingIntervalSec: 300,
    });
    const created = await api<{ source: { id: string } }>(serve.url, auth, 'POST', `/api/v1/collectors/${cid}/sources`, body);
    if (created.status !== 200) throw new Error(`source not created: HTTP ${created.status} ${JSON.stringify(created.body)}`);
    const started = performance.now();
    // One sample per SAMPLE_MS of the run, printed so the shape over the backfill is visible: the RSS, and the
    // JS heap (reserved and used) and external memory (buffers) from /metrics; the rest is DuckDB's and other
    // native memory.
    const samples: string[] = [];
    let lastSample = 0;
    for (;;) {
      const res = await api<{ source: SourceJson }>(serve.url, auth, 'GET', `/api/v1/collectors/${cid}/sources/${created.body.source.id}`);
      // A 2 M-event run once failed here on an answer without a source: name what serve said instead.
      if (res.status !== 200) throw new Error(`source status: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      const siem = res.body.source.collection.siem;
      if (performance.now() - lastSample >= SAMPLE_MS) {
        lastSample = performance.now();
        const metrics = await fetch(`${serve.url}/metrics`, { headers: { authorization: auth } }).then((r) => r.text());
        const mb = (name: string) =>
          (Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN) / 1024 / 1024).toFixed(0);
        samples.push(
          `${(await memoryOf(pid)).rss.toFixed(0)}/${mb('nodejs_heap_size_total_bytes')}/${mb('nodejs_heap_size_used_bytes')}/${mb('nodejs_external_memory_bytes')}`,
        );
      }
      if (siem?.lastPollAt) {
        const seconds = (performance.now() - started) / 1000;
        const { peak } = await memoryOf(pid);
        serve.process.kill('SIGTERM');
        await serve.exited;
        return { stored: siem.messages, seconds, peakMb: peak, samples };
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await killAll();
    await data.remove();
  }
}

export async function run(log: (line: string) => void): Promise<void> {
  // The serve child inherits this environment: a figure measured with a changed limit must say so.
  const limit = process.env.MC2C_DUCKDB_MEMORY_LIMIT;
  const settings = limit ? `MC2C_DUCKDB_MEMORY_LIMIT=${limit}` : 'default settings';
  let baseline: number | undefined;
  for (const target of sizes()) {
    const result = await backfill(target);
    baseline ??= result.peakMb;
    log(
      `backfill of ${result.stored} SIEM events into serve (DuckDB, ${settings}) in ${result.seconds.toFixed(0)} s = ${Math.round(result.stored / result.seconds)} events/s: peak RSS ${result.peakMb.toFixed(0)} MB (first size: ${baseline.toFixed(0)} MB; before: ${BEFORE.peakMb} MB for ${BEFORE.events} events; goal < ${GOAL_MB} MB)`,
    );
    log(`  RSS/JS heap total/used/external every ${SAMPLE_MS / 1000} s (MB): ${result.samples.join(' ')}`);
  }
}
