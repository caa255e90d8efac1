import type { DuckDBConnection } from '@duckdb/node-api';
import type { DataType, Message } from '../../model/message.js';
import type { PartitionRouting } from '../partition-routing.js';
import type { AppendResult, MessagesRepository } from '../repositories.js';
import { leaseLostError } from '../rules.js';
import { threatIndicatorUpserts } from '../threat-indicators.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';
import { type Inserted, insertMessages, uniqueMessages, withWriteFailure } from './message-writer.js';

export function createMessages(ctx: DuckDbContext, routing: PartitionRouting): MessagesRepository {
  /** Adds a write's messages (and the batch's dropped ones) to its data type's collection stats. */
  const addCollectionStats = (c: DuckDBConnection, to: { sourceId: string; dataType: DataType }, written: Inserted, dropped: number) =>
    ctx.runPrepared(
      c,
      `INSERT INTO collection_stats VALUES ($1, $2, $3, $4, $5, NULL)
       ON CONFLICT (source_id, data_type) DO UPDATE SET
         messages = collection_stats.messages + excluded.messages,
         dropped = collection_stats.dropped + excluded.dropped,
         last_message_time = greatest(collection_stats.last_message_time, excluded.last_message_time)`,
      [
        to.sourceId,
        to.dataType,
        BigInt(written.inserted),
        BigInt(dropped),
        written.lastMessageTime === null ? null : BigInt(Math.trunc(written.lastMessageTime)),
      ],
    );
  /** Messages without a checkpoint (imports, pushes); `alongside` writes in the same transaction. */
  const appendMessages = async (
    messages: Message[],
    alongside?: (c: DuckDBConnection, written: Inserted) => Promise<void>,
  ): Promise<AppendResult> => {
    const routed = await routing.route(messages);
    const unique = uniqueMessages(routed);
    const write = () =>
      ctx.transaction(async (c): Promise<AppendResult> => {
        const written = await insertMessages(c, unique);
        await alongside?.(c, written);
        return { inserted: written.inserted, duplicates: routed.length - written.inserted, expired: messages.length - routed.length };
      });
    return withWriteFailure(write);
  };
  return {
    async appendBatch(batch) {
      const routed = await routing.route(batch.messages);
      const expired = batch.messages.length - routed.length;
      const unique = uniqueMessages(routed);
      const write = () =>
        ctx.transaction(async (c): Promise<AppendResult> => {
          if (batch.fence !== undefined) {
            const lease = await all(c, 'SELECT holder, token FROM leases WHERE source_id = ?', [batch.sourceId]);
            if (lease.length === 0 || lease[0].holder !== batch.fence.holder || Number(lease[0].token) !== batch.fence.token) {
              throw leaseLostError(batch.sourceId, batch.fence, lease[0] as { holder: unknown; token: unknown } | undefined);
            }
          }
          const written = await insertMessages(c, unique);
          for (const u of threatIndicatorUpserts('duckdb', batch.indicators ?? [], ctx.clock.now())) await exec(c, u.sql, u.params);
          await ctx.faults.afterMessagesInsert?.();
          const now = BigInt(ctx.clock.now());
          await ctx.runPrepared(
            c,
            `INSERT INTO checkpoints VALUES ($1, $2, $3, $4)
             ON CONFLICT (source_id, data_type) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
            [batch.sourceId, batch.dataType, JSON.stringify(batch.checkpoint), now],
          );
          await addCollectionStats(c, batch, written, batch.dropped ?? 0);
          return { inserted: written.inserted, duplicates: routed.length - written.inserted, expired };
        });
      return withWriteFailure(write);
    },
    append: (messages) => appendMessages(messages),
    appendPushed: (push) =>
      appendMessages(push.messages, async (c, written) => {
        await ctx.faults.afterMessagesInsert?.();
        // The receiver's counts and the data type's stats move in the transaction that stores what they count.
        if (written.inserted === 0) return;
        await exec(c, 'UPDATE push_receivers SET messages = messages + ?, last_push_at = ? WHERE source_id = ?', [
          written.inserted,
          push.at,
          push.sourceId,
        ]);
        await addCollectionStats(c, push, written, 0);
      }),
  };
}
