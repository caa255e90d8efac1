/**
 * Query benchmark: the Mimecast app's Overview panels, compiled by our compiler, against hand-written DuckDB
 * SQL computing the same answers, over 1 M and 10 M generated messages (BENCH_QUERY_SIZES=1000000,10000000).
 * Data is generated inside DuckDB (deterministic, realistic API 2.0 SIEM and DLP JSON plus legacy 1.0 delivery
 * logs), with the extracted columns filled from the same values the JSON holds, as the store does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { MIMECAST_LEGACY_APP } from '../src/content/mimecast-app.js';
import { EXTRACTED_FIELDS, METADATA_COLUMNS } from '../src/model/message.js';
import { type QueryRunner, runCompiledQuery } from '../src/query/execute.js';
import { compileQuery } from '../src/query/index.js';
import { messagesTableDdl } from '../src/store/schema.js';
import type { Row } from '../src/store/store.js';

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 20);
const START = END - 7 * DAY;
const RUNS = 5;

/**
 * One row per message from `range(n)`: kind by i % 20 (receipt 7, delivery 7, process 3, DLP 1, legacy 1, av 1).
 * Every value is a pure function of i, so the data is the same on every run.
 */
function generateSql(n: number): string {
  const kind = `CASE WHEN i % 20 < 7 THEN 'receipt' WHEN i % 20 < 14 THEN 'delivery' WHEN i % 20 < 17 THEN 'process' WHEN i % 20 = 17 THEN 'dlp' WHEN i % 20 = 18 THEN 'legacy' ELSE 'av' END`;
  return `
  WITH base AS (
    SELECT i, ${START}::BIGINT + (i * ${7 * DAY}::BIGINT) // ${n} AS t, ${kind} AS kind,
      'agg' || (i // 3) AS agg, 'CUSB4A274' AS acct,
      CASE WHEN hash(i) % 10 < 8 THEN 'true' ELSE 'false' END AS delivered,
      CASE WHEN hash(i + 1) % 10 < 2 THEN 'No' ELSE 'Yes' END AS tls_used,
      CASE WHEN hash(i + 2) % 10 < 1 THEN NULL WHEN hash(i + 2) % 10 < 2 THEN '' ELSE 'TLSv1.3' END AS tls_version,
      CASE WHEN hash(i + 3) % 10 < 8 THEN 'Acc' WHEN hash(i + 3) % 10 < 9 THEN 'Rej' ELSE 'Hld' END AS action,
      (['Inbound', 'Outbound', 'Internal'])[1 + (hash(i + 4) % 3)::BIGINT] AS direction,
      (hash(i + 5) % 223 + 1) || '.' || (hash(i + 6) % 256) || '.' || (hash(i + 7) % 256) || '.' || (hash(i + 8) % 254 + 1) AS ip,
      'user' || (hash(i + 9) % 5000) || '@example' || (hash(i + 10) % 50) || '.com' AS sender,
      'rcpt' || (hash(i + 11) % 20000) || '@corp.example' AS rcpt,
      'Subject line number ' || (hash(i + 12) % 100000) AS subject,
      ([
        'Content Inspection - Watermark', 'Attachment Block', 'PCI Data', 'PII Outbound', 'Source Code',
        'Credentials', 'Confidential Label', 'HIPAA', 'GDPR Export', 'Large Attachment', 'Password Files', 'Financial Report'
      ])[1 + (hash(i + 13) % 12)::BIGINT] AS policy,
      '<' || (i // 2) || '@mail.example>' AS message_id
    FROM range(${n}) r(i)
  ),
  docs AS (
    SELECT *,
      CASE kind
        WHEN 'receipt' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'receipt', 'eventType', 'receipt',
          'subtype', action, 'action', action, 'senderEnvelope', sender, 'senderIp', ip, 'recipients', rcpt, 'messageId', message_id, 'subject', subject,
          'direction', direction, 'numberAttachments', '0', 'tlsVersion', tls_version, 'tlsCipher', 'TLS_AES_256_GCM_SHA384', 'spamScore', (hash(i) % 30)::VARCHAR)::VARCHAR
        WHEN 'delivery' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'delivery', 'eventType', 'delivery',
          'subtype', delivered, 'delivered', delivered, 'deliveryAttempts', '1', 'destinationIp', ip, 'direction', direction, 'recipients', rcpt,
          'senderEnvelope', sender, 'messageId', message_id, 'subject', subject, 'route', 'Office365', 'tlsUsed', tls_used, 'tlsVersion', tls_version,
          'tlsCipher', 'TLS_AES_256_GCM_SHA384')::VARCHAR
        WHEN 'process' THEN json_object('accountId', acct, 'aggregateId', agg, 'processingId', 'p' || i, 'timestamp', t, 'type', 'process', 'eventType', 'process',
          'action', action, 'holdReason', CASE WHEN action = 'Hld' THEN 'Spm' END, 'senderEnvelope', sender, 'messageId', message_id, 'subject', subject,
          'numberAttachments', '1', 'emailSize', '20480')::VARCHAR
        WHEN 'dlp' THEN json_object('senderAddress', sender, 'recipientAddress', rcpt, 'subject', subject, 'eventTime', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'),
          'route', CASE WHEN hash(i) % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'policy', policy, 'action', CASE WHEN hash(i) % 3 = 0 THEN 'hold' ELSE 'notification' END,
          'messageId', message_id)::VARCHAR
        WHEN 'legacy' THEN json_object('acc', 'ABC123', 'aCode', 'L' || (i // 40), 'Delivered', delivered::BOOLEAN, 'UseTls', tls_used, 'Dir', direction,
          'Rcpt', rcpt, 'datetime', strftime(make_timestamp(t * 1000), '%Y-%m-%dT%H:%M:%S+0000'), 'Route', 'Office365')::VARCHAR
        ELSE json_object('accountId', acct, 'aggregateId', agg, 'timestamp', t, 'type', 'av', 'eventType', 'av', 'fileName', 'invoice.pdf.exe',
          'fileExtension', 'exe', 'virusFound', 'Trojan.Generic', 'senderEnvelope', sender, 'senderIp', ip, 'recipients', rcpt)::VARCHAR
      END AS raw
    FROM base
  )
  INSERT INTO messages
  SELECT 'bench', 'k' || i, raw, t, t + 1000, 'Mimecast',
    CASE WHEN kind = 'legacy' THEN 'mimecast_app' ELSE 'Mimecast' END, 'bench-collector',
    CASE WHEN kind = 'dlp' THEN 'dlp' ELSE 'siem' END, 'api.services.mimecast.com', strlen(raw), 'main', '{}',
    ${EXTRACTED_FIELDS.map((_f, k) => `x[${k + 1}]`).join(', ')},
    NULL
  FROM (SELECT *, json_extract_string(raw, [${EXTRACTED_FIELDS.map((f) => `'$."${f.key}"'`).join(', ')}]) AS x FROM docs)
`;
}

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

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
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

/**
 * The Overview panels exactly as the app ships them (src/app), installed on `_sourceCategory=Mimecast` with
 * every filter variable left at `*`, each next to the hand-written SQL of the panel it computes.
 */
function appPanels(): Panel[] {
  const overview = MIMECAST_LEGACY_APP.dashboards.find((d) => d.title === 'Mimecast - Overview');
  if (!overview) return [];
  return overview.panels.flatMap((p) => {
    const mine = PANELS.find((x) => x.title === p.title);
    if (!mine) return [];
    const query = p.query.replace(/\$\$logsrc/g, '_sourceCategory=Mimecast').replace(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/g, '*');
    const recent = p.title.startsWith('Recent');
    return [
      {
        title: `app: ${p.title}`,
        query,
        hand: mine.hand,
        unordered: true,
        pick: recent ? ['_raw', '_messagetime', 'sender', 'recipient', 'subject', 'policy', 'action', 'route'] : undefined,
      },
    ];
  });
}

/** The same answer from both: rows reduced to their values, compared as text. */
function signature(rows: Row[]): string {
  return JSON.stringify(rows.map((r) => Object.values(r).map((v) => (v === null || v === undefined ? null : String(v)))));
}

export async function run(log: (line: string) => void): Promise<void> {
  const sizes = (process.env.BENCH_QUERY_SIZES ?? '1000000,10000000').split(',').map((s) => Number(s.trim()));
  for (const size of sizes) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-bench-query-'));
    const instance = await DuckDBInstance.create(path.join(dir, 'bench.duckdb'));
    const connection = await instance.connect();
    try {
      await connection.run(messagesTableDdl('duckdb'));
      const t0 = performance.now();
      await connection.run(generateSql(size));
      await connection.run('CHECKPOINT');
      log(
        `${size.toLocaleString('en-US')} messages generated in ${((performance.now() - t0) / 1000).toFixed(1)} s (columns: ${METADATA_COLUMNS.length} metadata + ${EXTRACTED_FIELDS.length} extracted)`,
      );
      const runner: QueryRunner = {
        async query(sql, params) {
          return (await connection.runAndReadAll(sql, params as never)).getRowObjectsJS() as Row[];
        },
      };
      log(`${'panel'.padEnd(48)} ${'compiled'.padStart(10)} ${'hand SQL'.padStart(10)} ${'ratio'.padStart(7)}  rows`);
      for (const panel of [...PANELS, ...appPanels()]) {
        const compiled = compileQuery(panel.query, { dialect: 'duckdb', from: START, to: END });
        const ours = await time(() => runCompiledQuery(runner, compiled));
        const hand = await time(() => runner.query(panel.hand, []));
        const result = (await runCompiledQuery(runner, compiled)).rows;
        const mine = panel.pick ? result.map((r) => Object.fromEntries((panel.pick as string[]).map((f) => [f, r[f]]))) : result;
        const theirs = await runner.query(panel.hand, []);
        const fill = compiled.postProcess.length > 0;
        // fillmissing adds the empty days the hand SQL leaves out: compare the non-empty rows.
        const ourRows = fill ? mine.filter((r) => Object.values(r).every((v) => v !== 0)) : mine;
        const same = panel.unordered ? sortedSignature(ourRows) === sortedSignature(theirs) : signature(ourRows) === signature(theirs);
        if (!same) log(`  ours: ${signature(mine).slice(0, 300)}\n  hand: ${signature(theirs).slice(0, 300)}`);
        log(
          `${panel.title.padEnd(48)} ${`${ours.toFixed(1)} ms`.padStart(10)} ${`${hand.toFixed(1)} ms`.padStart(10)} ${`${(ours / hand).toFixed(2)}x`.padStart(7)}  ${mine.length}${same ? '' : '  (ANSWERS DIFFER)'}`,
        );
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
