import type pg from 'pg';
import type { AppError } from '../../core/errors.js';
import type { DataType, Message } from '../../model/message.js';
import type { AppendResult, MessagesRepository } from '../repositories.js';
import { threatIndicatorUpserts } from '../threat-indicators.js';
import { storeError } from './connect.js';
import type { PostgresContext } from './context.js';
import { checkFence } from './leases.js';
import { type WriteResult, writeMessages } from './message-writer.js';

const NO_PARTITION = '23514';

/** Adds a write's messages (and the batch's dropped ones) to its data type's collection stats. */
async function addCollectionStats(
  client: pg.PoolClient,
  to: { sourceId: string; dataType: DataType },
  written: WriteResult,
  dropped: number,
): Promise<void> {
  await client.query(
    `INSERT INTO collection_stats AS s (source_id, data_type, messages, dropped, last_message_time) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source_id, data_type) DO UPDATE SET messages = s.messages + EXCLUDED.messages,
       dropped = s.dropped + EXCLUDED.dropped,
       last_message_time = GREATEST(s.last_message_time, EXCLUDED.last_message_time)`,
    [to.sourceId, to.dataType, written.inserted, dropped, written.lastMessageTime],
  );
}

/** PostgreSQL keeps messages in day partitions, so retention can drop whole days. */
export interface PostgresMessagesRepository extends MessagesRepository {
  /** Retention: drops the day partitions that end at or before `cutoff`; returns their names. */
  dropBefore(cutoff: number): Promise<string[]>;
}

export function createMessages({ db, clock, partitions, routing }: PostgresContext): PostgresMessagesRepository {
  /**
   * Makes the partitions the messages need first (DDL, outside the batch's transaction). If another process
   * dropped a partition this one still believed in (retention), the insert fails on it: relearn and retry once.
   */
  const withPartitions = async <T>(messages: readonly Message[], write: () => Promise<T>): Promise<T> => {
    const ensure = () =>
      partitions
        .ensure(
          messages.map((m) => m.messageTime),
          clock.now(),
        )
        .catch((e: unknown) => Promise.reject(storeError(e)));
    await ensure();
    try {
      return await write();
    } catch (error) {
      if ((error as AppError).cause === undefined || ((error as AppError).cause as { code?: string }).code !== NO_PARTITION) throw error;
      await partitions.reload().catch((e: unknown) => Promise.reject(storeError(e)));
      await ensure();
      return write();
    }
  };
  /** Messages without a checkpoint (imports, pushes); `alongside` writes in the same transaction. */
  const appendMessages = async (
    given: Message[],
    alongside?: (client: pg.PoolClient, written: WriteResult) => Promise<void>,
  ): Promise<AppendResult> => {
    const messages = await routing.route(given);
    return withPartitions(messages, async () =>
      db.tx(async (client) => {
        const written = await writeMessages(client, messages);
        await alongside?.(client, written);
        return { inserted: written.inserted, duplicates: written.duplicates, expired: given.length - messages.length };
      }),
    );
  };
  return {
    /** Fence check, messages, checkpoint, stats and the batch's audit row: one transaction. */
    async appendBatch(batch) {
      const messages = await routing.route(batch.messages);
      const expired = batch.messages.length - messages.length;
      return withPartitions(messages, async () =>
        db.tx(async (client): Promise<AppendResult> => {
          if (batch.fence) await checkFence(client, batch.sourceId, batch.fence);
          const written = await writeMessages(client, messages);
          for (const u of threatIndicatorUpserts('postgres', batch.indicators ?? [], clock.now())) await client.query(u.sql, u.params);
          await client.query(
            `INSERT INTO checkpoints (source_id, data_type, body) VALUES ($1, $2, $3)
             ON CONFLICT (source_id, data_type) DO UPDATE SET body = EXCLUDED.body`,
            [batch.sourceId, batch.dataType, JSON.stringify(batch.checkpoint)],
          );
          await addCollectionStats(client, batch, written, batch.dropped ?? 0);
          await client.query(
            `INSERT INTO batches (source_id, data_type, holder, token, inserted, duplicates, committed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              batch.sourceId,
              batch.dataType,
              batch.fence?.holder ?? null,
              batch.fence?.token ?? null,
              written.inserted,
              written.duplicates,
              clock.now(),
            ],
          );
          return { inserted: written.inserted, duplicates: written.duplicates, expired };
        }),
      );
    },
    append: (given) => appendMessages(given),
    appendPushed: (push) =>
      appendMessages(push.messages, async (client, written) => {
        // The receiver's counts and the data type's stats move in the transaction that stores what they count.
        if (written.inserted === 0) return;
        await client.query('UPDATE push_receivers SET messages = messages + $1, last_push_at = $2 WHERE source_id = $3', [
          written.inserted,
          push.at,
          push.sourceId,
        ]);
        await addCollectionStats(client, push, written, 0);
      }),
    async dropBefore(cutoff) {
      try {
        return await partitions.dropBefore(cutoff);
      } catch (error) {
        throw storeError(error);
      }
    },
  };
}
