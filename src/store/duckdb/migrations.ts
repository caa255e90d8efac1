import type { DuckDBConnection } from '@duckdb/node-api';
import { lookupTablesDdl } from '../lookup-tables.js';
import { pushReceiversDdl } from '../push-receivers.js';
import { messagesTableDdl } from '../schema.js';
import { threatIndicatorsDdl } from '../threat-indicators.js';
import type { Compression } from './compression.js';
import { all, exec } from './connection.js';
import { withDedupeHashSql } from './message-writer.js';

/**
 * Versioned schema changes, applied in order, each in its own transaction. Never edit a released step:
 * add a new one, so every existing data directory moves forward the same way. A step that needs the time of
 * the upgrade or what the file's format allows gets them in a MigrationContext.
 */
interface MigrationContext {
  /** The time of the upgrade, epoch ms (the store's clock). */
  now: number;
  /** What the file's format allows for `messages.raw` (compression.ts). */
  compression: Compression;
}

const MIGRATIONS: { version: number; statements: string[] | ((context: MigrationContext) => string[]) }[] = [
  {
    // A new file gets `raw` compressed with ZSTD when its format allows (compression.ts); a file of an older
    // format has the same table with DuckDB's own choice.
    version: 1,
    statements: ({ compression }) => [
      `CREATE TABLE collectors (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, description VARCHAR NOT NULL, category VARCHAR NOT NULL,
        fields VARCHAR NOT NULL, created_at BIGINT NOT NULL, version INTEGER NOT NULL)`,
      `CREATE TABLE sources (
        id VARCHAR PRIMARY KEY, collector_id VARCHAR NOT NULL, name VARCHAR NOT NULL,
        config VARCHAR NOT NULL, secret VARCHAR NOT NULL, state VARCHAR NOT NULL, deleting BOOLEAN NOT NULL,
        created_at BIGINT NOT NULL, version INTEGER NOT NULL)`,
      `CREATE TABLE checkpoints (
        source_id VARCHAR NOT NULL, data_type VARCHAR NOT NULL, body VARCHAR NOT NULL, updated_at BIGINT NOT NULL,
        PRIMARY KEY (source_id, data_type))`,
      `CREATE TABLE collection_stats (
        source_id VARCHAR NOT NULL, data_type VARCHAR NOT NULL, messages BIGINT NOT NULL, dropped BIGINT NOT NULL,
        last_message_time BIGINT, last_poll_at BIGINT, PRIMARY KEY (source_id, data_type))`,
      `CREATE TABLE health_events (
        event_id VARCHAR PRIMARY KEY, event_name VARCHAR NOT NULL, severity_level VARCHAR NOT NULL,
        resource_id VARCHAR NOT NULL, details VARCHAR NOT NULL, resource_identity VARCHAR NOT NULL,
        event_time BIGINT NOT NULL, resolved_at BIGINT)`,
      `CREATE TABLE access_keys (
        access_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, salt VARCHAR NOT NULL, hash VARCHAR NOT NULL,
        created_at BIGINT NOT NULL, last_used_at BIGINT, revoked BOOLEAN NOT NULL)`,
      'CREATE TABLE fields (field_id VARCHAR PRIMARY KEY, field_name VARCHAR NOT NULL)',
      `CREATE TABLE content (
        id VARCHAR PRIMARY KEY, parent_id VARCHAR, item_type VARCHAR NOT NULL, name VARCHAR NOT NULL,
        description VARCHAR NOT NULL, body VARCHAR NOT NULL, created_at BIGINT NOT NULL)`,
      'CREATE TABLE leases (source_id VARCHAR PRIMARY KEY, holder VARCHAR NOT NULL, token BIGINT NOT NULL, expires_at BIGINT NOT NULL)',
      `CREATE TABLE processes (
        holder VARCHAR PRIMARY KEY, hostname VARCHAR NOT NULL, started_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)`,
      messagesTableDdl('duckdb', { primaryKey: false, ...(compression === 'zstd' ? { rawCompression: 'zstd' } : {}) }),
      // The unique identity of a message: MD5(source_id NUL dedupe_key) as a 128-bit integer (see message-writer.ts).
      'CREATE TABLE message_keys (k HUGEINT PRIMARY KEY)',
    ],
  },
  {
    // Sumo's access key members. DuckDB cannot add a column with a constraint, nor update a table in the
    // transaction that altered it: modified_at stays NULL on older rows and reads as created_at.
    version: 2,
    statements: [
      'ALTER TABLE access_keys RENAME COLUMN revoked TO disabled',
      "ALTER TABLE access_keys ADD COLUMN created_by VARCHAR DEFAULT ''",
      'ALTER TABLE access_keys ADD COLUMN modified_at BIGINT',
      "ALTER TABLE access_keys ADD COLUMN cors_headers VARCHAR DEFAULT '[]'",
    ],
  },
  {
    // Restart, update and delete become requests (generation) the runtime acts on (observed_generation).
    // Existing sources count as observed, so an upgrade restarts nothing; new ones start at 1 and 0.
    version: 3,
    statements: [
      'ALTER TABLE sources ADD COLUMN generation INTEGER DEFAULT 1',
      'ALTER TABLE sources ADD COLUMN observed_generation INTEGER DEFAULT 1',
    ],
  },
  {
    // Monitors, connections and alert state (store/monitors-sql.ts). DuckDB has no partial unique index:
    // its one writer makes the open-alert check and insert atomic instead.
    version: 4,
    statements: [
      `CREATE TABLE monitors (
        id VARCHAR PRIMARY KEY, parent_id VARCHAR, item_type VARCHAR NOT NULL, name VARCHAR NOT NULL, body VARCHAR NOT NULL,
        is_disabled BOOLEAN NOT NULL, version INTEGER NOT NULL, created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL,
        modified_at BIGINT NOT NULL, modified_by VARCHAR NOT NULL, next_eval_at BIGINT NOT NULL)`,
      `CREATE TABLE connections (
        id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, body VARCHAR NOT NULL, secret VARCHAR NOT NULL, version INTEGER NOT NULL,
        created_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, modified_at BIGINT NOT NULL, modified_by VARCHAR NOT NULL)`,
      `CREATE TABLE monitor_alerts (
        id VARCHAR PRIMARY KEY, monitor_id VARCHAR NOT NULL, trigger_type VARCHAR NOT NULL, series_key VARCHAR NOT NULL,
        value DOUBLE NOT NULL, started_at BIGINT NOT NULL, resolved_at BIGINT, resolution VARCHAR)`,
      `CREATE TABLE alert_deliveries (
        id VARCHAR PRIMARY KEY, alert_id VARCHAR NOT NULL, monitor_id VARCHAR NOT NULL, connection_id VARCHAR NOT NULL,
        trigger_type VARCHAR NOT NULL, payload VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL,
        next_attempt_at BIGINT NOT NULL, claimed_until BIGINT NOT NULL, last_error VARCHAR, http_status INTEGER,
        created_at BIGINT NOT NULL, sent_at BIGINT)`,
    ],
  },
  {
    // Alerts acknowledged and resolved by hand; `held` keeps a hand-resolved alert from reopening until its
    // condition has cleared once (monitors/evaluate.ts).
    version: 5,
    statements: [
      'ALTER TABLE monitor_alerts ADD COLUMN acknowledged_at BIGINT',
      'ALTER TABLE monitor_alerts ADD COLUMN acknowledged_by VARCHAR',
      'ALTER TABLE monitor_alerts ADD COLUMN resolved_by VARCHAR',
      'ALTER TABLE monitor_alerts ADD COLUMN held BOOLEAN DEFAULT false',
    ],
  },
  {
    // Partitions (docs/partitions.md). A fresh store's messages table has part_name already (schema.ts).
    version: 6,
    statements: [
      'ALTER TABLE messages ADD COLUMN IF NOT EXISTS part_name VARCHAR',
      `CREATE TABLE partitions (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, body VARCHAR NOT NULL)`,
    ],
  },
  // Threat-intelligence indicators for the threat lookups (store/threat-indicators.ts).
  { version: 7, statements: threatIndicatorsDdl('duckdb') },
  // Lookup tables and their rows (store/lookup-tables.ts).
  { version: 8, statements: lookupTablesDdl('duckdb') },
  {
    // The dedupe keys without their PRIMARY KEY: its ART index lives wholly in memory and outgrew the memory
    // limit with the backlog. The writer checks a batch's keys against the table instead (message-writer.ts).
    version: 9,
    statements: [
      'CREATE TABLE message_keys_unindexed (k HUGEINT NOT NULL)',
      'INSERT INTO message_keys_unindexed SELECT k FROM message_keys',
      'DROP TABLE message_keys',
      'ALTER TABLE message_keys_unindexed RENAME TO message_keys',
    ],
  },
  {
    // Each dedupe key with its message's time, so retention can drop the keys of expired messages
    // (index-partitions.ts). A stored message's key gets its messagetime, hashed again in SQL to find it; the
    // join spills to disk past the memory limit (5 M keys: 8–10 s at 128 MB, store.md). A key whose message
    // is gone (swept, or dropped by the disk budget) gets the newest stored time, or the upgrade's, whichever
    // is later: kept until the longest retention passes that, never dropped before a message it might dedupe.
    version: 10,
    statements: ({ now }) => [
      'CREATE TABLE message_keys_timed (k HUGEINT NOT NULL, t BIGINT NOT NULL)',
      `INSERT INTO message_keys_timed
       SELECT k.k, coalesce(m.t, (SELECT greatest(max(messagetime), ${Math.trunc(now)}) FROM messages))
       FROM message_keys k
       LEFT JOIN (SELECT k, messagetime AS t FROM (${withDedupeHashSql('messages')})) m ON m.k = k.k`,
      'DROP TABLE message_keys',
      'ALTER TABLE message_keys_timed RENAME TO message_keys',
    ],
  },
  // Each source's Event Push receiver (store/push-receivers.ts).
  { version: 11, statements: pushReceiversDdl('duckdb') },
];

/** Brings the database to the latest schema version; returns the versions it applied. `compression`: what the file's format allows (compression.ts). */
export async function migrate(connection: DuckDBConnection, now: number, compression: Compression): Promise<number[]> {
  await exec(connection, 'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)');
  const rows = await all(connection, 'SELECT coalesce(max(version), 0) AS v FROM schema_version');
  const current = Number(rows[0].v);
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await exec(connection, 'BEGIN TRANSACTION');
    try {
      const statements = typeof migration.statements === 'function' ? migration.statements({ now, compression }) : migration.statements;
      for (const statement of statements) await exec(connection, statement);
      await exec(connection, 'INSERT INTO schema_version VALUES (?, ?)', [migration.version, now]);
      await exec(connection, 'COMMIT');
    } catch (error) {
      await exec(connection, 'ROLLBACK').catch(() => undefined);
      throw error;
    }
    applied.push(migration.version);
  }
  return applied;
}
