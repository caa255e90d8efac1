import type { LeasesRepository } from '../repositories.js';
import { toLease, toProcess } from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

export function createLeases(ctx: DuckDbContext): LeasesRepository {
  return {
    async heartbeat(holder, hostname) {
      const now = ctx.clock.now();
      await ctx.exec(
        `INSERT INTO processes VALUES (?, ?, ?, ?)
         ON CONFLICT (holder) DO UPDATE SET hostname = excluded.hostname, last_seen = excluded.last_seen`,
        [holder, hostname, now, now],
      );
    },
    async listProcesses() {
      const rows = await ctx.all(
        'SELECT holder, hostname, started_at, last_seen AS last_seen_alive FROM processes ORDER BY started_at, holder',
      );
      return rows.map(toProcess);
    },
    /**
     * One process owns the DuckDB file (the file lock sees to that), so every live source goes to the caller;
     * `max` does not apply. A new holder (a restarted process) takes leases over at once, with a higher token.
     */
    claim(holder, options) {
      return ctx.transaction(async (c) => {
        await exec(
          c,
          `INSERT INTO leases SELECT id, ?, 1, ? FROM sources WHERE NOT deleting
           ON CONFLICT (source_id) DO UPDATE SET
             token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
             holder = excluded.holder, expires_at = excluded.expires_at`,
          [holder, ctx.clock.now() + options.ttlMs],
        );
        const rows = await all(
          c,
          `SELECT l.source_id, l.holder, l.token, l.expires_at FROM leases l JOIN sources s ON s.id = l.source_id
           WHERE l.holder = ? AND NOT s.deleting ORDER BY s.created_at, s.id`,
          [holder],
        );
        return rows.map(toLease);
      });
    },
    async release(holder, sourceIds) {
      // The row stays with no holder, so whoever claims it next gets a higher token than any fence still in flight.
      const release = "UPDATE leases SET holder = '', expires_at = 0 WHERE holder = ?";
      if (sourceIds === undefined) {
        await ctx.exec(release, [holder]);
        return;
      }
      if (sourceIds.length === 0) return;
      await ctx.exec(`${release} AND source_id IN (${sourceIds.map(() => '?').join(', ')})`, [holder, ...sourceIds]);
    },
  };
}
