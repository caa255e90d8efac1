import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError } from '../../core/errors.js';
import type { DataType, Message } from '../../core/message.js';
import { EXTRACTED_FIELDS, extractedText, METADATA_COLUMNS } from '../schema.js';
import type { AppendResult, Checkpoint, CollectionStats, Store } from '../store.js';
import { errorText } from './connection.js';
import { type DuckDbContext, num, numOrNull, parseJson } from './context.js';

const STAGE = 'stage_messages';

/** Per connection: a temporary table shaped like `messages` that the appender fills before one INSERT … SELECT. */
export async function createStage(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TEMP TABLE IF NOT EXISTS ${STAGE} AS SELECT * FROM messages LIMIT 0`);
}

/** Keeps the first of each (sourceId, dedupeKey) in a batch, so the unique constraint only ever meets rows from earlier batches. */
function uniqueMessages(messages: readonly Message[]): Message[] {
  const seen = new Set<string>();
  const out: Message[] = [];
  for (const m of messages) {
    const key = `${m.sourceId}\u0000${m.dedupeKey}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}

function parsedOf(message: Message): Record<string, unknown> | undefined {
  if (message.parsed !== undefined) return message.parsed;
  try {
    const value: unknown = JSON.parse(message.raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stages the messages with the appender (row-by-row INSERTs are 1–2 orders slower) and moves the new ones into
 * `messages`; must run inside the caller's transaction. Returns how many rows were new.
 */
async function insertMessages(connection: DuckDBConnection, messages: readonly Message[]): Promise<number> {
  if (messages.length === 0) return 0;
  const appender = await connection.createAppender(STAGE, 'main', 'temp');
  try {
    const metadata = METADATA_COLUMNS.map((c) => c.column);
    for (const m of messages) {
      appender.appendVarchar(m.sourceId);
      appender.appendVarchar(m.dedupeKey);
      for (const column of metadata) {
        switch (column) {
          case 'raw':
            appender.appendVarchar(m.raw);
            break;
          case 'messagetime':
            appender.appendBigInt(BigInt(Math.trunc(m.messageTime)));
            break;
          case 'receipttime':
            appender.appendBigInt(BigInt(Math.trunc(m.receiptTime)));
            break;
          case 'source':
            appender.appendVarchar(m.source);
            break;
          case 'source_category':
            appender.appendVarchar(m.sourceCategory);
            break;
          case 'collector':
            appender.appendVarchar(m.collector);
            break;
          case 'source_name':
            appender.appendVarchar(m.sourceName);
            break;
          case 'source_host':
            appender.appendVarchar(m.sourceHost);
            break;
          case 'size':
            appender.appendInteger(Buffer.byteLength(m.raw, 'utf8'));
            break;
          case 'idx':
            appender.appendVarchar(m.index);
            break;
          default:
            throw new AppError('internal', `no value for messages.${column}`);
        }
      }
      appender.appendVarchar(JSON.stringify(m.fields));
      const parsed = parsedOf(m);
      for (const field of EXTRACTED_FIELDS) {
        const text = parsed === undefined ? null : extractedText(parsed[field.key]);
        if (text === null) appender.appendNull();
        else appender.appendVarchar(text);
      }
      appender.endRow();
    }
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
  const result = await connection.run(`INSERT INTO messages SELECT * FROM temp.main.${STAGE} ON CONFLICT DO NOTHING`);
  await connection.run(`DELETE FROM temp.main.${STAGE}`);
  return result.rowsChanged;
}

type MessageMethods = Pick<
  Store,
  'getCheckpoint' | 'clearCheckpoints' | 'appendBatch' | 'appendMessages' | 'getCollectionStats' | 'recordPoll'
>;

function writeFailure(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('store.write', `the store could not write the batch: ${errorText(error)}`, { retryable: true, cause: error });
}

export function messageMethods(ctx: DuckDbContext): MessageMethods {
  return {
    async getCheckpoint(sourceId, dataType) {
      const rows = await ctx.all('SELECT body FROM checkpoints WHERE source_id = ? AND data_type = ?', [sourceId, dataType]);
      return rows.length === 0 ? undefined : parseJson<Checkpoint>(rows[0].body);
    },
    async clearCheckpoints(sourceId) {
      await ctx.exec('DELETE FROM checkpoints WHERE source_id = ?', [sourceId]);
    },
    async appendBatch(batch) {
      const unique = uniqueMessages(batch.messages);
      let lastMessageTime: number | null = null;
      for (const m of unique) if (lastMessageTime === null || m.messageTime > lastMessageTime) lastMessageTime = m.messageTime;
      try {
        return await ctx.transaction(async (c): Promise<AppendResult> => {
          if (batch.fence !== undefined) {
            const lease = await c.runAndReadAll('SELECT 1 FROM leases WHERE source_id = $1 AND holder = $2 AND token = $3', [
              batch.sourceId,
              batch.fence.holder,
              BigInt(batch.fence.token),
            ]);
            if (lease.currentRowCount === 0) {
              throw new AppError('lease.lost', `the lease on source ${batch.sourceId} has moved to another holder`);
            }
          }
          const inserted = await insertMessages(c, unique);
          await ctx.faults.afterMessagesInsert?.();
          const now = BigInt(ctx.clock.now());
          await c.run(
            `INSERT INTO checkpoints VALUES ($1, $2, $3, $4)
             ON CONFLICT (source_id, data_type) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
            [batch.sourceId, batch.dataType, JSON.stringify(batch.checkpoint), now],
          );
          await c.run(
            `INSERT INTO collection_stats VALUES ($1, $2, $3, $4, $5, NULL)
             ON CONFLICT (source_id, data_type) DO UPDATE SET
               messages = collection_stats.messages + excluded.messages,
               dropped = collection_stats.dropped + excluded.dropped,
               last_message_time = greatest(collection_stats.last_message_time, excluded.last_message_time)`,
            [
              batch.sourceId,
              batch.dataType,
              BigInt(inserted),
              BigInt(batch.dropped ?? 0),
              lastMessageTime === null || inserted === 0 ? null : BigInt(Math.trunc(lastMessageTime)),
            ],
          );
          return { inserted, duplicates: batch.messages.length - inserted };
        });
      } catch (error) {
        throw writeFailure(error);
      }
    },
    async appendMessages(messages) {
      const unique = uniqueMessages(messages);
      try {
        const inserted = await ctx.transaction((c) => insertMessages(c, unique));
        return { inserted, duplicates: messages.length - inserted };
      } catch (error) {
        throw writeFailure(error);
      }
    },
    async getCollectionStats(sourceId) {
      const rows = await ctx.all('SELECT * FROM collection_stats WHERE source_id = ? ORDER BY data_type', [sourceId]);
      const out: Partial<Record<DataType, CollectionStats>> = {};
      for (const row of rows) {
        out[String(row.data_type) as DataType] = {
          messages: num(row.messages),
          dropped: num(row.dropped),
          lastMessageTime: numOrNull(row.last_message_time),
          lastPollAt: numOrNull(row.last_poll_at),
        };
      }
      return out;
    },
    async recordPoll(sourceId, dataType, at) {
      await ctx.exec(
        `INSERT INTO collection_stats VALUES (?, ?, 0, 0, NULL, ?)
         ON CONFLICT (source_id, data_type) DO UPDATE SET last_poll_at = excluded.last_poll_at`,
        [sourceId, dataType, at],
      );
    },
  };
}
