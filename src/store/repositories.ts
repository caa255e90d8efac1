import type { AccessKeyRecord } from '../model/access-key.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { CollectorInput, CollectorRecord, ProcessRecord } from '../model/collector.js';
import type { FieldRecord } from '../model/field.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { ContentItem } from '../model/library.js';
import type { LookupRow, LookupTable } from '../model/lookup-table.js';
import type { DataType, Message } from '../model/message.js';
import type { PartitionRecord } from '../model/partition.js';
import type { PushReceiverRecord } from '../model/push.js';
import type { CollectionStats, SourceRecord, SourceState } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import type { ThreatIndicator } from '../model/threat-indicator.js';

/**
 * The repositories the `Store` is made of, one per kind of record. Each backend implements every one of them
 * in a file of the same name (`duckdb/sources.ts` beside `postgres/sources.ts`); the rules they share live in
 * `rules.ts`. The records are the domain model's (src/model/); the types here are the store's own.
 */

export interface CollectorsRepository {
  create(input: CollectorInput): Promise<CollectorRecord>;
  list(page?: { limit: number; offset: number }): Promise<CollectorRecord[]>;
  get(id: string): Promise<CollectorRecord | undefined>;
  /** Throws `notfound`, or `precondition.failed` when `expectedVersion` is given and stale. */
  update(id: string, input: CollectorInput, expectedVersion?: number): Promise<CollectorRecord>;
  /** The collector with its sources and their checkpoints, stats and leases. */
  delete(id: string): Promise<void>;
}

export interface SourcesRepository {
  create(collectorId: string, config: SourceConfig): Promise<SourceRecord>;
  list(collectorId?: string): Promise<SourceRecord[]>;
  get(id: string): Promise<SourceRecord | undefined>;
  /** Replaces the config; bumps the version and the generation. */
  update(id: string, config: SourceConfig, expectedVersion?: number): Promise<SourceRecord>;
  /** A restart asked for: bumps the generation only. */
  requestRestart(id: string): Promise<void>;
  /** The runtime's write of its state machine; `observedGeneration` when it has acted on that generation. */
  setState(id: string, state: SourceState, observedGeneration?: number): Promise<void>;
  /** A delete asked for: sets `deleting` and bumps the generation. */
  markDeleting(id: string): Promise<void>;
  /** Removes the source, its checkpoints and stats; its messages stay searchable. */
  delete(id: string): Promise<void>;
}

/** Where the collection of each (source, data type) stands: its checkpoint and its counters. */
export interface CheckpointsRepository {
  get(sourceId: string, dataType: DataType): Promise<Checkpoint | undefined>;
  /** Drops every checkpoint of a source (when its credentials' account changes). */
  clear(sourceId: string): Promise<void>;
  stats(sourceId: string): Promise<Partial<Record<DataType, CollectionStats>>>;
  recordPoll(sourceId: string, dataType: DataType, at: number): Promise<void>;
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
  /** Threat indicators the messages carry (the threat-intel feed): upserted in the same transaction. */
  indicators?: readonly ThreatIndicator[];
}

export interface AppendResult {
  inserted: number;
  /** Messages not stored because they were stored already (replays, repeats within the batch). */
  duplicates: number;
  /** Messages not stored because they are older than their partition's retention (by message time). */
  expired: number;
}

export interface MessagesRepository {
  /** Messages (unique on sourceId + dedupeKey; replays are skipped), the checkpoint and the stats, in ONE transaction. */
  appendBatch(batch: AppendBatch): Promise<AppendResult>;
  /** Stores messages with no checkpoint (import, health events), unique on sourceId + dedupeKey. */
  append(messages: Message[]): Promise<AppendResult>;
  /**
   * Stores one Event Push of a source, its messages all of `dataType` (unique on sourceId + dedupeKey, like
   * every other write), and adds what it inserted to the source's push receiver counts, at `at`, and to the
   * data type's collection stats (messages, last message time), in ONE transaction; no checkpoint moves.
   */
  appendPushed(push: { sourceId: string; dataType: DataType; messages: Message[]; at: number }): Promise<AppendResult>;
}

/** Each source's Event Push receiver: its token, sealed at rest and bound to the source id, and its counts. */
export interface PushReceiversRepository {
  /** Creates the source's receiver with this token, or gives it a new one (the old token stops working at once). */
  put(sourceId: string, token: string): Promise<PushReceiverRecord>;
  get(sourceId: string): Promise<PushReceiverRecord | undefined>;
  /** False when the source had none. */
  delete(sourceId: string): Promise<boolean>;
  /** The source whose receiver holds this token, else undefined; the token itself is compared in constant time. */
  find(token: string): Promise<string | undefined>;
}

export type RaisedHealthEvent = Omit<HealthEventRecord, 'eventId' | 'status' | 'resolvedAt'>;

export interface HealthEventFilter {
  unresolvedOnly: boolean;
  resourceIds?: string[];
  limit: number;
  offset: number;
}

export interface HealthRepository {
  /** Opens a health event, or returns the open one of the same name for the same resource. */
  raise(event: RaisedHealthEvent): Promise<HealthEventRecord>;
  /**
   * Like `raise`, for events that recur (a set-aside batch file): one opens with `details.count` 1; while it
   * is open, raising one with the same trackerId adds one to its count and takes its `error` (the latest).
   */
  raiseCounted(event: RaisedHealthEvent): Promise<HealthEventRecord>;
  /** Resolves the open events of a resource (all of them, or those of one name); returns what it resolved. */
  resolve(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]>;
  list(filter: HealthEventFilter): Promise<HealthEventRecord[]>;
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

export interface CreatedAccessKey {
  accessId: string;
  /** The secret, returned this once; only a salted hash is kept. */
  accessKey: string;
  record: AccessKeyRecord;
}

export interface AccessKeysRepository {
  /** `createdBy` defaults to `system`. */
  create(name: string, options?: AccessKeyOptions): Promise<CreatedAccessKey>;
  /** The enabled key with this id and key, else undefined. */
  verify(accessId: string, accessKey: string): Promise<AccessKeyRecord | undefined>;
  list(): Promise<AccessKeyRecord[]>;
  get(accessId: string): Promise<AccessKeyRecord | undefined>;
  /** Enables or disables a key (and replaces its corsHeaders when given); throws `notfound`. */
  update(accessId: string, change: AccessKeyChange, guard?: KeepOneEnabled): Promise<AccessKeyRecord>;
  /** Removes a key for good; false when there was none. */
  delete(accessId: string, guard?: KeepOneEnabled): Promise<boolean>;
}

export interface FieldsRepository {
  list(): Promise<FieldRecord[]>;
  /** Field names are unique regardless of case: `DuplicateResourceName` otherwise. */
  create(fieldName: string): Promise<FieldRecord>;
  delete(fieldId: string): Promise<boolean>;
}

/** Library content: folders, dashboards and searches, kept as a tree. */
export interface LibraryRepository {
  /** Creates or replaces the item with this id. */
  put(item: ContentItem): Promise<void>;
  /**
   * Replaces the item only while its stored body is still `expected` (compared in the UPDATE itself, so of two
   * processes saving over one version only one succeeds); false when it has changed or is gone.
   */
  replaceIfUnchanged(item: ContentItem, expected: Record<string, unknown>): Promise<boolean>;
  /**
   * Creates the item unless its folder holds an item of its name (case-insensitive); false when the name is
   * taken. Atomic across processes: on PostgreSQL the check and the insert run under a lock on the folder.
   */
  createIfNameFree(item: ContentItem): Promise<boolean>;
  /**
   * Creates the item in place of the items of its name in its folder (an overwrite import), in one
   * transaction under the same folder lock, and answers the items it took out: their children and lookup
   * tables are the caller's to remove. Two overwrites of one name at once both succeed, the later one last.
   */
  createReplacingName(item: ContentItem): Promise<ContentItem[]>;
  get(id: string): Promise<ContentItem | undefined>;
  listChildren(parentId: string): Promise<ContentItem[]>;
  /** Removes these items (the caller names a whole subtree: children are not removed with their parent). */
  delete(ids: string[]): Promise<void>;
  /**
   * Removes the item only while its body is the one expected (a DELETE with If-Match: of a save and a
   * delete from two processes over one version, only one succeeds); false when it has changed or is gone.
   */
  deleteIfUnchanged(id: string, expected: Record<string, unknown>): Promise<boolean>;
}

/** The right of one process (`holder`) to collect one source. `token` grows on every change of holder (fencing). */
export interface Lease {
  sourceId: string;
  holder: string;
  token: number;
  expiresAt: number;
}

/** Leases and the heartbeats of the processes that hold them. */
export interface LeasesRepository {
  /** Records that `holder` is alive now; processes not seen for a lease period are dead. */
  heartbeat(holder: string, hostname: string): Promise<void>;
  listProcesses(): Promise<ProcessRecord[]>;
  /**
   * Claims up to `max` more sources whose lease is free or expired (on PostgreSQL with FOR UPDATE SKIP LOCKED),
   * renews the ones `holder` already has, and returns every lease `holder` now holds.
   * A single-process store (DuckDB) grants every source to its one holder.
   */
  claim(holder: string, options: { ttlMs: number; max: number }): Promise<Lease[]>;
  release(holder: string, sourceIds?: string[]): Promise<void>;
}

/**
 * Partitions (model/partition.ts) and the retention of the messages in them. The messages repository routes
 * each message it stores through these (re-read at most every PARTITIONS_TTL_MS in a process that did not write them).
 */
export interface PartitionsRepository {
  list(): Promise<PartitionRecord[]>;
  get(id: string): Promise<PartitionRecord | undefined>;
  /** Creates or replaces the partition with this id; `DuplicateResourceName` when another one has its name (in any case). */
  put(record: PartitionRecord): Promise<PartitionRecord>;
  delete(id: string): Promise<boolean>;
  /** Bytes of the stored messages (`_size`) by partition name; messages of a deleted partition count for the default one. */
  sizes(): Promise<Record<string, number>>;
  /** Deletes the messages older than their partition's retention at `now` and frees their space; returns how many. */
  sweep(now: number): Promise<number>;
  /** The bytes the store's data takes on disk now (what `--max-store-gb` limits). */
  diskBytes(): Promise<number>;
  /** Deletes every message of the oldest day (UTC) that has any, in every partition; undefined when there are none. */
  dropOldestDay(): Promise<DroppedDay | undefined>;
}

export interface DroppedDay {
  /** The day's start, ms since the epoch. */
  day: number;
  deleted: number;
  /** Their `_size` total. */
  bytes: number;
}

/** Threat-intelligence indicators, matched by the threat lookups of the query language. */
export interface ThreatIndicatorsRepository {
  /**
   * Inserts new indicators and replaces those of the same (source, id), keeping when each was first imported;
   * the one write of `import-indicators` and of the Mimecast threat-intel feed. Returns how many it wrote.
   */
  upsert(indicators: readonly ThreatIndicator[]): Promise<number>;
  /** How many are stored, of one source or of all. */
  count(source?: string): Promise<number>;
}

/** Lookup tables (Sumo's Lookup Tables API) and their rows. */
export interface LookupTablesRepository {
  /** Creates or replaces the definition with this id. */
  put(table: LookupTable): Promise<void>;
  get(id: string): Promise<LookupTable | undefined>;
  /** The table at a content path, ignoring case. */
  getByPath(contentPath: string): Promise<LookupTable | undefined>;
  /** Deletes the table and its rows; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Inserts or replaces rows by key; `replace` first drops every other row (one transaction). Returns the row count after. */
  writeRows(id: string, rows: readonly LookupRow[], replace: boolean): Promise<number>;
  deleteRow(id: string, key: string): Promise<boolean>;
  /** The first `limit` rows in key order. */
  rows(id: string, limit: number): Promise<LookupRow[]>;
  count(id: string): Promise<number>;
}

/** A Mimecast OAuth2 token as every process of a shared store may use it. `refreshAt`: epoch ms after which it is not used. */
export interface StoredToken {
  value: string;
  refreshAt: number;
}

/**
 * One Mimecast API application's access token and rate budget, shared by every `serve` process on one
 * database (PostgreSQL only: a single DuckDB process keeps them in memory). `app` names the application
 * (base URL and client id, hashed by the caller); times are epoch ms from the caller's clock.
 */
export interface MimecastCredentialsRepository {
  /**
   * The stored token when it was got with `secretHash` and is still good at `now()`; otherwise runs `login`
   * while holding a lock on the application, so processes that need a token at once log in once between
   * them, and stores its token sealed.
   */
  tokenOrLogin(app: string, secretHash: string, now: () => number, login: () => Promise<StoredToken>): Promise<StoredToken>;
  /** The API refused this token: no process uses it again. */
  forgetToken(app: string, value: string): Promise<void>;
  /**
   * Takes one call from the application's budget: 0 when it may be sent now (and is counted), else how
   * long to wait (a 429's block, or the quota spent until its reset) before asking again.
   */
  takeCall(app: string, now: number): Promise<number>;
  /** An answer's `X-RateLimit-Remaining` and `-Reset`: the lowest count within a period wins; the last few calls are spread out. */
  observeQuota(app: string, now: number, quota: { remaining: number; resetMs: number; lowWater: number }): Promise<void>;
  /** After a 429: no process sends before `until`. */
  blockUntil(app: string, until: number): Promise<void>;
}
