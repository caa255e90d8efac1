import type { DataType, Message } from '../model/message.js';

/**
 * Everything the product keeps, behind one interface with two implementations:
 * `duckdb` (embedded, one file in the data directory) and `postgres` (shared by many processes).
 * Services (collector, API, CLI) only ever talk to this interface.
 */

export interface CollectorInput {
  name: string;
  description: string;
  category: string;
  fields: Record<string, string>;
}

export interface CollectorRecord extends CollectorInput {
  id: string;
  collectorType: 'Hosted';
  createdAt: number;
  /** Bumped on every change; the API's ETag is derived from it. */
  version: number;
}

/** A Mimecast source's config as the API takes it (see spec/api.md). `clientSecret` is plaintext here: the store encrypts it at rest. */
export interface SourceConfig {
  name: string;
  description: string;
  category: string;
  fields: Record<string, string | boolean>;
  clientID: string;
  clientSecret: string;
  dataCollection: DataType[];
  filters: ProcessingRule[];
  hashAlgorithm: 'MD5' | 'SHA-256';
  region: 'global' | 'us' | 'uk';
  startTime: string;
  pollingIntervalSec: number;
}

export interface ProcessingRule {
  name: string;
  filterType: 'Include' | 'Exclude' | 'Mask' | 'Hash';
  regexp: string;
  mask?: string;
}

export type SourceStateName = 'Pending' | 'Started' | 'Initialized' | 'Authenticated' | 'Collecting' | 'Error' | 'Stopping';
export type HealthErrorType = 'ThirdPartyConfig' | 'ThirdPartyGeneric' | 'FirstPartyGeneric';

export interface SourceState {
  state: SourceStateName;
  error?: { type: HealthErrorType; code: string; message: string; retriesUntil: string | null };
}

export interface SourceRecord {
  id: string;
  collectorId: string;
  config: SourceConfig;
  state: SourceState;
  /** Set when a DELETE has been asked for; the record disappears once its task has stopped. */
  deleting: boolean;
  createdAt: number;
  version: number;
}

/** Per data type progress, shown as `collection` in the source's JSON. */
export interface CollectionStats {
  messages: number;
  dropped: number;
  lastMessageTime: number | null;
  lastPollAt: number | null;
}

/** A data type's resume position: versioned JSON, opaque to the store. */
export interface Checkpoint {
  v: number;
  [key: string]: unknown;
}

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

export interface HealthEventRecord {
  eventId: string;
  eventName: 'ThirdPartyConfigError' | 'ThirdPartyGenericError' | 'FirstPartyGenericError';
  severityLevel: 'Error' | 'Warning';
  /** `Unhealthy` while open; `Healthy` once resolved. */
  status: 'Unhealthy' | 'Healthy';
  details: { trackerId: string; name: string; description: string; error: string };
  resourceIdentity: { collectorId: string; collectorName: string; id: string; name: string; type: 'Source' };
  eventTime: number;
  resolvedAt: number | null;
}

export interface AccessKeyRecord {
  accessId: string;
  /** Sumo's `label`. */
  name: string;
  createdAt: number;
  /** The access id that created the key, or `cli` / `demo` for keys made by those commands. */
  createdBy: string;
  modifiedAt: number;
  lastUsedAt: number | null;
  /** A disabled key authenticates nothing until it is enabled again. */
  disabled: boolean;
  /** Sumo's allowlist of origins for the key (kept and shown; see docs/api.md). */
  corsHeaders: string[];
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

export interface FieldRecord {
  fieldId: string;
  fieldName: string;
  dataType: 'String';
  state: 'Enabled';
}

/** Library items (folders, dashboards), stored as JSON documents. */
export interface ContentItem {
  id: string;
  parentId: string | null;
  itemType: 'Folder' | 'Dashboard';
  name: string;
  description: string;
  /** The dashboard's full JSON for dashboards; `{}` for folders. */
  body: Record<string, unknown>;
  createdAt: number;
}

export type Row = Record<string, unknown>;

/** The right of one process (`holder`) to collect one source. `token` grows on every change of holder (fencing). */
export interface Lease {
  sourceId: string;
  holder: string;
  token: number;
  expiresAt: number;
}

/** A running `serve` process, as seen by the others. */
export interface ProcessRecord {
  holder: string;
  hostname: string;
  startedAt: number;
  lastSeenAlive: number;
}

export interface Store {
  readonly dialect: 'duckdb' | 'postgres';
  close(): Promise<void>;

  createCollector(input: CollectorInput): Promise<CollectorRecord>;
  listCollectors(page?: { limit: number; offset: number }): Promise<CollectorRecord[]>;
  getCollector(id: string): Promise<CollectorRecord | undefined>;
  /** Throws `notfound`, or `precondition.failed` when `expectedVersion` is given and stale. */
  updateCollector(id: string, input: CollectorInput, expectedVersion?: number): Promise<CollectorRecord>;
  deleteCollector(id: string): Promise<void>;

  createSource(collectorId: string, config: SourceConfig): Promise<SourceRecord>;
  listSources(collectorId?: string): Promise<SourceRecord[]>;
  getSource(id: string): Promise<SourceRecord | undefined>;
  updateSource(id: string, config: SourceConfig, expectedVersion?: number): Promise<SourceRecord>;
  setSourceState(id: string, state: SourceState): Promise<void>;
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
