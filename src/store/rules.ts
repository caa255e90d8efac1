import { randomBytes } from 'node:crypto';
import { AppError } from '../core/errors.js';
import type { AccessKeyRecord } from '../model/access-key.js';
import type { CollectorRecord, ProcessRecord } from '../model/collector.js';
import type { FieldRecord } from '../model/field.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { ContentItem } from '../model/library.js';
import type { DataType, Message } from '../model/message.js';
import type { CollectionStats, SourceRecord, SourceState } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import { accessKeyMatches, newAccessKeyPair } from './access-key-secrets.js';
import type { AccessKeyOptions, Lease, RaisedHealthEvent } from './repositories.js';
import type { SecretBox } from './secrets.js';
import type { Row } from './store.js';

/**
 * The rules both backends share: ids, the errors a repository throws, the columns a record is kept in and
 * the mapping from a row back to a record. The backends differ only in their SQL and their locking; rows
 * reach these mappers as plain values (DuckDB's BIGINTs as numbers or bigints, PostgreSQL's as numbers).
 */

/** Sumo Logic style ids: 16 upper-case hex digits. */
export function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function duplicateNameError(): AppError {
  return new AppError('DuplicateResourceName', 'A resource with the same name already exists.', { status: 400 });
}

export function duplicateFieldError(fieldName: string): AppError {
  return new AppError('DuplicateResourceName', `the field ${fieldName} already exists`, { status: 400, field: 'fieldName' });
}

export function staleError(what: 'collector' | 'source'): AppError {
  return new AppError('precondition.failed', `the ${what} has changed since it was read (If-Match does not match)`, { status: 412 });
}

/** Throws `precondition.failed` when the caller read an older version than the stored one. */
export function checkVersion(what: 'collector' | 'source', stored: unknown, expected: number | undefined): void {
  if (expected !== undefined && Number(stored) !== expected) throw staleError(what);
}

export function lastEnabledKeyError(accessId: string): AppError {
  return new AppError(
    'accessKey.lastEnabled',
    `${accessId} is the last enabled access key: create another one before disabling or deleting it`,
    { field: 'id' },
  );
}

export function leaseLostError(
  sourceId: string,
  fence: { holder: string; token: number },
  lease?: { holder: unknown; token: unknown },
): AppError {
  const holder = lease?.holder === null || lease?.holder === '' ? 'nobody' : String(lease?.holder);
  const now = lease === undefined ? 'no lease' : `lease now token ${String(lease.token)} of ${holder}`;
  return new AppError(
    'lease.lost',
    `the lease of source ${sourceId} has moved on (batch fenced with token ${fence.token} of ${fence.holder}; ${now})`,
    { retryable: false, details: { sourceId, holder: fence.holder, token: fence.token } },
  );
}

/** What deleting a source removes beside its row (its messages stay searchable). */
export const SOURCE_OWNED_TABLES = ['checkpoints', 'collection_stats', 'leases', 'push_receivers'] as const;

export const INITIAL_SOURCE_STATE: SourceState = { state: 'Pending' };

/** The config as stored: everything but the secret, which lives only sealed in its own column. */
export function sourceConfigColumn(config: SourceConfig): string {
  const { clientSecret: _secret, ...rest } = config;
  return JSON.stringify(rest);
}

function json<T>(value: unknown): T {
  return JSON.parse(String(value)) as T;
}

function numOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toCollector(row: Row): CollectorRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    category: String(row.category),
    fields: json<Record<string, string>>(row.fields),
    collectorType: 'Hosted',
    createdAt: Number(row.created_at),
    version: Number(row.version),
  };
}

/** The secret is opened with the source id as its associated data, so a sealed secret cannot be moved to another source. */
export function toSource(row: Row, secrets: SecretBox): SourceRecord {
  const id = String(row.id);
  return {
    id,
    collectorId: String(row.collector_id),
    config: { ...json<Omit<SourceConfig, 'clientSecret'>>(row.config), clientSecret: secrets.open(String(row.secret), id) },
    state: json<SourceState>(row.state),
    deleting: row.deleting === true,
    generation: Number(row.generation),
    observedGeneration: Number(row.observed_generation),
    createdAt: Number(row.created_at),
    version: Number(row.version),
  };
}

export function toStats(rows: readonly Row[]): Partial<Record<DataType, CollectionStats>> {
  const stats: Partial<Record<DataType, CollectionStats>> = {};
  for (const row of rows) {
    stats[String(row.data_type) as DataType] = {
      messages: Number(row.messages),
      dropped: Number(row.dropped),
      lastMessageTime: numOrNull(row.last_message_time),
      lastPollAt: numOrNull(row.last_poll_at),
    };
  }
  return stats;
}

export function toHealthEvent(row: Row): HealthEventRecord {
  const resolvedAt = numOrNull(row.resolved_at);
  return {
    eventId: String(row.event_id),
    eventName: String(row.event_name) as HealthEventRecord['eventName'],
    severityLevel: String(row.severity_level) as HealthEventRecord['severityLevel'],
    status: resolvedAt === null ? 'Unhealthy' : 'Healthy',
    details: json<HealthEventRecord['details']>(row.details),
    resourceIdentity: json<HealthEventRecord['resourceIdentity']>(row.resource_identity),
    eventTime: Number(row.event_time),
    resolvedAt,
  };
}

/** The details of an open counted event raised once more: the same trackerId adds one; another leaves it as it is. */
export function countedDetails(open: HealthEventRecord, raised: RaisedHealthEvent): HealthEventRecord['details'] | undefined {
  if (open.details.trackerId !== raised.details.trackerId) return undefined;
  return { ...open.details, error: raised.details.error, count: (open.details.count ?? 1) + 1 };
}

/** A health event as it is once resolved at `now`. */
export function resolvedEvent(event: HealthEventRecord, now: number): HealthEventRecord {
  return { ...event, status: 'Healthy', resolvedAt: now };
}

/** Oldest first, ties by id: the order `health.resolve` returns. */
export function byEventTime(a: HealthEventRecord, b: HealthEventRecord): number {
  return a.eventTime - b.eventTime || (a.eventId < b.eventId ? -1 : 1);
}

/** A new key pair, its stored hash and the record it makes. */
export function newAccessKey(name: string, options: AccessKeyOptions, now: number) {
  const { accessId, accessKey, salt, hash } = newAccessKeyPair();
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
  return { accessKey, salt, hash, record };
}

/** The enabled key whose stored hash matches `accessKey`, as a record; undefined otherwise. */
export function verifiedKey(row: Row | undefined, accessKey: string): AccessKeyRecord | undefined {
  if (row === undefined || row.disabled === true) return undefined;
  if (!accessKeyMatches(String(row.salt), String(row.hash), accessKey)) return undefined;
  return toAccessKey(row);
}

/** How stale `lastUsedAt` may get: verifying on every request must not mean a write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function lastUsedIsStale(record: AccessKeyRecord, now: number): boolean {
  return record.lastUsedAt === null || now - record.lastUsedAt >= LAST_USED_RESOLUTION_MS;
}

function parseCorsHeaders(text: unknown): string[] {
  if (typeof text !== 'string' || text === '') return [];
  const value = JSON.parse(text) as unknown;
  return Array.isArray(value) ? value.map(String) : [];
}

export function toAccessKey(row: Row): AccessKeyRecord {
  const createdAt = Number(row.created_at);
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

export function toField(row: Row): FieldRecord {
  return { fieldId: String(row.field_id), fieldName: String(row.field_name), dataType: 'String', state: 'Enabled' };
}

export function toContent(row: Row): ContentItem {
  return {
    id: String(row.id),
    parentId: row.parent_id === null || row.parent_id === undefined ? null : String(row.parent_id),
    itemType: String(row.item_type) as ContentItem['itemType'],
    name: String(row.name),
    description: String(row.description),
    body: json<Record<string, unknown>>(row.body),
    createdAt: Number(row.created_at),
  };
}

/** The columns of a content row, in the order both backends insert them. */
export function contentColumns(item: ContentItem): unknown[] {
  return [item.id, item.parentId, item.itemType, item.name, item.description, JSON.stringify(item.body), item.createdAt];
}

export function toLease(row: Row): Lease {
  return { sourceId: String(row.source_id), holder: String(row.holder), token: Number(row.token), expiresAt: Number(row.expires_at) };
}

export function toProcess(row: Row): ProcessRecord {
  return {
    holder: String(row.holder),
    hostname: String(row.hostname),
    startedAt: Number(row.started_at),
    lastSeenAlive: Number(row.last_seen_alive),
  };
}

/** The message's raw JSON as an object, for the extracted columns; undefined when it is not an object. */
export function parsedOf(message: Message): Record<string, unknown> | undefined {
  if (message.parsed !== undefined) return message.parsed;
  try {
    const value: unknown = JSON.parse(message.raw);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
