import type { HealthRepository, RaisedHealthEvent } from '../repositories.js';
import { byEventTime, countedDetails, newId, toHealthEvent } from '../rules.js';
import type { PostgresContext } from './context.js';

export function createHealth({ db, clock }: PostgresContext): HealthRepository {
  /** The partial unique index on open events makes two processes raising the same event at once agree on one. */
  const raise = (event: RaisedHealthEvent, counted: boolean) =>
    db.tx(async (client) => {
      const resourceId = event.resourceIdentity.id;
      const details = counted ? { ...event.details, count: 1 } : event.details;
      const inserted = await client.query(
        `INSERT INTO health_events (event_id, event_name, severity_level, resource_id, details, resource_identity, event_time)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (resource_id, event_name) WHERE resolved_at IS NULL DO NOTHING RETURNING *`,
        [
          newId(),
          event.eventName,
          event.severityLevel,
          resourceId,
          JSON.stringify(details),
          JSON.stringify(event.resourceIdentity),
          event.eventTime,
        ],
      );
      if (inserted.rows[0]) return toHealthEvent(inserted.rows[0]);
      const open = await client.query(
        `SELECT * FROM health_events WHERE resource_id = $1 AND event_name = $2 AND resolved_at IS NULL${counted ? ' FOR UPDATE' : ''}`,
        [resourceId, event.eventName],
      );
      const current = toHealthEvent(open.rows[0]);
      const next = counted ? countedDetails(current, event) : undefined;
      if (next === undefined) return current;
      const updated = await client.query('UPDATE health_events SET details = $2 WHERE event_id = $1 RETURNING *', [
        current.eventId,
        JSON.stringify(next),
      ]);
      return toHealthEvent(updated.rows[0]);
    });
  return {
    raise: (event) => raise(event, false),
    raiseCounted: (event) => raise(event, true),
    async resolve(resourceId, eventName) {
      const rows = await db.rows(
        `UPDATE health_events SET resolved_at = $3
         WHERE resource_id = $1 AND resolved_at IS NULL AND ($2::text IS NULL OR event_name = $2) RETURNING *`,
        [resourceId, eventName ?? null, clock.now()],
      );
      return rows.map(toHealthEvent).sort(byEventTime);
    },
    async list(filter) {
      if (filter.resourceIds?.length === 0) return [];
      const rows = await db.rows(
        `SELECT * FROM health_events
         WHERE (NOT $1 OR resolved_at IS NULL) AND ($2::text[] IS NULL OR resource_id = ANY($2))
         ORDER BY event_time DESC, event_id LIMIT $3 OFFSET $4`,
        [filter.unresolvedOnly, filter.resourceIds ?? null, filter.limit, filter.offset],
      );
      return rows.map(toHealthEvent);
    },
  };
}
