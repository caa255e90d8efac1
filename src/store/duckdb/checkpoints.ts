import type { Checkpoint } from '../../model/checkpoint.js';
import type { CheckpointsRepository } from '../repositories.js';
import { toStats } from '../rules.js';
import type { DuckDbContext } from './context.js';

export function createCheckpoints(ctx: DuckDbContext): CheckpointsRepository {
  return {
    async get(sourceId, dataType) {
      const rows = await ctx.all('SELECT body FROM checkpoints WHERE source_id = ? AND data_type = ?', [sourceId, dataType]);
      return rows.length === 0 ? undefined : (JSON.parse(String(rows[0].body)) as Checkpoint);
    },
    async clear(sourceId) {
      await ctx.exec('DELETE FROM checkpoints WHERE source_id = ?', [sourceId]);
    },
    async stats(sourceId) {
      return toStats(await ctx.all('SELECT * FROM collection_stats WHERE source_id = ? ORDER BY data_type', [sourceId]));
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
