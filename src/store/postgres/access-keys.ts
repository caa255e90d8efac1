import type pg from 'pg';
import type { Clock } from '../../core/clock.js';
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
import type { AccessKeyChange, AccessKeyOptions, KeepOneEnabled } from '../store.js';
import type { Db } from './db.js';
import { isUniqueViolation, newId } from './sources.js';

interface HealthRow {
  event_id: string;
  event_name: HealthEventRecord['eventName'];
  severity_level: HealthEventRecord['severityLevel'];
  details: string;
  resource_identity: string;
  event_time: number;
  resolved_at: number | null;
}

const toHealth = (r: HealthRow): HealthEventRecord => ({
  eventId: r.event_id,
  eventName: r.event_name,
  severityLevel: r.severity_level,
  status: r.resolved_at === null ? 'Unhealthy' : 'Healthy',
  details: JSON.parse(r.details) as HealthEventRecord['details'],
  resourceIdentity: JSON.parse(r.resource_identity) as HealthEventRecord['resourceIdentity'],
  eventTime: r.event_time,
  resolvedAt: r.resolved_at,
});

interface KeyRow {
  access_id: string;
  name: string;
  salt: string;
  hash: string;
  created_at: number;
  created_by: string;
  modified_at: number | null;
  last_used_at: number | null;
  disabled: boolean;
  cors_headers: string;
}

const toKey = (r: KeyRow): AccessKeyRecord => ({
  accessId: r.access_id,
  name: r.name,
  createdAt: r.created_at,
  createdBy: r.created_by,
  modifiedAt: r.modified_at ?? r.created_at,
  lastUsedAt: r.last_used_at,
  disabled: r.disabled,
  corsHeaders: parseCorsHeaders(r.cors_headers),
});

/**
 * Locks the enabled keys, then refuses when none but `accessId` would remain: two processes disabling the
 * last two keys at once take turns on the row locks, so the second sees the first's change.
 */
async function guardLastEnabled(client: pg.PoolClient, accessId: string): Promise<void> {
  const { rows } = await client.query<{ access_id: string }>('SELECT access_id FROM access_keys WHERE NOT disabled FOR UPDATE');
  if (!rows.some((r) => r.access_id !== accessId)) throw lastEnabledKeyError(accessId);
}

interface ContentRow {
  id: string;
  parent_id: string | null;
  item_type: ContentItem['itemType'];
  name: string;
  description: string;
  body: string;
  created_at: number;
}

const toContent = (r: ContentRow): ContentItem => ({
  id: r.id,
  parentId: r.parent_id,
  itemType: r.item_type,
  name: r.name,
  description: r.description,
  body: JSON.parse(r.body) as Record<string, unknown>,
  createdAt: r.created_at,
});

/** Health events, access keys, the fields schema and library content. */
export class Library {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** The partial unique index on open events makes two processes raising the same event at once agree on one. */
  async raiseHealthEvent(event: Omit<HealthEventRecord, 'eventId' | 'status' | 'resolvedAt'>): Promise<HealthEventRecord> {
    const resourceId = event.resourceIdentity.id;
    const inserted = await this.db.rows<HealthRow>(
      `INSERT INTO health_events (event_id, event_name, severity_level, resource_id, details, resource_identity, event_time)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (resource_id, event_name) WHERE resolved_at IS NULL DO NOTHING RETURNING *`,
      [
        newId(),
        event.eventName,
        event.severityLevel,
        resourceId,
        JSON.stringify(event.details),
        JSON.stringify(event.resourceIdentity),
        event.eventTime,
      ],
    );
    if (inserted[0]) return toHealth(inserted[0]);
    const open = await this.db.rows<HealthRow>(
      'SELECT * FROM health_events WHERE resource_id = $1 AND event_name = $2 AND resolved_at IS NULL',
      [resourceId, event.eventName],
    );
    return toHealth(open[0]);
  }

  async resolveHealthEvents(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]> {
    const rows = await this.db.rows<HealthRow>(
      `UPDATE health_events SET resolved_at = $3
       WHERE resource_id = $1 AND resolved_at IS NULL AND ($2::text IS NULL OR event_name = $2) RETURNING *`,
      [resourceId, eventName ?? null, this.clock.now()],
    );
    return rows.map(toHealth).sort((a, b) => a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : 1));
  }

  async listHealthEvents(filter: {
    unresolvedOnly: boolean;
    resourceIds?: string[];
    limit: number;
    offset: number;
  }): Promise<HealthEventRecord[]> {
    if (filter.resourceIds?.length === 0) return [];
    const rows = await this.db.rows<HealthRow>(
      `SELECT * FROM health_events
       WHERE (NOT $1 OR resolved_at IS NULL) AND ($2::text[] IS NULL OR resource_id = ANY($2))
       ORDER BY event_time DESC, event_id LIMIT $3 OFFSET $4`,
      [filter.unresolvedOnly, filter.resourceIds ?? null, filter.limit, filter.offset],
    );
    return rows.map(toHealth);
  }

  async createAccessKey(
    name: string,
    options: AccessKeyOptions = {},
  ): Promise<{ accessId: string; accessKey: string; record: AccessKeyRecord }> {
    const { accessId, accessKey, salt, hash } = newAccessKeyPair();
    const rows = await this.db.rows<KeyRow>(
      `INSERT INTO access_keys (access_id, name, salt, hash, created_at, created_by, modified_at, cors_headers)
       VALUES ($1, $2, $3, $4, $5, $6, $5, $7) RETURNING *`,
      [accessId, name, salt, hash, this.clock.now(), options.createdBy ?? 'system', JSON.stringify(options.corsHeaders ?? [])],
    );
    return { accessId, accessKey, record: toKey(rows[0]) };
  }

  async verifyAccessKey(accessId: string, accessKey: string): Promise<AccessKeyRecord | undefined> {
    const rows = await this.db.rows<KeyRow>('SELECT * FROM access_keys WHERE access_id = $1 AND NOT disabled', [accessId]);
    const row = rows[0];
    if (!row || !accessKeyMatches(row.salt, row.hash, accessKey)) return undefined;
    const record = toKey(row);
    const now = this.clock.now();
    if (record.lastUsedAt === null || now - record.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
      await this.db.rows('UPDATE access_keys SET last_used_at = $2 WHERE access_id = $1', [accessId, now]);
      record.lastUsedAt = now;
    }
    return record;
  }

  async listAccessKeys(): Promise<AccessKeyRecord[]> {
    return (await this.db.rows<KeyRow>('SELECT * FROM access_keys ORDER BY created_at, access_id')).map(toKey);
  }

  async getAccessKey(accessId: string): Promise<AccessKeyRecord | undefined> {
    const rows = await this.db.rows<KeyRow>('SELECT * FROM access_keys WHERE access_id = $1', [accessId]);
    return rows[0] ? toKey(rows[0]) : undefined;
  }

  updateAccessKey(accessId: string, change: AccessKeyChange, guard: KeepOneEnabled = {}): Promise<AccessKeyRecord> {
    return this.db.tx(async (client) => {
      const current = (await client.query<KeyRow>('SELECT * FROM access_keys WHERE access_id = $1 FOR UPDATE', [accessId])).rows[0];
      if (!current) throw new NotFoundError(`access key ${accessId}`);
      if (guard.keepOneEnabled && change.disabled && !current.disabled) await guardLastEnabled(client, accessId);
      const corsHeaders = change.corsHeaders === undefined ? current.cors_headers : JSON.stringify(change.corsHeaders);
      const { rows } = await client.query<KeyRow>(
        'UPDATE access_keys SET disabled = $2, cors_headers = $3, modified_at = $4 WHERE access_id = $1 RETURNING *',
        [accessId, change.disabled, corsHeaders, this.clock.now()],
      );
      return toKey(rows[0]);
    });
  }

  deleteAccessKey(accessId: string, guard: KeepOneEnabled = {}): Promise<boolean> {
    return this.db.tx(async (client) => {
      const current = (await client.query<KeyRow>('SELECT * FROM access_keys WHERE access_id = $1 FOR UPDATE', [accessId])).rows[0];
      if (!current) return false;
      if (guard.keepOneEnabled && !current.disabled) await guardLastEnabled(client, accessId);
      await client.query('DELETE FROM access_keys WHERE access_id = $1', [accessId]);
      return true;
    });
  }

  async listFields(): Promise<FieldRecord[]> {
    const rows = await this.db.rows<{ field_id: string; field_name: string }>('SELECT * FROM fields ORDER BY field_name');
    return rows.map((r) => ({ fieldId: r.field_id, fieldName: r.field_name, dataType: 'String', state: 'Enabled' }));
  }

  /** Field names are unique regardless of case (a unique index on lower(field_name)). */
  async createField(fieldName: string): Promise<FieldRecord> {
    const fieldId = newId();
    try {
      await this.db.rows('INSERT INTO fields (field_id, field_name) VALUES ($1, $2)', [fieldId, fieldName]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new AppError('DuplicateResourceName', `the field ${fieldName} already exists`, { status: 400, field: 'fieldName' });
    }
    return { fieldId, fieldName, dataType: 'String', state: 'Enabled' };
  }

  async deleteField(fieldId: string): Promise<boolean> {
    return (await this.db.count('DELETE FROM fields WHERE field_id = $1', [fieldId])) > 0;
  }

  async putContent(item: ContentItem): Promise<void> {
    await this.db.rows(
      `INSERT INTO content (id, parent_id, item_type, name, description, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, item_type = EXCLUDED.item_type, name = EXCLUDED.name,
         description = EXCLUDED.description, body = EXCLUDED.body`,
      [item.id, item.parentId, item.itemType, item.name, item.description, JSON.stringify(item.body), item.createdAt],
    );
  }

  async getContent(id: string): Promise<ContentItem | undefined> {
    const rows = await this.db.rows<ContentRow>('SELECT * FROM content WHERE id = $1', [id]);
    return rows[0] && toContent(rows[0]);
  }

  async listContentChildren(parentId: string): Promise<ContentItem[]> {
    return (await this.db.rows<ContentRow>('SELECT * FROM content WHERE parent_id = $1 ORDER BY created_at, name, id', [parentId])).map(
      toContent,
    );
  }
}
