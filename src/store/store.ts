import type { AccessKeyRecord } from '../model/access-key.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { CollectorInput, CollectorRecord, ProcessRecord } from '../model/collector.js';
import type { FieldRecord } from '../model/field.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { ContentItem } from '../model/library.js';
import type { DataType, Message } from '../model/message.js';
import type { CollectionStats, SourceRecord, SourceState } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import type { AlertsRepository } from './alerts.js';
import type { ConnectionsRepository } from './connections.js';
import type { MonitorsRepository } from './monitors.js';

/**
 * Everything the product keeps, behind one interface with two implementations:
 * `duckdb` (embedded, one file in the data directory) and `postgres` (shared by many processes).
 * Services (collector, API, CLI) only ever talk to this interface. The records it keeps are the domain
 * model's (src/model/); the types here are the store's own: batches, leases, rows.
 */

export interface AppendBatch {
  sourceId: string;
  dataType: DataType;
  messages: Message[];
  /** The position after this batch; written in the same transaction as the messages. */
  checkpoint: Checkpoint;
  /** Messages dropped by processing rules in this batch (counted, not stored). */
  dropped?: number;
  /** Lease fencing token (PostgreSQL): the batch is refused if the lease has moved on. */
  fence?: { holder: string; token: number };
}

export interface AppendResult {
  inserted: number;
  duplicates: number;
}

export interface AccessKeyOptions {
  createdBy?: string;
  corsHeaders?: string[];
}

export interface AccessKeyChange {
  disabled: boolean;
  /** Left as it is when absent. */
  corsHeaders?: string[];
}

/** Refuse (`accessKey.lastEnabled`) a change that would leave no enabled key: the API's guard against locking everyone out. */
export interface KeepOneEnabled {
  keepOneEnabled?: boolean;
}

export type Row = Record<string, unknown>;

/** The right of one process (`holder`) to collect one source. `token` grows on every change of holder (fencing). */
export interface Lease {
  sourceId: string;
  holder: string;
  token: number;
  expiresAt: number;
}

export interface Store {
  readonly dialect: 'duckdb' | 'postgres';
  close(): Promise<void>;

  /** The monitors library and each monitor's evaluation schedule. */
  readonly monitors: MonitorsRepository;
  /** Alert connections (webhooks), secret headers sealed. */
  readonly connections: ConnectionsRepository;
  /** Alert state and the notifications owed for it. */
  readonly alerts: AlertsRepository;

  createCollector(input: CollectorInput): Promise<CollectorRecord>;
  listCollectors(page?: { limit: number; offset: number }): Promise<CollectorRecord[]>;
  getCollector(id: string): Promise<CollectorRecord | undefined>;
  /** Throws `notfound`, or `precondition.failed` when `expectedVersion` is given and stale. */
  updateCollector(id: string, input: CollectorInput, expectedVersion?: number): Promise<CollectorRecord>;
  deleteCollector(id: string): Promise<void>;

  createSource(collectorId: string, config: SourceConfig): Promise<SourceRecord>;
  listSources(collectorId?: string): Promise<SourceRecord[]>;
  getSource(id: string): Promise<SourceRecord | undefined>;
  /** Replaces the config; bumps the version and the generation. */
  updateSource(id: string, config: SourceConfig, expectedVersion?: number): Promise<SourceRecord>;
  /** A restart asked for: bumps the generation only. */
  requestSourceRestart(id: string): Promise<void>;
  /** The runtime's write of its state machine; `observedGeneration` when it has acted on that generation. */
  setSourceState(id: string, state: SourceState, observedGeneration?: number): Promise<void>;
  /** A delete asked for: sets `deleting` and bumps the generation. */
  markSourceDeleting(id: string): Promise<void>;
  /** Removes the source, its checkpoints and stats; its messages stay searchable. */
  deleteSource(id: string): Promise<void>;

  getCheckpoint(sourceId: string, dataType: DataType): Promise<Checkpoint | undefined>;
  /** Drops every checkpoint of a source (when its credentials' account changes). */
  clearCheckpoints(sourceId: string): Promise<void>;
  /** Messages (unique on sourceId + dedupeKey; replays are skipped) and the checkpoint, in ONE transaction. */
  appendBatch(batch: AppendBatch): Promise<AppendResult>;
  /** Stores messages with no checkpoint (import, health events), unique on sourceId + dedupeKey. */
  appendMessages(messages: Message[]): Promise<AppendResult>;
  getCollectionStats(sourceId: string): Promise<Partial<Record<DataType, CollectionStats>>>;
  recordPoll(sourceId: string, dataType: DataType, at: number): Promise<void>;

  /** Opens a health event, or returns the open one of the same name for the same resource. */
  raiseHealthEvent(event: Omit<HealthEventRecord, 'eventId' | 'status' | 'resolvedAt'>): Promise<HealthEventRecord>;
  /** Resolves the open events of a resource (all of them, or those of one name); returns what it resolved. */
  resolveHealthEvents(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]>;
  listHealthEvents(filter: {
    unresolvedOnly: boolean;
    resourceIds?: string[];
    limit: number;
    offset: number;
  }): Promise<HealthEventRecord[]>;

  /** Returns the secret key once; only a salted hash is kept. `createdBy` defaults to `system`. */
  createAccessKey(name: string, options?: AccessKeyOptions): Promise<{ accessId: string; accessKey: string; record: AccessKeyRecord }>;
  /** The enabled key with this id and key, else undefined. */
  verifyAccessKey(accessId: string, accessKey: string): Promise<AccessKeyRecord | undefined>;
  listAccessKeys(): Promise<AccessKeyRecord[]>;
  getAccessKey(accessId: string): Promise<AccessKeyRecord | undefined>;
  /** Enables or disables a key (and replaces its corsHeaders when given); throws `notfound`. */
  updateAccessKey(accessId: string, change: AccessKeyChange, guard?: KeepOneEnabled): Promise<AccessKeyRecord>;
  /** Removes a key for good; false when there was none. */
  deleteAccessKey(accessId: string, guard?: KeepOneEnabled): Promise<boolean>;

  listFields(): Promise<FieldRecord[]>;
  createField(fieldName: string): Promise<FieldRecord>;
  deleteField(fieldId: string): Promise<boolean>;

  putContent(item: ContentItem): Promise<void>;
  getContent(id: string): Promise<ContentItem | undefined>;
  listContentChildren(parentId: string): Promise<ContentItem[]>;

  /** Records that `holder` is alive now; processes not seen for a lease period are dead. */
  heartbeatProcess(holder: string, hostname: string): Promise<void>;
  listProcesses(): Promise<ProcessRecord[]>;
  /**
   * Claims up to `max` more sources whose lease is free or expired (on PostgreSQL with FOR UPDATE SKIP LOCKED),
   * renews the ones `holder` already has, and returns every lease `holder` now holds.
   * A single-process store (DuckDB) grants every source to its one holder.
   */
  claimLeases(holder: string, options: { ttlMs: number; max: number }): Promise<Lease[]>;
  releaseLeases(holder: string, sourceIds?: string[]): Promise<void>;

  /** Runs compiled query SQL with bound parameters (`?` placeholders for DuckDB, `$n` for PostgreSQL). */
  query(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]>;
}
