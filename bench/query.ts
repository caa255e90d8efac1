/**
 * Query benchmark: every panel of both Mimecast apps (legacy and current), compiled by our compiler, over
 * generated messages (`--messages N[,M…]`, default 200 000; `npm run bench -- query --messages 10000000`), stored
 * as the DuckDB store stores them, with its memory_limit and threads (`--compression automatic` for a store in the
 * older file format, `--memory-limit 1GB` for a server given more).
 * The Overview panels are also timed against hand-written DuckDB SQL computing the same answers.
 * `--before <git ref>` also compiles every panel with the compiler of that commit (its src/ extracted to a
 * temporary folder) and prints both times and their ratio: the figure that says no panel got slower.
 * Data is generated inside DuckDB from the simulator's shapes (bench/query-data.ts), with the extracted
 * columns filled from the same values the JSON holds, as the store does, so 10 M messages load in a minute.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { APPS, MIMECAST_DETECTIONS_APP, MIMECAST_LEGACY_APP } from '../src/content/mimecast-app.js';
import { EXTRACTED_FIELDS, METADATA_COLUMNS } from '../src/model/message.js';
import { type QueryRunner, runCompiledQuery } from '../src/query/execute.js';
import { openGeoDatabase } from '../src/query/geo.js';
import { compileQuery } from '../src/query/index.js';
import { STORAGE_VERSION } from '../src/store/duckdb/compression.js';
import { DEFAULT_MEMORY_LIMIT, DEFAULT_THREADS } from '../src/store/duckdb/duckdb-store.js';
import { messagesTableDdl } from '../src/store/schema.js';
import type { Row } from '../src/store/store.js';
import { generateSql } from './query-data.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 20);
const START = END - 7 * DAY;

interface Panel {
  title: string;
  query: string;
  hand: string;
  /** For message results: the fields compared with the hand-written SQL's columns, in order. */
  pick?: string[];
  /** Compare the rows as a set (the app's panels sort for their charts). */
  unordered?: boolean;
}

const SCOPE = `idx = 'main' AND messagetime >= ${START} AND messagetime < ${END}`;

const PANELS: Panel[] = [
  {
    title: 'Total Messages Delivered',
    query: `_sourceCategory=Mimecast | json "eventType", "aggregateId", "delivered" as event_type, aggregate_id, delivered | where event_type = "delivery" and delivered = "true" | count_distinct(aggregate_id)`,
    hand: `SELECT count(DISTINCT x_aggregateid) FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND x_eventtype = 'delivery' AND x_delivered = 'true'`,
  },
  {
    title: 'Messages Delivered Without TLS',
    query: `_sourceCategory=Mimecast | json "eventType", "aggregateId", "delivered", "tlsUsed" as event_type, aggregate_id, delivered, tls_used | where event_type = "delivery" and delivered = "true" and tls_used = "No" | count_distinct(aggregate_id)`,
    hand: `SELECT count(DISTINCT x_aggregateid) FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND x_eventtype = 'delivery' AND x_delivered = 'true' AND x_tlsused = 'No'`,
  },
  {
    title: 'Messages Received Without TLS',
    query: `_sourceCategory=Mimecast | json "eventType", "aggregateId", "action" as event_type, aggregate_id, action | json "tlsVersion" as tls_version nodrop | where event_type = "receipt" and action = "Acc" and isBlank(tls_version) | count_distinct(aggregate_id)`,
    hand: `SELECT count(DISTINCT x_aggregateid) FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND x_eventtype = 'receipt' AND x_action = 'Acc' AND coalesce(trim(x_tlsversion), '') = ''`,
  },
  {
    title: 'DLP Events Over Time',
    query: `_sourceCategory=Mimecast _sourceName=dlp | json "messageId" as message_id | timeslice 1d | count_distinct(message_id) by _timeslice | fillmissing timeslice(1d)`,
    hand: `SELECT messagetime - messagetime % ${DAY} AS day, count(DISTINCT x_messageid) AS n FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND source_name = 'dlp' AND x_messageid IS NOT NULL GROUP BY day ORDER BY n DESC, day`,
  },
  {
    title: 'Top 10 DLP Policies',
    query: `_sourceCategory=Mimecast _sourceName=dlp | json "policy" | count by policy | top 10 policy by _count`,
    hand: `SELECT x_policy, count(*) AS n FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND source_name = 'dlp' AND x_policy IS NOT NULL GROUP BY x_policy ORDER BY n DESC, x_policy LIMIT 10`,
  },
  {
    title: 'Recent Messages that Triggered DLP',
    query: `_sourceCategory=Mimecast _sourceName=dlp | json "senderAddress", "recipientAddress", "subject", "policy", "action", "route" as sender, recipient, subject, policy, action, route | fields sender, recipient, subject, policy, action, route | limit 100`,
    // A messages result carries each message's _raw: the hand-written SQL fetches it too.
    pick: ['_raw', '_messagetime', 'sender', 'recipient', 'subject', 'policy', 'action', 'route'],
    hand: `SELECT raw, messagetime, x_senderaddress, x_recipientaddress, x_subject, x_policy, x_action, x_route FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND source_name = 'dlp' AND x_senderaddress IS NOT NULL AND x_recipientaddress IS NOT NULL AND x_subject IS NOT NULL AND x_policy IS NOT NULL AND x_action IS NOT NULL AND x_route IS NOT NULL ORDER BY messagetime DESC LIMIT 100`,
  },
  {
    title: '  same, hand SQL without _raw',
    query: `_sourceCategory=Mimecast _sourceName=dlp | json "senderAddress", "recipientAddress", "subject", "policy", "action", "route" as sender, recipient, subject, policy, action, route | fields sender, recipient, subject, policy, action, route | limit 100`,
    pick: ['_messagetime', 'sender', 'recipient', 'subject', 'policy', 'action', 'route'],
    hand: `SELECT messagetime, x_senderaddress, x_recipientaddress, x_subject, x_policy, x_action, x_route FROM messages WHERE ${SCOPE} AND source_category = 'Mimecast' AND source_name = 'dlp' AND x_senderaddress IS NOT NULL AND x_recipientaddress IS NOT NULL AND x_subject IS NOT NULL AND x_policy IS NOT NULL AND x_action IS NOT NULL AND x_route IS NOT NULL ORDER BY messagetime DESC LIMIT 100`,
  },
  {
    title: '(seed) legacy delivered without TLS, keywords',
    query: `_sourceCategory="mimecast_app" Delivered Dir | json "aCode","Delivered","UseTls" as a_code, delivered, use_tls nodrop | where delivered="true" | where use_tls="No" | count_distinct(a_code)`,
    hand: `SELECT count(DISTINCT l_acode) FROM messages WHERE ${SCOPE} AND source_category = 'mimecast_app' AND regexp_matches(raw, '(?i)(^|[^A-Za-z0-9_])Delivered([^A-Za-z0-9_]|$)') AND regexp_matches(raw, '(?i)(^|[^A-Za-z0-9_])Dir([^A-Za-z0-9_]|$)') AND l_delivered = 'true' AND l_usetls = 'No'`,
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

function sortedSignature(rows: Row[]): string {
  return JSON.stringify(
    rows.map((r) => JSON.stringify(Object.values(r).map((v) => (v === null || v === undefined ? null : String(v))))).sort(),
  );
}

type Compiler = { compile: typeof compileQuery; run: typeof runCompiledQuery };

/** Every panel of the legacy and current apps, installed on `_sourceCategory=Mimecast`, filter variables at `*`. */
function appPanels(): { title: string; query: string }[] {
  return APPS.filter((a) => a !== MIMECAST_DETECTIONS_APP).flatMap((app) =>
    app.dashboards.flatMap((d) =>
      d.panels.map((p) => ({
        title: `${app === MIMECAST_LEGACY_APP ? 'legacy' : 'current'}: ${d.title.replace(/^Mimecast( SIEM Logs)? - /, '')} / ${p.title}`,
        query: p.query.replace(/\$\$logsrc/g, '_sourceCategory=Mimecast').replace(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g, '*'),
      })),
    ),
  );
}

/** The compiler of an older commit: its src/ extracted beside this checkout's node_modules, loaded by tsx. */
async function compilerAt(ref: string): Promise<{ compiler: Compiler; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-bench-before-'));
  const tar = execFileSync('git', ['archive', '--format=tar', ref, 'src'], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  const index = await import(path.join(dir, 'src/query/index.ts'));
  const execute = await import(path.join(dir, 'src/query/execute.ts'));
  return { compiler: { compile: index.compileQuery, run: execute.runCompiledQuery }, dir };
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The same answer from both: rows reduced to their values, compared as text. */
function signature(rows: Row[]): string {
  return JSON.stringify(rows.map((r) => Object.values(r).map((v) => (v === null || v === undefined ? null : String(v)))));
}

const ms = (t: number) => `${t.toFixed(1)} ms`.padStart(10);

export async function run(log: (line: string) => void): Promise<void> {
  const sizes = (option('messages') ?? '200000').split(',').map((s) => Number(s.trim()));
  const before = option('before');
  const compression = option('compression') ?? 'zstd';
  // The store's defaults, as serve runs searches; `--memory-limit 4GB` for a server given more.
  const memoryLimit = option('memory-limit') ?? DEFAULT_MEMORY_LIMIT;
  if (compression !== 'zstd' && compression !== 'automatic') throw new Error('--compression: zstd or automatic');
  const old = before ? await compilerAt(before) : null;
  const geo = await openGeoDatabase();
  try {
    for (const size of sizes) {
      const runs = size >= 5_000_000 ? 3 : 5;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-bench-query-'));
      // The store's file format and compression (store/duckdb/compression.ts); `--compression automatic`
      // measures DuckDB's own choice, as a store created before them keeps.
      const instance = await DuckDBInstance.create(path.join(dir, 'bench.duckdb'), {
        storage_compatibility_version: STORAGE_VERSION,
        memory_limit: memoryLimit,
        threads: String(DEFAULT_THREADS),
      });
      const connection = await instance.connect();
      try {
        await connection.run(messagesTableDdl('duckdb', compression === 'zstd' ? { rawCompression: 'zstd' } : {}));
        const t0 = performance.now();
        await connection.run(generateSql(size, START, 7));
        await connection.run('CHECKPOINT');
        log(
          `${size.toLocaleString('en-US')} messages (${compression} compression, memory_limit ${memoryLimit}) generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (columns: ${METADATA_COLUMNS.length} metadata + ${EXTRACTED_FIELDS.length} extracted); median of ${runs} runs`,
        );
        const runner: QueryRunner = {
          async query(sql, params) {
            return (await connection.runAndReadAll(sql, params as never)).getRowObjectsJS() as Row[];
          },
        };
        const ours: Compiler = { compile: compileQuery, run: runCompiledQuery };
        const timed = async (c: Compiler, query: string) => {
          const compiled = c.compile(query, { dialect: 'duckdb', from: START, to: END });
          const result = await c.run(runner, compiled, { geo });
          return { rows: result.rows as Row[], ms: await time(() => c.run(runner, compiled, { geo }), runs) };
        };
        // Before and after run in turns, so a busy moment of the shared machine slows both alike.
        const pair = async (a: Compiler, b: Compiler, query: string) => {
          const [ca, cb] = [a, b].map((c) => c.compile(query, { dialect: 'duckdb', from: START, to: END }));
          const rows = [(await a.run(runner, ca, { geo })).rows as Row[], (await b.run(runner, cb, { geo })).rows as Row[]];
          const times: [number[], number[]] = [[], []];
          for (let i = 0; i < runs; i++) {
            for (const [k, c, compiled] of [
              [0, a, ca],
              [1, b, cb],
            ] as const) {
              const t0 = performance.now();
              await c.run(runner, compiled, { geo });
              times[k].push(performance.now() - t0);
            }
          }
          return { before: { rows: rows[0], ms: median(times[0]) }, after: { rows: rows[1], ms: median(times[1]) } };
        };
        log(`${'panel'.padEnd(64)} ${'compiled'.padStart(10)} ${'hand SQL'.padStart(10)} ${'ratio'.padStart(7)}  rows`);
        for (const panel of PANELS) {
          const mine = await timed(ours, panel.query);
          const hand = await time(() => runner.query(panel.hand, []), runs);
          const theirs = await runner.query(panel.hand, []);
          const picked = panel.pick ? mine.rows.map((r) => Object.fromEntries((panel.pick as string[]).map((f) => [f, r[f]]))) : mine.rows;
          // fillmissing adds the empty days the hand SQL leaves out: compare the non-empty rows.
          const filled = panel.query.includes('fillmissing') ? picked.filter((r) => Object.values(r).every((v) => v !== 0)) : picked;
          const same = panel.unordered ? sortedSignature(filled) === sortedSignature(theirs) : signature(filled) === signature(theirs);
          log(
            `${panel.title.padEnd(64)} ${ms(mine.ms)} ${ms(hand)} ${`${(mine.ms / hand).toFixed(2)}x`.padStart(7)}  ${picked.length}${same ? '' : '  (ANSWERS DIFFER)'}`,
          );
        }
        log('');
        log(
          `${'app panel'.padEnd(64)} ${(before ? 'before' : '').padStart(10)} ${'after'.padStart(10)} ${before ? 'ratio'.padStart(7) : ''}  rows`,
        );
        const ratios: number[] = [];
        for (const panel of appPanels()) {
          // An older compiler may refuse the panel (a feature added since): then the present time alone.
          const both = old ? await pair(old.compiler, ours, panel.query).catch((e: Error) => e) : null;
          let line: string;
          if (both && !(both instanceof Error)) {
            const { before: b, after } = both;
            ratios.push(after.ms / b.ms);
            const same = signature(b.rows) === signature(after.rows) ? '' : '  (answers differ from before)';
            line = `${ms(b.ms)} ${ms(after.ms)} ${`${(after.ms / b.ms).toFixed(2)}x`.padStart(7)}  ${after.rows.length}${same}`;
          } else {
            const after = await timed(ours, panel.query);
            const why = both instanceof Error ? `  (before: ${both.message.slice(0, 60)})` : '';
            line = `${(old ? '—' : '').padStart(10)} ${ms(after.ms)} ${''.padStart(7)}  ${after.rows.length}${why}`;
          }
          log(`${panel.title.slice(0, 64).padEnd(64)} ${line}`);
        }
        if (ratios.length > 0)
          log(
            `after/before over ${ratios.length} panels: median ${median(ratios).toFixed(2)}x, slowest ${Math.max(...ratios).toFixed(2)}x`,
          );
      } finally {
        connection.closeSync();
        instance.closeSync();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (old) rmSync(old.dir, { recursive: true, force: true });
  }
}
