import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { AccessKeyRecord, ContentItem, FieldRecord, HealthEventRecord, Lease, Store } from '../store.js';
import { type DuckDbContext, newId, num, numOrNull, parseJson } from './context.js';

type HealthMethods = Pick<Store, 'raiseHealthEvent' | 'resolveHealthEvents' | 'listHealthEvents'>;

function toHealthEvent(row: Record<string, unknown>): HealthEventRecord {
  const resolvedAt = numOrNull(row.resolved_at);
  return {
    eventId: String(row.event_id),
    eventName: String(row.event_name) as HealthEventRecord['eventName'],
    severityLevel: String(row.severity_level) as HealthEventRecord['severityLevel'],
    status: resolvedAt === null ? 'Unhealthy' : 'Healthy',
    details: parseJson<HealthEventRecord['details']>(row.details),
    resourceIdentity: parseJson<HealthEventRecord['resourceIdentity']>(row.resource_identity),
    eventTime: num(row.event_time),
    resolvedAt,
  };
}

export function healthMethods(ctx: DuckDbContext): HealthMethods {
  return {
    raiseHealthEvent(event) {
      return ctx.transaction(async (c) => {
        const open = await c.runAndReadAll(
          'SELECT event_id FROM health_events WHERE resource_id = $1 AND event_name = $2 AND resolved_at IS NULL ORDER BY event_time LIMIT 1',
          [event.resourceIdentity.id, event.eventName],
        );
        let eventId: string;
        if (open.currentRowCount > 0) {
          eventId = String(open.getRowsJS()[0][0]);
        } else {
          eventId = newId();
          await c.run('INSERT INTO health_events VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)', [
            eventId,
            event.eventName,
            event.severityLevel,
            event.resourceIdentity.id,
            JSON.stringify(event.details),
            JSON.stringify(event.resourceIdentity),
            BigInt(Math.trunc(event.eventTime)),
          ]);
        }
        const reader = await c.runAndReadAll('SELECT * FROM health_events WHERE event_id = $1', [eventId]);
        return toHealthEvent(rowObject(reader.columnNames(), reader.getRowsJS()[0]));
      });
    },
    resolveHealthEvents(resourceId, eventName) {
      return ctx.transaction(async (c) => {
        const filter = eventName === undefined ? '' : ' AND event_name = $2';
        const params = eventName === undefined ? [resourceId] : [resourceId, eventName];
        const reader = await c.runAndReadAll(
          `SELECT * FROM health_events WHERE resource_id = $1 AND resolved_at IS NULL${filter} ORDER BY event_time, event_id`,
          params,
        );
        const open = reader.getRowsJS().map((values) => toHealthEvent(rowObject(reader.columnNames(), values)));
        if (open.length === 0) return [];
        const now = ctx.clock.now();
        await c.run(
          `UPDATE health_events SET resolved_at = ${BigInt(now)} WHERE resource_id = $1 AND resolved_at IS NULL${filter}`,
          params,
        );
        return open.map((e) => ({ ...e, status: 'Healthy' as const, resolvedAt: now }));
      });
    },
    async listHealthEvents(filter) {
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

function rowObject(names: string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  names.forEach((name, i) => {
    row[name] = values[i];
  });
  return row;
}

type AccessKeyMethods = Pick<Store, 'createAccessKey' | 'verifyAccessKey' | 'listAccessKeys' | 'revokeAccessKey'>;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random text over letters and digits, without modulo bias. */
function randomText(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}

/**
 * Access keys are 64 random characters (~380 bits), so a salted SHA-256 is enough: there is nothing to
 * brute-force, and a fast hash keeps per-request Basic-auth checks cheap.
 */
function hashAccessKey(salt: string, accessKey: string): string {
  return createHash('sha256').update(salt).update('\u0000').update(accessKey).digest('hex');
}

function toAccessKey(row: Record<string, unknown>): AccessKeyRecord {
  return {
    accessId: String(row.access_id),
    name: String(row.name),
    createdAt: num(row.created_at),
    lastUsedAt: numOrNull(row.last_used_at),
    revoked: row.revoked === true,
  };
}

/** How stale `lastUsedAt` may get: verifying on every request must not mean a write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function accessKeyMethods(ctx: DuckDbContext): AccessKeyMethods {
  return {
    async createAccessKey(name) {
      const accessId = `su${randomText(12)}`;
      const accessKey = randomText(64);
      const salt = randomBytes(16).toString('hex');
      const now = ctx.clock.now();
      await ctx.exec('INSERT INTO access_keys VALUES (?, ?, ?, ?, ?, NULL, false)', [
        accessId,
        name,
        salt,
        hashAccessKey(salt, accessKey),
        now,
      ]);
      return { accessId, accessKey, record: { accessId, name, createdAt: now, lastUsedAt: null, revoked: false } };
    },
    async verifyAccessKey(accessId, accessKey) {
      const rows = await ctx.all('SELECT * FROM access_keys WHERE access_id = ?', [accessId]);
      if (rows.length === 0 || rows[0].revoked === true) return undefined;
      const expected = Buffer.from(String(rows[0].hash), 'hex');
      const actual = Buffer.from(hashAccessKey(String(rows[0].salt), accessKey), 'hex');
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
      const record = toAccessKey(rows[0]);
      const now = ctx.clock.now();
      if (record.lastUsedAt === null || now - record.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
        await ctx.exec('UPDATE access_keys SET last_used_at = ? WHERE access_id = ?', [now, accessId]);
        record.lastUsedAt = now;
      }
      return record;
    },
    async listAccessKeys() {
      return (await ctx.all('SELECT * FROM access_keys ORDER BY created_at, access_id')).map(toAccessKey);
    },
    async revokeAccessKey(accessId) {
      return (await ctx.exec('UPDATE access_keys SET revoked = true WHERE access_id = ? AND NOT revoked', [accessId])) > 0;
    },
  };
}

type LibraryMethods = Pick<Store, 'listFields' | 'createField' | 'deleteField' | 'putContent' | 'getContent' | 'listContentChildren'>;

function toField(row: Record<string, unknown>): FieldRecord {
  return { fieldId: String(row.field_id), fieldName: String(row.field_name), dataType: 'String', state: 'Enabled' };
}

function toContent(row: Record<string, unknown>): ContentItem {
  return {
    id: String(row.id),
    parentId: row.parent_id === null ? null : String(row.parent_id),
    itemType: String(row.item_type) as ContentItem['itemType'],
    name: String(row.name),
    description: String(row.description),
    body: parseJson<Record<string, unknown>>(row.body),
    createdAt: num(row.created_at),
  };
}

export function libraryMethods(ctx: DuckDbContext): LibraryMethods {
  return {
    async listFields() {
      return (await ctx.all('SELECT * FROM fields ORDER BY field_name')).map(toField);
    },
    createField(fieldName) {
      return ctx.transaction(async (c) => {
        const clash = await c.runAndReadAll('SELECT 1 FROM fields WHERE lower(field_name) = lower($1)', [fieldName]);
        if (clash.currentRowCount > 0) {
          throw new AppError('DuplicateResourceName', `the field ${fieldName} already exists`, { status: 400, field: 'fieldName' });
        }
        const fieldId = newId();
        await c.run('INSERT INTO fields VALUES ($1, $2)', [fieldId, fieldName]);
        return { fieldId, fieldName, dataType: 'String' as const, state: 'Enabled' as const };
      });
    },
    async deleteField(fieldId) {
      return (await ctx.exec('DELETE FROM fields WHERE field_id = ?', [fieldId])) > 0;
    },
    async putContent(item) {
      await ctx.exec(
        `INSERT INTO content VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, item_type = excluded.item_type, name = excluded.name,
           description = excluded.description, body = excluded.body`,
        [item.id, item.parentId, item.itemType, item.name, item.description, JSON.stringify(item.body), item.createdAt],
      );
    },
    async getContent(id) {
      const rows = await ctx.all('SELECT * FROM content WHERE id = ?', [id]);
      return rows.length === 0 ? undefined : toContent(rows[0]);
    },
    async listContentChildren(parentId) {
      return (await ctx.all('SELECT * FROM content WHERE parent_id = ? ORDER BY created_at, name, id', [parentId])).map(toContent);
    },
  };
}

type ProcessMethods = Pick<Store, 'heartbeatProcess' | 'listProcesses' | 'claimLeases' | 'releaseLeases'>;

export function processMethods(ctx: DuckDbContext): ProcessMethods {
  return {
    async heartbeatProcess(holder, hostname) {
      const now = ctx.clock.now();
      await ctx.exec(
        `INSERT INTO processes VALUES (?, ?, ?, ?)
         ON CONFLICT (holder) DO UPDATE SET hostname = excluded.hostname, last_seen = excluded.last_seen`,
        [holder, hostname, now, now],
      );
    },
    async listProcesses() {
      const rows = await ctx.all('SELECT * FROM processes ORDER BY started_at, holder');
      return rows.map((r) => ({
        holder: String(r.holder),
        hostname: String(r.hostname),
        startedAt: num(r.started_at),
        lastSeenAlive: num(r.last_seen),
      }));
    },
    /**
     * One process owns the DuckDB file (the file lock sees to that), so every live source goes to the caller;
     * `max` does not apply. A new holder (a restarted process) takes leases over at once, with a higher token.
     */
    claimLeases(holder, options) {
      return ctx.transaction(async (c) => {
        const expiresAt = BigInt(ctx.clock.now() + options.ttlMs);
        await c.run(
          `INSERT INTO leases SELECT id, $1, 1, $2 FROM sources WHERE NOT deleting
           ON CONFLICT (source_id) DO UPDATE SET
             token = CASE WHEN leases.holder = excluded.holder THEN leases.token ELSE leases.token + 1 END,
             holder = excluded.holder, expires_at = excluded.expires_at`,
          [holder, expiresAt],
        );
        const reader = await c.runAndReadAll(
          `SELECT l.source_id, l.holder, l.token, l.expires_at FROM leases l JOIN sources s ON s.id = l.source_id
           WHERE l.holder = $1 AND NOT s.deleting ORDER BY s.created_at, s.id`,
          [holder],
        );
        return reader.getRowsJS().map(
          ([sourceId, h, token, expires]): Lease => ({
            sourceId: String(sourceId),
            holder: String(h),
            token: num(token),
            expiresAt: num(expires),
          }),
        );
      });
    },
    async releaseLeases(holder, sourceIds) {
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
