import type { DuckDBConnection } from '@duckdb/node-api';
import { AppError, NotFoundError } from '../../core/errors.js';
import type { AccessKeyRecord } from '../../model/access-key.js';
import type { FieldRecord } from '../../model/field.js';
import type { HealthEventRecord } from '../../model/health-event.js';
import type { ContentItem } from '../../model/library.js';
import {
  accessKeyMatches,
  LAST_USED_RESOLUTION_MS,
  lastEnabledKeyError,
  newAccessKeyPair,
  parseCorsHeaders,
} from '../access-key-secrets.js';
import type { Lease, Store } from '../store.js';
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

type AccessKeyMethods = Pick<
  Store,
  'createAccessKey' | 'verifyAccessKey' | 'listAccessKeys' | 'getAccessKey' | 'updateAccessKey' | 'deleteAccessKey'
>;

function toAccessKey(row: Record<string, unknown>): AccessKeyRecord {
  const createdAt = num(row.created_at);
  return {
    accessId: String(row.access_id),
    name: String(row.name),
    createdAt,
    createdBy: String(row.created_by ?? ''),
    modifiedAt: numOrNull(row.modified_at) ?? createdAt,
    lastUsedAt: numOrNull(row.last_used_at),
    disabled: row.disabled === true,
    corsHeaders: parseCorsHeaders(row.cors_headers),
  };
}

/** Throws when the change would leave no enabled key; run inside the transaction that makes the change. */
async function guardLastEnabled(c: DuckDBConnection, accessId: string): Promise<void> {
  const reader = await c.runAndReadAll('SELECT count(*) FROM access_keys WHERE NOT disabled AND access_id <> $1', [accessId]);
  if (Number(reader.getRowsJS()[0][0]) === 0) throw lastEnabledKeyError(accessId);
}

async function readKey(c: DuckDBConnection, accessId: string): Promise<AccessKeyRecord | undefined> {
  const reader = await c.runAndReadAll('SELECT * FROM access_keys WHERE access_id = $1', [accessId]);
  return reader.currentRowCount === 0 ? undefined : toAccessKey(rowObject(reader.columnNames(), reader.getRowsJS()[0]));
}

export function accessKeyMethods(ctx: DuckDbContext): AccessKeyMethods {
  return {
    async createAccessKey(name, options = {}) {
      const { accessId, accessKey, salt, hash } = newAccessKeyPair();
      const now = ctx.clock.now();
      const record: AccessKeyRecord = {
        accessId,
        name,
        createdAt: now,
        createdBy: options.createdBy ?? 'system',
        modifiedAt: now,
        lastUsedAt: null,
        disabled: false,
        corsHeaders: options.corsHeaders ?? [],
      };
      await ctx.exec(
        `INSERT INTO access_keys (access_id, name, salt, hash, created_at, last_used_at, disabled, created_by, modified_at, cors_headers)
         VALUES (?, ?, ?, ?, ?, NULL, false, ?, ?, ?)`,
        [accessId, name, salt, hash, now, record.createdBy, now, JSON.stringify(record.corsHeaders)],
      );
      return { accessId, accessKey, record };
    },
    async verifyAccessKey(accessId, accessKey) {
      const rows = await ctx.all('SELECT * FROM access_keys WHERE access_id = ?', [accessId]);
      if (rows.length === 0 || rows[0].disabled === true) return undefined;
      if (!accessKeyMatches(String(rows[0].salt), String(rows[0].hash), accessKey)) return undefined;
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
    async getAccessKey(accessId) {
      const rows = await ctx.all('SELECT * FROM access_keys WHERE access_id = ?', [accessId]);
      return rows.length === 0 ? undefined : toAccessKey(rows[0]);
    },
    updateAccessKey(accessId, change, guard = {}) {
      return ctx.transaction(async (c) => {
        const current = await readKey(c, accessId);
        if (!current) throw new NotFoundError(`access key ${accessId}`);
        if (guard.keepOneEnabled && change.disabled && !current.disabled) await guardLastEnabled(c, accessId);
        const corsHeaders = change.corsHeaders ?? current.corsHeaders;
        const now = ctx.clock.now();
        await c.run('UPDATE access_keys SET disabled = $2, cors_headers = $3, modified_at = $4 WHERE access_id = $1', [
          accessId,
          change.disabled,
          JSON.stringify(corsHeaders),
          BigInt(now),
        ]);
        return { ...current, disabled: change.disabled, corsHeaders, modifiedAt: now };
      });
    },
    deleteAccessKey(accessId, guard = {}) {
      return ctx.transaction(async (c) => {
        const current = await readKey(c, accessId);
        if (!current) return false;
        if (guard.keepOneEnabled && !current.disabled) await guardLastEnabled(c, accessId);
        await c.run('DELETE FROM access_keys WHERE access_id = $1', [accessId]);
        return true;
      });
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
