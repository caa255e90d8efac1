import { matchingSource, pushTokenHash, toPushReceiver } from '../push-receivers.js';
import type { PushReceiversRepository } from '../repositories.js';
import type { PostgresContext } from './context.js';

export function createPushReceivers({ db, clock, secrets }: PostgresContext): PushReceiversRepository {
  const get = async (sourceId: string) => {
    const [row] = await db.rows('SELECT * FROM push_receivers WHERE source_id = $1', [sourceId]);
    return row ? toPushReceiver(row, secrets) : undefined;
  };
  return {
    async put(sourceId, token) {
      await db.rows(
        `INSERT INTO push_receivers VALUES ($1, $2, $3, $4, 0, NULL)
         ON CONFLICT (source_id) DO UPDATE SET token_hash = excluded.token_hash, secret = excluded.secret,
           created_at = excluded.created_at, messages = 0, last_push_at = NULL`,
        [sourceId, pushTokenHash(token), secrets.seal(token, sourceId), clock.now()],
      );
      return (await get(sourceId))!;
    },
    get,
    async delete(sourceId) {
      return (await db.count('DELETE FROM push_receivers WHERE source_id = $1', [sourceId])) > 0;
    },
    async find(token) {
      return matchingSource(await db.rows('SELECT * FROM push_receivers WHERE token_hash = $1', [pushTokenHash(token)]), token, secrets);
    },
  };
}
