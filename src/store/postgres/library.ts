import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { AccessKeyRecord, ContentItem, FieldRecord, HealthEventRecord } from '../store.js';
import type { Db } from './db.js';
import { isUniqueViolation, newId } from './records.js';

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
  last_used_at: number | null;
  revoked: boolean;
}

const toKey = (r: KeyRow): AccessKeyRecord => ({
  accessId: r.access_id,
  name: r.name,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revoked: r.revoked,
});

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random text over letters and digits, without modulo bias. */
function randomText(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
  }
  return out;
}

/** Keys are 64 random characters, so one salted SHA-256 is enough (nothing to brute-force) and cheap per request. */
const hashKey = (salt: string, key: string) => createHash('sha256').update(salt).update('\u0000').update(key).digest('hex');

/** How stale `lastUsedAt` may get: verifying on every request must not mean a write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

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

  async createAccessKey(name: string): Promise<{ accessId: string; accessKey: string; record: AccessKeyRecord }> {
    const accessId = `su${randomText(12)}`;
    const accessKey = randomText(64);
    const salt = randomBytes(16).toString('hex');
    const rows = await this.db.rows<KeyRow>(
      'INSERT INTO access_keys (access_id, name, salt, hash, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING *',
      [accessId, name, salt, hashKey(salt, accessKey), this.clock.now()],
    );
    return { accessId, accessKey, record: toKey(rows[0]) };
  }

  async verifyAccessKey(accessId: string, accessKey: string): Promise<AccessKeyRecord | undefined> {
    const rows = await this.db.rows<KeyRow>('SELECT * FROM access_keys WHERE access_id = $1 AND NOT revoked', [accessId]);
    const row = rows[0];
    if (!row) return undefined;
    const expected = Buffer.from(row.hash, 'hex');
    const actual = Buffer.from(hashKey(row.salt, accessKey), 'hex');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
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

  async revokeAccessKey(accessId: string): Promise<boolean> {
    return (await this.db.count('UPDATE access_keys SET revoked = TRUE WHERE access_id = $1 AND NOT revoked', [accessId])) > 0;
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
