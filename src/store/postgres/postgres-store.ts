import type pg from 'pg';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { AccessKeyRecord } from '../../model/access-key.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { CollectorInput, CollectorRecord, ProcessRecord } from '../../model/collector.js';
import type { FieldRecord } from '../../model/field.js';
import type { HealthEventRecord } from '../../model/health-event.js';
import type { ContentItem } from '../../model/library.js';
import type { DataType, Message } from '../../model/message.js';
import type { CollectionStats, SourceRecord, SourceState } from '../../model/source.js';
import type { SourceConfig } from '../../model/source-config.js';
import type { SecretBox } from '../secrets.js';
import type { AccessKeyChange, AccessKeyOptions, AppendBatch, AppendResult, KeepOneEnabled, Lease, Row, Store } from '../store.js';
import { checkConnection, createPool, parseDatabaseUrl, storeError } from './connect.js';
import { Db } from './db.js';
import * as leases from './leases.js';
import { Library } from './library.js';
import { writeMessages } from './message-writer.js';
import { migrate } from './migrations.js';
import { monitorRepositories } from './monitors.js';
import { Partitions } from './partitions.js';
import { Records } from './records.js';

export interface PostgresStoreOptions {
  url: string;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/**
 * Connects, checks the connection (one clear `store.connect` error for a bad URL, password, host or
 * database), migrates under an advisory lock and makes the day partitions around today.
 */
export async function connectPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const target = parseDatabaseUrl(options.url);
  const pool = createPool(options.url, options.logger, options.poolSize);
  try {
    await checkConnection(pool, target);
    await migrate(pool, options.logger).catch((error: unknown) => {
      throw new AppError('store.connect', `cannot prepare the database schema: ${storeError(error).message}`, { cause: error });
    });
    const store = new PostgresStore(pool, options);
    await store.partitions.load();
    await store.partitions.ensure([], options.clock.now());
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw storeError(error, 'store.connect');
  }
}

const NO_PARTITION = '23514';

export class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  readonly partitions: Partitions;
  private readonly db: Db;
  private readonly records: Records;
  private readonly library: Library;
  private readonly clock: Clock;
  readonly monitors: Store['monitors'];
  readonly connections: Store['connections'];
  readonly alerts: Store['alerts'];

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresStoreOptions,
  ) {
    this.db = new Db(pool);
    this.clock = options.clock;
    this.partitions = new Partitions(pool);
    this.records = new Records(this.db, options.clock, options.secrets);
    this.library = new Library(this.db, options.clock);
    ({
      monitors: this.monitors,
      connections: this.connections,
      alerts: this.alerts,
    } = monitorRepositories(this.db, options.clock, options.secrets));
  }

  /** Cancels of the compiled queries running now: close() sends them, since pool.end() waits for every client. */
  private readonly running = new Set<() => Promise<unknown>>();
  private closing = false;

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await Promise.all([...this.running].map((cancel) => cancel()));
    await this.pool.end();
  }

  createCollector(input: CollectorInput): Promise<CollectorRecord> {
    return this.records.createCollector(input);
  }
  listCollectors(page?: { limit: number; offset: number }): Promise<CollectorRecord[]> {
    return this.records.listCollectors(page);
  }
  getCollector(id: string): Promise<CollectorRecord | undefined> {
    return this.records.getCollector(id);
  }
  updateCollector(id: string, input: CollectorInput, expectedVersion?: number): Promise<CollectorRecord> {
    return this.records.updateCollector(id, input, expectedVersion);
  }
  deleteCollector(id: string): Promise<void> {
    return this.records.deleteCollector(id);
  }
  createSource(collectorId: string, config: SourceConfig): Promise<SourceRecord> {
    return this.records.createSource(collectorId, config);
  }
  listSources(collectorId?: string): Promise<SourceRecord[]> {
    return this.records.listSources(collectorId);
  }
  getSource(id: string): Promise<SourceRecord | undefined> {
    return this.records.getSource(id);
  }
  updateSource(id: string, config: SourceConfig, expectedVersion?: number): Promise<SourceRecord> {
    return this.records.updateSource(id, config, expectedVersion);
  }
  requestSourceRestart(id: string): Promise<void> {
    return this.records.requestSourceRestart(id);
  }
  setSourceState(id: string, state: SourceState, observedGeneration?: number): Promise<void> {
    return this.records.setSourceState(id, state, observedGeneration);
  }
  markSourceDeleting(id: string): Promise<void> {
    return this.records.markSourceDeleting(id);
  }
  deleteSource(id: string): Promise<void> {
    return this.records.deleteSource(id);
  }
  getCheckpoint(sourceId: string, dataType: DataType): Promise<Checkpoint | undefined> {
    return this.records.getCheckpoint(sourceId, dataType);
  }
  clearCheckpoints(sourceId: string): Promise<void> {
    return this.records.clearCheckpoints(sourceId);
  }
  getCollectionStats(sourceId: string): Promise<Partial<Record<DataType, CollectionStats>>> {
    return this.records.getCollectionStats(sourceId);
  }
  recordPoll(sourceId: string, dataType: DataType, at: number): Promise<void> {
    return this.records.recordPoll(sourceId, dataType, at);
  }

  /** Fence check, messages, checkpoint, stats and the batch's audit row: one transaction. */
  appendBatch(batch: AppendBatch): Promise<AppendResult> {
    return this.withPartitions(batch.messages, async () =>
      this.db.tx(async (client) => {
        if (batch.fence) await leases.checkFence(client, batch.sourceId, batch.fence);
        const written = await writeMessages(client, batch.messages);
        await client.query(
          `INSERT INTO checkpoints (source_id, data_type, body) VALUES ($1, $2, $3)
           ON CONFLICT (source_id, data_type) DO UPDATE SET body = EXCLUDED.body`,
          [batch.sourceId, batch.dataType, JSON.stringify(batch.checkpoint)],
        );
        await client.query(
          `INSERT INTO collection_stats AS s (source_id, data_type, messages, dropped, last_message_time) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (source_id, data_type) DO UPDATE SET messages = s.messages + EXCLUDED.messages,
             dropped = s.dropped + EXCLUDED.dropped,
             last_message_time = GREATEST(s.last_message_time, EXCLUDED.last_message_time)`,
          [batch.sourceId, batch.dataType, written.inserted, batch.dropped ?? 0, written.lastMessageTime],
        );
        await client.query(
          `INSERT INTO batches (source_id, data_type, holder, token, inserted, duplicates, committed_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            batch.sourceId,
            batch.dataType,
            batch.fence?.holder ?? null,
            batch.fence?.token ?? null,
            written.inserted,
            written.duplicates,
            this.clock.now(),
          ],
        );
        return { inserted: written.inserted, duplicates: written.duplicates };
      }),
    );
  }

  appendMessages(messages: Message[]): Promise<AppendResult> {
    return this.withPartitions(messages, async () =>
      this.db.tx(async (client) => {
        const written = await writeMessages(client, messages);
        return { inserted: written.inserted, duplicates: written.duplicates };
      }),
    );
  }

  /**
   * Makes the partitions the messages need first (DDL, outside the batch's transaction). If another process
   * dropped a partition this one still believed in (retention), the insert fails on it: relearn and retry once.
   */
  private async withPartitions<T>(messages: readonly Message[], write: () => Promise<T>): Promise<T> {
    const ensure = () =>
      this.partitions
        .ensure(
          messages.map((m) => m.messageTime),
          this.clock.now(),
        )
        .catch((e: unknown) => Promise.reject(storeError(e)));
    await ensure();
    try {
      return await write();
    } catch (error) {
      if ((error as AppError).cause === undefined || ((error as AppError).cause as { code?: string }).code !== NO_PARTITION) throw error;
      await this.partitions.reload().catch((e: unknown) => Promise.reject(storeError(e)));
      await ensure();
      return write();
    }
  }

  /** Retention: drops the day partitions that end at or before `cutoff`; returns their names. */
  async dropMessagesBefore(cutoff: number): Promise<string[]> {
    try {
      return await this.partitions.dropBefore(cutoff);
    } catch (error) {
      throw storeError(error);
    }
  }

  raiseHealthEvent(event: Omit<HealthEventRecord, 'eventId' | 'status' | 'resolvedAt'>): Promise<HealthEventRecord> {
    return this.library.raiseHealthEvent(event);
  }
  resolveHealthEvents(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]> {
    return this.library.resolveHealthEvents(resourceId, eventName);
  }
  listHealthEvents(filter: {
    unresolvedOnly: boolean;
    resourceIds?: string[];
    limit: number;
    offset: number;
  }): Promise<HealthEventRecord[]> {
    return this.library.listHealthEvents(filter);
  }
  createAccessKey(name: string, options?: AccessKeyOptions): Promise<{ accessId: string; accessKey: string; record: AccessKeyRecord }> {
    return this.library.createAccessKey(name, options);
  }
  verifyAccessKey(accessId: string, accessKey: string): Promise<AccessKeyRecord | undefined> {
    return this.library.verifyAccessKey(accessId, accessKey);
  }
  listAccessKeys(): Promise<AccessKeyRecord[]> {
    return this.library.listAccessKeys();
  }
  getAccessKey(accessId: string): Promise<AccessKeyRecord | undefined> {
    return this.library.getAccessKey(accessId);
  }
  updateAccessKey(accessId: string, change: AccessKeyChange, guard?: KeepOneEnabled): Promise<AccessKeyRecord> {
    return this.library.updateAccessKey(accessId, change, guard);
  }
  deleteAccessKey(accessId: string, guard?: KeepOneEnabled): Promise<boolean> {
    return this.library.deleteAccessKey(accessId, guard);
  }
  listFields(): Promise<FieldRecord[]> {
    return this.library.listFields();
  }
  createField(fieldName: string): Promise<FieldRecord> {
    return this.library.createField(fieldName);
  }
  deleteField(fieldId: string): Promise<boolean> {
    return this.library.deleteField(fieldId);
  }
  putContent(item: ContentItem): Promise<void> {
    return this.library.putContent(item);
  }
  getContent(id: string): Promise<ContentItem | undefined> {
    return this.library.getContent(id);
  }
  listContentChildren(parentId: string): Promise<ContentItem[]> {
    return this.library.listContentChildren(parentId);
  }

  heartbeatProcess(holder: string, hostname: string): Promise<void> {
    return leases.heartbeatProcess(this.db, this.clock, holder, hostname);
  }
  listProcesses(): Promise<ProcessRecord[]> {
    return leases.listProcesses(this.db);
  }
  claimLeases(holder: string, options: { ttlMs: number; max: number }): Promise<Lease[]> {
    return leases.claimLeases(this.db, this.clock, holder, options);
  }
  releaseLeases(holder: string, sourceIds?: string[]): Promise<void> {
    return leases.releaseLeases(this.db, holder, sourceIds);
  }

  /** Runs compiled SQL (`$n` parameters). Aborting cancels the statement on the server. */
  async query(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]> {
    if (signal?.aborted) throw new AppError('aborted', 'query cancelled');
    if (this.closing) throw new AppError('store.closed', 'the store is closed');
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw storeError(error);
    }
    const pid = (client as unknown as { processID: number }).processID;
    const cancel = () => this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    this.running.add(cancel);
    try {
      return (await client.query(sql, params as unknown[])).rows as Row[];
    } catch (error) {
      if (signal?.aborted) throw new AppError('aborted', 'query cancelled');
      if (this.closing) throw new AppError('store.closed', 'the store is closed');
      throw storeError(error, 'store.query');
    } finally {
      this.running.delete(cancel);
      signal?.removeEventListener('abort', cancel);
      client.release();
    }
  }
}
