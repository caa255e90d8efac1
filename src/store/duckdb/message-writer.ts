import { hash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import { EXTRACTED_FIELDS, extractedText, MESSAGE_KEY_COLUMNS, METADATA_COLUMNS, type Message } from '../../model/message.js';
import type { AppendResult } from '../repositories.js';
import { parsedOf } from '../rules.js';
import { errorText } from './connection.js';

const STAGE_KEYS = 'stage_keys';

/** Per connection: a temporary table for the dedupe hashes of the batch being written. */
export async function createStage(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE_KEYS} (k HUGEINT NOT NULL)`);
}

interface Keyed {
  message: Message;
  /** The dedupe identity: MD5 of sourceId NUL dedupeKey as a signed 128-bit integer (once in `message_keys`). */
  key: bigint;
}

function dedupeHash(sourceId: string, dedupeKey: string): bigint {
  // The one-shot hash avoids a Hash object per message, and one BigInt from hex text avoids two buffer reads,
  // a shift and an or (about a third faster on the hot path), for the same 128 bits.
  return BigInt.asIntN(128, BigInt(`0x${hash('md5', `${sourceId}\u0000${dedupeKey}`, 'hex')}`));
}

/**
 * `dedupeHash` in DuckDB SQL, for keys stored before (migrations.ts): `relation` (with the messages table's
 * `source_id` and `dedupe_key` columns) with its key added as `k`. DuckDB casts hex text only up to 64 bits,
 * so the digest, computed once in the inner select, is read as two halves, the high one signed.
 */
export function withDedupeHashSql(relation: string): string {
  const high = `('0x' || substr(dedupe_md5, 1, 16))::UBIGINT::HUGEINT`;
  const low = `('0x' || substr(dedupe_md5, 17, 16))::UBIGINT::HUGEINT`;
  const signedHigh = `((${high} + 9223372036854775808) % 18446744073709551616 - 9223372036854775808)`;
  return `SELECT *, ${signedHigh} * 18446744073709551616 + ${low} AS k
    FROM (SELECT *, md5(${MESSAGE_KEY_COLUMNS.sourceId} || chr(0) || ${MESSAGE_KEY_COLUMNS.dedupeKey}) AS dedupe_md5 FROM ${relation})`;
}

/** Keeps the first of each (sourceId, dedupeKey) in a batch, so the stored-key check only has to look at earlier batches. */
export function uniqueMessages(messages: readonly Message[]): Keyed[] {
  const seen = new Set<bigint>();
  const out: Keyed[] = [];
  for (const message of messages) {
    const key = dedupeHash(message.sourceId, message.dedupeKey);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ message, key });
  }
  return out;
}

/** Appends the keys, and with `withTime` each message's time (what retention expires a key by; index-partitions.ts). */
async function appendKeys(
  connection: DuckDBConnection,
  table: string,
  catalog: string | null,
  rows: readonly Keyed[],
  withTime: boolean,
): Promise<void> {
  const appender = await connection.createAppender(table, 'main', catalog);
  try {
    for (const row of rows) {
      appender.appendHugeInt(row.key);
      if (withTime) appender.appendBigInt(BigInt(Math.trunc(row.message.messageTime)));
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/** Appends rows straight into `messages` with the appender: row-by-row INSERTs are 1–2 orders slower. */
async function appendRows(connection: DuckDBConnection, rows: readonly Keyed[]): Promise<void> {
  const appender = await connection.createAppender('messages');
  // Messages of one batch mostly share their fields object (see pipeline/messages.ts): serialise each once.
  const fieldsText = new Map<Record<string, string>, string>();
  try {
    for (const { message: m } of rows) {
      appender.appendVarchar(m.sourceId);
      appender.appendVarchar(m.dedupeKey);
      for (const column of METADATA_COLUMNS) {
        if (column.type === 'text') appender.appendVarchar(column.value(m));
        else if (column.type === 'bigint') appender.appendBigInt(BigInt(Math.trunc(column.value(m))));
        else appender.appendInteger(column.value(m));
      }
      let fields = fieldsText.get(m.fields);
      if (fields === undefined) {
        fields = JSON.stringify(m.fields);
        fieldsText.set(m.fields, fields);
      }
      appender.appendVarchar(fields);
      const parsed = parsedOf(m);
      for (const field of EXTRACTED_FIELDS) {
        const text = parsed === undefined ? null : extractedText(parsed[field.key]);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      if (m.partition === undefined) appender.appendNull();
      else appender.appendVarchar(m.partition);
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * The rows whose key is already stored. `message_keys` has no index: DuckDB keeps an ART index wholly in memory,
 * where it grew by about 90 MB of resident memory per million keys and, past about 2 M keys, no longer fitted the
 * default 128 MB `memory_limit` (the commit failed). Instead the batch's keys are joined with a scan of the table:
 * the batch is the hash join's build side (a few thousand keys), so memory stays fixed while the scan costs
 * 20–40 ms per million keys stored (docs/running.md). The one writer connection makes check and append atomic.
 */
async function storedKeys(connection: DuckDBConnection, rows: readonly Keyed[]): Promise<Set<bigint>> {
  await connection.run(`DELETE FROM temp.main.${STAGE_KEYS}`);
  await appendKeys(connection, STAGE_KEYS, 'temp', rows, false);
  const reader = await connection.runAndReadAll(`SELECT m.k FROM message_keys m JOIN temp.main.${STAGE_KEYS} s ON s.k = m.k`);
  const found = new Set<bigint>();
  for (const [k] of reader.getRowsJS()) found.add(k as bigint);
  return found;
}

/** What a write inserted: how many rows, and the newest message time among them. */
export interface Inserted {
  inserted: number;
  lastMessageTime: number | null;
}

/** Writes the rows of a batch whose key is not stored yet, inside the caller's transaction. */
export async function insertMessages(connection: DuckDBConnection, rows: readonly Keyed[]): Promise<Inserted> {
  const none: Inserted = { inserted: 0, lastMessageTime: null };
  if (rows.length === 0) return none;
  const stored = await storedKeys(connection, rows);
  const fresh = stored.size === 0 ? rows : rows.filter((r) => !stored.has(r.key));
  if (fresh.length === 0) return none;
  await appendKeys(connection, 'message_keys', null, fresh, true);
  await appendRows(connection, fresh);
  let lastMessageTime = Number.NEGATIVE_INFINITY;
  for (const { message } of fresh) if (message.messageTime > lastMessageTime) lastMessageTime = message.messageTime;
  return { inserted: fresh.length, lastMessageTime };
}

/** Runs a batch's write, a failure of the store (disk full, I/O) becoming a retryable `store.write`. */
export async function withWriteFailure(write: () => Promise<AppendResult>): Promise<AppendResult> {
  try {
    return await write();
  } catch (error) {
    throw writeFailure(error);
  }
}

function writeFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('store.write', `the store could not write the batch: ${errorText(error)}`, { retryable: true, cause: error });
}
