import type { DuckDBConnection } from '@duckdb/node-api';
import { DuckDBInstance } from '@duckdb/node-api';
import type { LookupRow, LookupTable } from '../model/lookup-table.js';
import {
  EXTRACTED_FIELDS,
  extractedText,
  MAIN_INDEX,
  MESSAGE_KEY_COLUMNS,
  METADATA_COLUMNS,
  type Message,
  PARTITION_COLUMN,
} from '../model/message.js';
import type { ThreatIndicator } from '../model/threat-indicator.js';
import { paramTypes } from '../store/duckdb/connection.js';
import { lookupRowUpserts, lookupTablesDdl } from '../store/lookup-tables.js';
import { messagesTableDdl } from '../store/schema.js';
import { threatIndicatorsDdl, threatIndicatorUpserts } from '../store/threat-indicators.js';
import type { QueryRunner } from './execute.js';

/** A message as tests and benchmarks describe it; everything but `raw` and `time` has a default. */
export interface TestMessage {
  raw: string | Record<string, unknown>;
  time: number;
  sourceCategory?: string;
  source?: string;
  sourceName?: string;
  sourceHost?: string;
  collector?: string;
  index?: string;
  /** The partition the store would have routed it to (unset: the default partition). */
  partition?: string;
  fields?: Record<string, string>;
}

export interface TestDb {
  connection: DuckDBConnection;
  runner: QueryRunner;
  close(): void;
}

/** An in-memory DuckDB with the store's messages, threat_indicators and lookup tables: compiled SQL runs against exactly that DDL. */
export async function createTestDb(): Promise<TestDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(messagesTableDdl('duckdb'));
  for (const ddl of [...threatIndicatorsDdl('duckdb'), ...lookupTablesDdl('duckdb')]) await connection.run(ddl);
  const runner: QueryRunner = {
    async query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]> {
      // The store's types for numbers beyond the safe integers (store/duckdb/connection.ts), so those run as in the product.
      const reader = await connection.runAndReadAll(sql, params as never, paramTypes(params));
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    },
  };
  return {
    connection,
    runner,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Inserts messages, filling metadata and the extracted columns as the stores do (extractedText of each top-level key). */
export async function loadMessages(connection: DuckDBConnection, messages: TestMessage[]): Promise<void> {
  const columns = [
    MESSAGE_KEY_COLUMNS.sourceId,
    MESSAGE_KEY_COLUMNS.dedupeKey,
    ...METADATA_COLUMNS.map((m) => m.column),
    MESSAGE_KEY_COLUMNS.fields,
    ...EXTRACTED_FIELDS.map((f) => f.column),
    PARTITION_COLUMN,
  ];
  const sql = `INSERT INTO messages (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
  for (const [n, m] of messages.entries()) {
    const message = toStoreMessage(m, n);
    let parsed: Record<string, unknown> | null = null;
    try {
      const v = JSON.parse(message.raw);
      if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v;
    } catch {
      parsed = null;
    }
    const values = [
      message.sourceId,
      message.dedupeKey,
      ...METADATA_COLUMNS.map((c) => c.value(message)),
      JSON.stringify(message.fields),
      ...EXTRACTED_FIELDS.map((f) => (parsed ? extractedText(parsed[f.key]) : null)),
      message.partition ?? null,
    ];
    await connection.run(sql, values as never);
  }
}

/** Inserts threat indicators with the statements the DuckDB store runs. */
export async function loadIndicators(connection: DuckDBConnection, indicators: ThreatIndicator[], now = 0): Promise<void> {
  for (const s of threatIndicatorUpserts('duckdb', indicators, now)) await connection.run(s.sql, s.params as never);
}

/** Inserts lookup tables and their rows as the DuckDB store does. */
export async function loadLookupTables(connection: DuckDBConnection, tables: { table: LookupTable; rows: LookupRow[] }[]): Promise<void> {
  for (const { table, rows } of tables) {
    await connection.run('INSERT INTO lookup_tables VALUES (?, ?, ?)', [table.id, table.contentPath.toLowerCase(), JSON.stringify(table)]);
    for (const s of lookupRowUpserts('duckdb', table.id, rows, 0)) await connection.run(s.sql, s.params as never);
  }
}

/** The same test message as the store's append takes it (for tests that go through a real store). */
export function toStoreMessage(m: TestMessage, n: number): Message {
  const raw = typeof m.raw === 'string' ? m.raw : JSON.stringify(m.raw);
  return {
    raw,
    messageTime: m.time,
    receiptTime: m.time + 1000,
    dedupeKey: `test-${n}`,
    sourceId: 'test-source',
    source: m.source ?? 'Mimecast',
    sourceCategory: m.sourceCategory ?? 'mimecast',
    collector: m.collector ?? 'test-collector',
    sourceName: m.sourceName ?? 'siem',
    sourceHost: m.sourceHost ?? 'api.services.mimecast.com',
    index: m.index ?? MAIN_INDEX,
    fields: m.fields ?? {},
    ...(m.partition === undefined ? {} : { partition: m.partition }),
  };
}
