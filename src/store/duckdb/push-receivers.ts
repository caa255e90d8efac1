import { matchingSource, pushTokenHash, toPushReceiver } from '../push-receivers.js';
import type { PushReceiversRepository } from '../repositories.js';
import type { DuckDbContext } from './context.js';

export function createPushReceivers(ctx: DuckDbContext): PushReceiversRepository {
  const get = async (sourceId: string) => {
    const rows = await ctx.all('SELECT * FROM push_receivers WHERE source_id = ?', [sourceId]);
    return rows.length === 0 ? undefined : toPushReceiver(rows[0], ctx.secrets);
  };
  return {
    async put(sourceId, token) {
      // An upsert, not delete + insert: DuckDB refuses re-inserting a key deleted in the same transaction.
      await ctx.exec(
        `INSERT INTO push_receivers VALUES (?, ?, ?, ?, 0, NULL)
         ON CONFLICT (source_id) DO UPDATE SET token_hash = excluded.token_hash, secret = excluded.secret,
           created_at = excluded.created_at, messages = 0, last_push_at = NULL`,
        [sourceId, pushTokenHash(token), ctx.secrets.seal(token, sourceId), ctx.clock.now()],
      );
      return (await get(sourceId))!;
    },
    get,
    async delete(sourceId) {
      return (await ctx.exec('DELETE FROM push_receivers WHERE source_id = ?', [sourceId])) > 0;
    },
    async find(token) {
      const rows = await ctx.all('SELECT * FROM push_receivers WHERE token_hash = ?', [pushTokenHash(token)]);
      return matchingSource(rows, token, ctx.secrets);
    },
  };
}
