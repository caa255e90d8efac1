import type pg from 'pg';
import type { LeasesRepository } from '../repositories.js';
import { leaseLostError, toLease, toProcess } from '../rules.js';
import type { PostgresContext } from './context.js';

/** A type, not an interface: rows must stay assignable to the mappers' `Row`. */
type LeaseRow = {
  source_id: string;
  holder: string;
  token: number;
  expires_at: number;
};

export function createLeases({ db, clock }: PostgresContext): LeasesRepository {
  return {
    async heartbeat(holder, hostname) {
      const now = clock.now();
      await db.rows(
        `INSERT INTO processes (holder, hostname, started_at, last_seen_alive) VALUES ($1, $2, $3, $3)
         ON CONFLICT (holder) DO UPDATE SET hostname = EXCLUDED.hostname, last_seen_alive = EXCLUDED.last_seen_alive`,
        [holder, hostname, now],
      );
    },
    async listProcesses() {
      return (await db.rows('SELECT holder, hostname, started_at, last_seen_alive FROM processes ORDER BY started_at, holder')).map(
        toProcess,
      );
    },
    claim: (holder, options) => claimLeases(db, clock.now(), holder, options),
    async release(holder, sourceIds) {
      if (sourceIds === undefined) {
        await db.rows('UPDATE leases SET holder = NULL, expires_at = 0 WHERE holder = $1', [holder]);
      } else if (sourceIds.length > 0) {
        await db.rows('UPDATE leases SET holder = NULL, expires_at = 0 WHERE holder = $1 AND source_id = ANY($2)', [holder, sourceIds]);
      }
    },
  };
}

/**
 * Renews the holder's leases, then evens out the load: each live process (seen within one lease period) is
 * entitled to ceil(sources / live processes). A holder above its share gives the surplus back (its batches
 * for those sources are then fenced off); below it, it takes free or expired leases, skipping rows another
 * process is claiming right now. A lease is free once it has expired or its holder is not a live process
 * (processes heartbeat before they claim, so a holder with no recent heartbeat has stopped renewing too).
 * Every change of holder bumps the lease's token. A source being deleted is
 * never newly claimed (as on DuckDB), but its holder keeps renewing it until the deletion is finished.
 */
function claimLeases(db: PostgresContext['db'], now: number, holder: string, options: { ttlMs: number; max: number }) {
  return db.tx(async (client) => {
    const expiresAt = now + options.ttlMs;
    const held = (
      await client.query<LeaseRow>('UPDATE leases SET expires_at = $2 WHERE holder = $1 RETURNING source_id, holder, token, expires_at', [
        holder,
        expiresAt,
      ])
    ).rows;
    const share = await fairShare(client, holder, now - options.ttlMs);
    if (held.length > share) {
      held.sort((a, b) => (a.source_id < b.source_id ? -1 : 1));
      const surplus = held.splice(share).map((r) => r.source_id);
      await client.query('UPDATE leases SET holder = NULL, expires_at = 0 WHERE holder = $1 AND source_id = ANY($2)', [holder, surplus]);
    }
    const want = Math.min(options.max, share - held.length);
    if (want > 0) {
      const claimed = await client.query<LeaseRow>(
        `UPDATE leases SET holder = $1, token = token + 1, expires_at = $2
         WHERE source_id IN (
           SELECT l.source_id FROM leases l JOIN sources s ON s.id = l.source_id
           WHERE NOT s.deleting AND (l.holder IS NULL OR (l.holder <> $1 AND (l.expires_at <= $3
             OR NOT EXISTS (SELECT 1 FROM processes p WHERE p.holder = l.holder AND p.last_seen_alive > $5))))
           ORDER BY l.expires_at, l.source_id LIMIT $4 FOR UPDATE OF l SKIP LOCKED)
         RETURNING source_id, holder, token, expires_at`,
        [holder, expiresAt, now, want, now - options.ttlMs],
      );
      held.push(...claimed.rows);
    }
    return held.map(toLease).sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1));
  });
}

async function fairShare(client: pg.PoolClient, holder: string, aliveSince: number): Promise<number> {
  const { rows } = await client.query<{ sources: number; live: number }>(
    `SELECT (SELECT count(*) FROM sources WHERE NOT deleting)::integer AS sources,
            (SELECT count(*) FROM processes WHERE last_seen_alive > $2 AND holder <> $1)::integer + 1 AS live`,
    [holder, aliveSince],
  );
  return Math.max(1, Math.ceil(rows[0].sources / rows[0].live));
}

/**
 * The fence of a batch, checked inside the batch's transaction. The shared row lock makes a concurrent
 * change of holder wait for this batch to commit (or this batch wait for it and then see the new token), so
 * a batch can only commit while its holder still owns the lease with that very token.
 */
export async function checkFence(client: pg.PoolClient, sourceId: string, fence: { holder: string; token: number }): Promise<void> {
  const { rows } = await client.query<{ holder: string | null; token: number }>(
    'SELECT holder, token FROM leases WHERE source_id = $1 FOR SHARE',
    [sourceId],
  );
  const lease = rows[0];
  if (!lease || lease.holder !== fence.holder || lease.token !== fence.token) throw leaseLostError(sourceId, fence, lease);
}
