import type { Checkpoint } from '../../model/checkpoint.js';
import type { CheckpointsRepository } from '../repositories.js';
import { toStats } from '../rules.js';
import type { PostgresContext } from './context.js';

export function createCheckpoints({ db }: PostgresContext): CheckpointsRepository {
  return {
    async get(sourceId, dataType) {
      const rows = await db.rows('SELECT body FROM checkpoints WHERE source_id = $1 AND data_type = $2', [sourceId, dataType]);
      return rows[0] && (JSON.parse(String(rows[0].body)) as Checkpoint);
    },
    async clear(sourceId) {
      await db.rows('DELETE FROM checkpoints WHERE source_id = $1', [sourceId]);
    },
    async stats(sourceId) {
      return toStats(await db.rows('SELECT * FROM collection_stats WHERE source_id = $1 ORDER BY data_type', [sourceId]));
    },
    async recordPoll(sourceId, dataType, at) {
      await db.rows(
        `INSERT INTO collection_stats (source_id, data_type, last_poll_at) VALUES ($1, $2, $3)
         ON CONFLICT (source_id, data_type) DO UPDATE SET last_poll_at = EXCLUDED.last_poll_at`,
        [sourceId, dataType, at],
      );
    },
  };
}
