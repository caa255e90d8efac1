import type { DuckDBConnection } from '@duckdb/node-api';
import type { Message } from '../../model/message.js';
import type { PartitionRouting } from '../partition-routing.js';
import type { AppendResult, MessagesRepository } from '../repositories.js';
import { leaseLostError } from '../rules.js';
import { threatIndicatorUpserts } from '../threat-indicators.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';
import { insertMessages, uniqueMessages, withWriteFailure } from './message-writer.js';

export function createMessages(ctx: DuckDbContext, routing: PartitionRouting): MessagesRepository {
  /** Messages without a checkpoint (imports, pushes); `alongside` writes in the same transaction. */
  const appendMessages = async (
    messages: Message[],
    alongside?: (c: DuckDBConnection, inserted: number) => Promise<void>,
  ): Promise<AppendResult> => {
    const routed = await routing.route(messages);
    const unique = uniqueMessages(routed);
    const write = () =>
      ctx.transaction(async (c): Promise<AppendResult> => {
        const inserted = await insertMessages(c, unique);
        await alongside?.(c, inserted);
        return { inserted, duplicates: routed.length - inserted, expired: messages.length - routed.length };
      });
    return withWriteFailure(write);
  };
  return {
    async appendBatch(batch) {
      const routed = await routing.route(batch.messages);
      const expired = batch.messages.length - routed.length;
      const unique = uniqueMessages(routed);
      let lastMessageTime: number | null = null;
      for (const { message: m } of unique) if (lastMessageTime === null || m.messageTime > lastMessageTime) lastMessageTime = m.messageTime;
      const write = () =>
        ctx.transaction(async (c): Promise<AppendResult> => {
          if (batch.fence !== undefined) {
            const lease = await all(c, 'SELECT holder, token FROM leases WHERE source_id = ?', [batch.sourceId]);
            if (lease.length === 0 || lease[0].holder !== batch.fence.holder || Number(lease[0].token) !== batch.fence.token) {
              throw leaseLostError(batch.sourceId, batch.fence, lease[0] as { holder: unknown; token: unknown } | undefined);
            }
          }
          const inserted = await insertMessages(c, unique);
          for (const u of threatIndicatorUpserts('duckdb', batch.indicators ?? [], ctx.clock.now())) await exec(c, u.sql, u.params);
          await ctx.faults.afterMessagesInsert?.();
          const now = BigInt(ctx.clock.now());
          await ctx.runPrepared(
            c,
            `INSERT INTO checkpoints VALUES ($1, $2, $3, $4)
             ON CONFLICT (source_id, data_type) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
            [batch.sourceId, batch.dataType, JSON.stringify(batch.checkpoint), now],
          );
          await ctx.runPrepared(
            c,
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
          return { inserted, duplicates: routed.length - inserted, expired };
        });
      return withWriteFailure(write);
    },
    append: (messages) => appendMessages(messages),
    appendPushed: (push) =>
      appendMessages(push.messages, async (c, inserted) => {
        await ctx.faults.afterMessagesInsert?.();
        // The receiver's counts move in the transaction that stores what they count.
        if (inserted > 0) {
          await exec(c, 'UPDATE push_receivers SET messages = messages + ?, last_push_at = ? WHERE source_id = ?', [
            inserted,
            push.at,
            push.sourceId,
          ]);
        }
      }),
  };
}
