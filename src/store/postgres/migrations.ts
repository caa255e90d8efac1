import type pg from 'pg';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { EXTRACTED_FIELDS } from '../../model/message.js';
import { lookupTablesDdl } from '../lookup-tables.js';
import { pushReceiversDdl } from '../push-receivers.js';
import { messagesTableDdl } from '../schema.js';
import { threatIndicatorsDdl } from '../threat-indicators.js';
import { SQL_FUNCTIONS, SQL_OPERATORS, SQL_PARSE_DATE } from './sql-functions.js';
import { SQL_URL } from './sql-functions-url.js';

/** Advisory lock keys (two-int form): one namespace for this product, one key per guarded job. */
export const LOCK_NAMESPACE = 0x6d633263; // 'mc2c'
export const LOCK_MIGRATE = 1;
export const LOCK_PARTITIONS = 2;
export const LOCK_MONITOR_INSTALL = 3;

/**
 * The messages table, partitioned by day of `messagetime`. PostgreSQL requires a unique constraint on a
 * partitioned table to include the partition key, and (source_id, dedupe_key, messagetime) would not be exact
 * dedupe: an event without its own time is stamped with its receipt time, so a replay of it gets a new
 * messagetime. Uniqueness is therefore kept in `message_keys` (unpartitioned, keyed on source_id +
 * dedupe_key), written in the same statement as the messages. Both keys start with source_id, so the tables
 * can still be distributed by source (Citus: distribution column in every unique key).
 */
export function partitionedMessagesDdl(): string {
  const ddl = messagesTableDdl('postgres');
  const partitioned = ddl.replace(/,\s*PRIMARY KEY \(source_id, dedupe_key\)\s*\)\s*$/, '\n) PARTITION BY RANGE (messagetime)');
  if (partitioned === ddl) throw new AppError('store.schema', 'messages DDL has an unexpected shape; cannot derive the partitioned table');
  return partitioned;
}

/** Each migration runs once, in order, in the transaction that records it. Never edit one that has shipped. */
const MIGRATIONS: readonly { version: number; name: string; sql: () => string[] }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: () => [
      `CREATE TABLE collectors (
        id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL, category TEXT NOT NULL,
        fields TEXT NOT NULL, created_at BIGINT NOT NULL, version INTEGER NOT NULL)`,
      // The secret lives only sealed, in its own column; `config` is the rest of the source's config.
      `CREATE TABLE sources (
        id TEXT PRIMARY KEY, collector_id TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL, secret TEXT NOT NULL,
        state TEXT NOT NULL, deleting BOOLEAN NOT NULL DEFAULT FALSE, created_at BIGINT NOT NULL, version INTEGER NOT NULL,
        UNIQUE (collector_id, name))`,
      `CREATE TABLE checkpoints (
        source_id TEXT NOT NULL, data_type TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (source_id, data_type))`,
      `CREATE TABLE collection_stats (
        source_id TEXT NOT NULL, data_type TEXT NOT NULL, messages BIGINT NOT NULL DEFAULT 0, dropped BIGINT NOT NULL DEFAULT 0,
        last_message_time BIGINT, last_poll_at BIGINT, PRIMARY KEY (source_id, data_type))`,
      `CREATE TABLE health_events (
        event_id TEXT PRIMARY KEY, event_name TEXT NOT NULL, severity_level TEXT NOT NULL, resource_id TEXT NOT NULL,
        details TEXT NOT NULL, resource_identity TEXT NOT NULL, event_time BIGINT NOT NULL, resolved_at BIGINT)`,
      'CREATE UNIQUE INDEX health_events_open_idx ON health_events (resource_id, event_name) WHERE resolved_at IS NULL',
      `CREATE TABLE access_keys (
        access_id TEXT PRIMARY KEY, name TEXT NOT NULL, salt TEXT NOT NULL, hash TEXT NOT NULL,
        created_at BIGINT NOT NULL, last_used_at BIGINT, revoked BOOLEAN NOT NULL DEFAULT FALSE)`,
      'CREATE TABLE fields (field_id TEXT PRIMARY KEY, field_name TEXT NOT NULL)',
      'CREATE UNIQUE INDEX fields_name_idx ON fields (lower(field_name))',
      `CREATE TABLE content (
        id TEXT PRIMARY KEY, parent_id TEXT, item_type TEXT NOT NULL, name TEXT NOT NULL, description TEXT NOT NULL,
        body TEXT NOT NULL, created_at BIGINT NOT NULL)`,
      'CREATE INDEX content_parent_idx ON content (parent_id)',
      `CREATE TABLE processes (
        holder TEXT PRIMARY KEY, hostname TEXT NOT NULL, started_at BIGINT NOT NULL, last_seen_alive BIGINT NOT NULL)`,
      `CREATE TABLE leases (
        source_id TEXT PRIMARY KEY, holder TEXT, token BIGINT NOT NULL DEFAULT 0, expires_at BIGINT NOT NULL DEFAULT 0)`,
      // One row per committed batch with the fencing token it was committed under: the audit trail that
      // proves each source was collected by one process at a time.
      `CREATE TABLE batches (
        id BIGSERIAL PRIMARY KEY, source_id TEXT NOT NULL, data_type TEXT NOT NULL, holder TEXT, token BIGINT,
        inserted INTEGER NOT NULL, duplicates INTEGER NOT NULL, committed_at BIGINT NOT NULL)`,
      'CREATE INDEX batches_source_idx ON batches (source_id, id)',
      `CREATE TABLE message_keys (
        source_id TEXT NOT NULL, dedupe_key TEXT NOT NULL, messagetime BIGINT NOT NULL, PRIMARY KEY (source_id, dedupe_key))`,
      'CREATE INDEX message_keys_time_idx ON message_keys (messagetime)',
      partitionedMessagesDdl(),
      'CREATE INDEX messages_time_idx ON messages (messagetime)',
    ],
  },
  { version: 2, name: 'query dialect functions', sql: () => [...SQL_FUNCTIONS] },
  { version: 3, name: 'double precision modulo', sql: () => [...SQL_OPERATORS] },
  // DLP records are the few messages with a `policy` key; the DLP panels select exactly those (json "policy"
  // without nodrop), so a partial index turns their full scan into a read of a few rows (10× on a day).
  {
    version: 4,
    name: 'index of DLP records',
    sql: () => ['CREATE INDEX messages_dlp_idx ON messages (messagetime) WHERE x_policy IS NOT NULL'],
  },
  {
    version: 5,
    name: "Sumo's access key members",
    sql: () => [
      'ALTER TABLE access_keys RENAME COLUMN revoked TO disabled',
      "ALTER TABLE access_keys ADD COLUMN created_by TEXT NOT NULL DEFAULT ''",
      'ALTER TABLE access_keys ADD COLUMN modified_at BIGINT',
      "ALTER TABLE access_keys ADD COLUMN cors_headers TEXT NOT NULL DEFAULT '[]'",
    ],
  },
  // Restart, update and delete become requests (generation) the runtime acts on (observed_generation).
  // Existing sources count as observed, so an upgrade restarts nothing; new ones start at 1 and 0.
  {
    version: 6,
    name: 'source generations',
    sql: () => [
      'ALTER TABLE sources ADD COLUMN generation INTEGER NOT NULL DEFAULT 1',
      'ALTER TABLE sources ADD COLUMN observed_generation INTEGER NOT NULL DEFAULT 1',
    ],
  },
  // Monitors, connections and alert state (store/monitors-sql.ts); at most one open alert per monitor,
  // trigger type and series, whatever the processes do.
  {
    version: 7,
    name: 'monitors, connections and alerts',
    sql: () => [
      `CREATE TABLE monitors (
        id TEXT PRIMARY KEY, parent_id TEXT, item_type TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
        is_disabled BOOLEAN NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL,
        modified_at BIGINT NOT NULL, modified_by TEXT NOT NULL, next_eval_at BIGINT NOT NULL)`,
      'CREATE INDEX monitors_parent_idx ON monitors (parent_id)',
      `CREATE TABLE connections (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL, secret TEXT NOT NULL, version INTEGER NOT NULL,
        created_at BIGINT NOT NULL, created_by TEXT NOT NULL, modified_at BIGINT NOT NULL, modified_by TEXT NOT NULL)`,
      `CREATE TABLE monitor_alerts (
        id TEXT PRIMARY KEY, monitor_id TEXT NOT NULL, trigger_type TEXT NOT NULL, series_key TEXT NOT NULL,
        value DOUBLE PRECISION NOT NULL, started_at BIGINT NOT NULL, resolved_at BIGINT, resolution TEXT)`,
      'CREATE UNIQUE INDEX monitor_alerts_open_idx ON monitor_alerts (monitor_id, trigger_type, series_key) WHERE resolved_at IS NULL',
      `CREATE TABLE alert_deliveries (
        id TEXT PRIMARY KEY, alert_id TEXT NOT NULL, monitor_id TEXT NOT NULL, connection_id TEXT NOT NULL,
        trigger_type TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at BIGINT NOT NULL, claimed_until BIGINT NOT NULL, last_error TEXT, http_status INTEGER,
        created_at BIGINT NOT NULL, sent_at BIGINT)`,
      "CREATE INDEX alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE status = 'Pending'",
    ],
  },
  // Alerts acknowledged and resolved by hand; `held` keeps a hand-resolved alert from reopening until its
  // condition has cleared once (monitors/evaluate.ts).
  {
    version: 8,
    name: 'alerts acknowledged and resolved by hand',
    sql: () => [
      'ALTER TABLE monitor_alerts ADD COLUMN acknowledged_at BIGINT',
      'ALTER TABLE monitor_alerts ADD COLUMN acknowledged_by TEXT',
      'ALTER TABLE monitor_alerts ADD COLUMN resolved_by TEXT',
      'ALTER TABLE monitor_alerts ADD COLUMN held BOOLEAN NOT NULL DEFAULT false',
      'CREATE INDEX monitor_alerts_held_idx ON monitor_alerts (monitor_id) WHERE held',
    ],
  },
  { version: 9, name: 'query parseDate function', sql: () => [...SQL_PARSE_DATE] },
  // Partitions (docs/partitions.md). A fresh database's messages table has part_name already (schema.ts).
  {
    version: 10,
    name: 'partitions',
    sql: () => [
      'ALTER TABLE messages ADD COLUMN IF NOT EXISTS part_name TEXT',
      'CREATE TABLE partitions (id TEXT PRIMARY KEY, name TEXT NOT NULL, body TEXT NOT NULL)',
      'CREATE UNIQUE INDEX partitions_name_idx ON partitions (lower(name))',
    ],
  },
  // Threat-intelligence indicators for the threat lookups (store/threat-indicators.ts).
  { version: 11, name: 'threat indicators', sql: () => threatIndicatorsDdl('postgres') },
  // Lookup tables and their rows (store/lookup-tables.ts).
  { version: 12, name: 'lookup tables', sql: () => lookupTablesDdl('postgres') },
  { version: 14, name: 'query urlEncode and urlDecode functions', sql: () => [...SQL_URL] },
  // Mimecast tokens and rate budgets shared by every serve process (store/postgres/mimecast-credentials.ts),
  // in two tables on purpose: a process holds the token row locked while it logs in, and that login is
  // itself a rate-limited call that must be able to take from the budget row.
  {
    version: 15,
    name: 'shared Mimecast tokens and rate budgets',
    sql: () => [
      'CREATE TABLE mimecast_tokens (app TEXT PRIMARY KEY, secret_hash TEXT, token TEXT, refresh_at BIGINT NOT NULL DEFAULT 0)',
      `CREATE TABLE mimecast_rate_budgets (
        app TEXT PRIMARY KEY, not_before BIGINT NOT NULL DEFAULT 0, budget INTEGER, budget_until BIGINT NOT NULL DEFAULT 0,
        unknown_taken INTEGER NOT NULL DEFAULT 0)`,
    ],
  },
  // Each source's Event Push receiver (store/push-receivers.ts).
  { version: 16, name: 'event push receivers', sql: () => pushReceiversDdl('postgres') },
];

/**
 * Brings the schema up to date. Several processes may start at once: a transaction-scoped advisory lock
 * makes them take turns, and each migration commits with its record, so a failure leaves nothing half-made.
 */
export async function migrate(pool: pg.Pool, logger: Logger): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_MIGRATE]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.sql()) await client.query(statement);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
        migration.version,
        migration.name,
      ]);
      logger.info('postgres migration applied', { version: migration.version, name: migration.name });
    }
    await addExtractedColumns(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Hot fields added to schema.ts after a database was created become columns here (NULL for older rows). */
async function addExtractedColumns(client: pg.PoolClient): Promise<void> {
  const { rows } = await client.query<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'messages'",
  );
  const present = new Set(rows.map((r) => r.column_name));
  for (const field of EXTRACTED_FIELDS) {
    if (!present.has(field.column)) await client.query(`ALTER TABLE messages ADD COLUMN ${field.column} TEXT`);
  }
}
