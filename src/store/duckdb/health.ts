import type { HealthRepository, RaisedHealthEvent } from '../repositories.js';
import { countedDetails, newId, resolvedEvent, toHealthEvent } from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

export function createHealth(ctx: DuckDbContext): HealthRepository {
  const raise = (event: RaisedHealthEvent, counted: boolean) =>
    ctx.transaction(async (c) => {
      const open = await all(
        c,
        'SELECT * FROM health_events WHERE resource_id = ? AND event_name = ? AND resolved_at IS NULL ORDER BY event_time LIMIT 1',
        [event.resourceIdentity.id, event.eventName],
      );
      if (open.length > 0) {
        const eventId = String(open[0].event_id);
        const details = counted ? countedDetails(toHealthEvent(open[0]), event) : undefined;
        if (details === undefined) return toHealthEvent(open[0]);
        await exec(c, 'UPDATE health_events SET details = ? WHERE event_id = ?', [JSON.stringify(details), eventId]);
        return toHealthEvent((await all(c, 'SELECT * FROM health_events WHERE event_id = ?', [eventId]))[0]);
      }
      const eventId = newId();
      const details = counted ? { ...event.details, count: 1 } : event.details;
      await exec(c, 'INSERT INTO health_events VALUES (?, ?, ?, ?, ?, ?, ?, NULL)', [
        eventId,
        event.eventName,
        event.severityLevel,
        event.resourceIdentity.id,
        JSON.stringify(details),
        JSON.stringify(event.resourceIdentity),
        Math.trunc(event.eventTime),
      ]);
      return toHealthEvent((await all(c, 'SELECT * FROM health_events WHERE event_id = ?', [eventId]))[0]);
    });
  return {
    raise: (event) => raise(event, false),
    raiseCounted: (event) => raise(event, true),
    resolve(resourceId, eventName) {
      return ctx.transaction(async (c) => {
        const filter = eventName === undefined ? '' : ' AND event_name = ?';
        const params = eventName === undefined ? [resourceId] : [resourceId, eventName];
        const open = (
          await all(
            c,
            `SELECT * FROM health_events WHERE resource_id = ? AND resolved_at IS NULL${filter} ORDER BY event_time, event_id`,
            params,
          )
        ).map(toHealthEvent);
        if (open.length === 0) return [];
        const now = ctx.clock.now();
        await exec(c, `UPDATE health_events SET resolved_at = ? WHERE resource_id = ? AND resolved_at IS NULL${filter}`, [now, ...params]);
        return open.map((e) => resolvedEvent(e, now));
      });
    },
    async list(filter) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.unresolvedOnly) where.push('resolved_at IS NULL');
      if (filter.resourceIds !== undefined) {
        if (filter.resourceIds.length === 0) return [];
        where.push(`resource_id IN (${filter.resourceIds.map(() => '?').join(', ')})`);
        params.push(...filter.resourceIds);
      }
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
      const rows = await ctx.all(`SELECT * FROM health_events ${clause} ORDER BY event_time DESC, event_id LIMIT ? OFFSET ?`, [
        ...params,
        filter.limit,
        filter.offset,
      ]);
      return rows.map(toHealthEvent);
    },
  };
}
