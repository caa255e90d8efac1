import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { noTelemetry, type Telemetry } from '../core/telemetry.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { DataType, Message } from '../model/message.js';
import type { SourceRecord, SourceState } from '../model/source.js';
import type { ThreatIndicator } from '../model/threat-indicator.js';
import type { SetAsideFile } from '../sources/mimecast/types.js';
import type { Store } from '../store/store.js';
import { classifyFailure } from './classify.js';
import type { HealthReporter } from './health.js';
import type { PageFeed, SourceFetcher } from './page-feed.js';
import { DEFAULT_PROBE_INTERVAL_MS, pollIntervalSec } from './poll-interval.js';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy.js';
import type { SetAsideFiles } from './set-aside-files.js';
import { SourceHealth } from './source-health.js';
import { SourceStateMachine } from './state-machine.js';

export interface SourceTaskDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  health: HealthReporter;
  /**
   * Compiles the source's rules and metadata and builds its Mimecast client (no I/O); throws a
   * ValidationError for a config that cannot run.
   */
  open(source: SourceRecord, collectorName: string): SourceFetcher;
  retry?: RetryPolicyOptions;
  /** Counts stored batches and messages (metrics); nothing when absent. */
  telemetry?: Telemetry;
  /** How often a stopped data type (a config error, or its retry budget spent) is tried again. Default 15 min. */
  probeIntervalMs?: number;
  /** Where the bytes of set-aside batch files are kept; not kept when absent. */
  setAsideFiles?: SetAsideFiles;
}

/** Enough to amortise a store transaction, small enough to keep memory flat during a backfill. */
export const MAX_BATCH_MESSAGES = 5000;
/** A slow upstream still sees its pages committed (and the checkpoint move) at least this often. */
export const MAX_BATCH_AGE_MS = 1000;
/**
 * While the previous batch still commits, later pages join the next one up to this size: when commits are
 * slow (a busy disk's fsync, a DuckDB checkpoint), one commit then covers several batches' worth instead of
 * each waiting its turn. Fast commits never let a batch grow past MAX_BATCH_MESSAGES.
 */
export const MAX_GROUP_MESSAGES = 4 * MAX_BATCH_MESSAGES;

/**
 * Collects one source until stopped: moves it through Started → Initialized → Authenticated → Collecting,
 * then runs one loop per data type. A failure before that (rules, client, authentication) raises a health
 * event, puts the source in Error and retries within the budget (or not at all for a config error). Once
 * collecting, each data type fails, retries and reports on its own (see `runDataType`): the source stays
 * Collecting while any of them does. A checkpoint only ever moves together with the batch it follows, in
 * one store transaction. Its state machine is the only writer of the source's state.
 */
export class SourceTask {
  private readonly controller = new AbortController();
  private readonly machine: SourceStateMachine;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;
  private readonly probeIntervalMs: number;
  private done: Promise<void> = Promise.resolve();
  /** State writes land in the order the machine made them, a final Stopping after any still in flight. */
  private writes: Promise<void> = Promise.resolve();

  constructor(
    readonly source: SourceRecord,
    private readonly fence: { holder: string; token: number } | undefined,
    private readonly deps: SourceTaskDeps,
  ) {
    this.machine = new SourceStateMachine(source.state);
    this.retry = new RetryPolicy(deps.clock, deps.retry);
    this.log = deps.logger.child({ sourceId: source.id });
    this.probeIntervalMs = deps.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
  }

  /**
   * Acts on an update or restart asked for since the last one acted on (generation > observedGeneration):
   * back to Pending, recorded with the generation, before collection starts.
   */
  async start(): Promise<void> {
    const { generation, observedGeneration } = this.source;
    if (generation > observedGeneration) {
      this.machine.moveTo({ state: 'Pending' });
      await this.persist(generation);
    }
    this.done = this.run();
  }

  get fenceToken(): number | undefined {
    return this.fence?.token;
  }

  /** Abandons fetches in flight (their checkpoint never moved) and waits for a batch being stored to commit. */
  async stop(): Promise<void> {
    this.controller.abort();
    await this.done;
    await this.writes;
  }

  /** A delete: the source shows Stopping, its final state, while the task stops. */
  async stopForDeletion(generation: number): Promise<void> {
    this.controller.abort();
    this.machine.moveTo({ state: 'Stopping' });
    const [, written] = await Promise.allSettled([this.done, this.persist(generation)]);
    if (written.status === 'rejected') throw written.reason;
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private async setState(next: SourceState): Promise<void> {
    if (this.signal.aborted) return;
    if (this.machine.moveTo(next)) await this.persist();
  }

  private persist(observedGeneration?: number): Promise<void> {
    const state = this.machine.state;
    const write = this.writes.then(() => this.deps.store.sources.setState(this.source.id, state, observedGeneration));
    this.writes = write.catch(() => {});
    return write;
  }

  private async run(): Promise<void> {
    const initial = this.machine.state;
    // An Error of the source itself without a retry deadline waits for an update or restart, even across
    // server restarts. An Error of every data type (it has their states) is probed again like each of them.
    if (initial.state === 'Error' && initial.error?.retriesUntil === null && !initial.dataTypes) return;
    if (initial.state === 'Stopping') return;
    if (initial.state !== 'Pending' && initial.state !== 'Error') this.machine.moveTo({ state: 'Pending' });
    const collector = await this.deps.store.collectors.get(this.source.collectorId).catch(() => undefined);
    const health = new SourceHealth(this.source, collector?.name ?? '', this.deps.health, this.log);
    while (!this.signal.aborted) {
      try {
        await this.collect(health, collector?.name ?? '');
        return;
      } catch (error) {
        if (this.signal.aborted) return;
        const stop = await this.onFailure(error, health);
        if (stop) return;
      }
    }
  }

  private async collect(health: SourceHealth, collectorName: string): Promise<void> {
    await this.setState({ state: 'Started' });
    const fetcher = this.deps.open(this.source, collectorName);
    await this.setState({ state: 'Initialized' });
    await fetcher.authenticate(this.signal);
    await this.setState({ state: 'Authenticated' });
    const { dataCollection } = this.source.config;
    if (!this.signal.aborted) {
      this.machine.moveTo({ state: 'Collecting' });
      for (const dataType of dataCollection) this.machine.setDataType(dataType, { state: 'Collecting' });
      await this.persist();
    }
    this.retry.onSuccess();
    await health.recovered('source');
    // Every loop is waited for, so no batch is still being stored when the task reports itself stopped, and
    // a loop that dies of a bug never has the source retried while its siblings still run.
    const loops = await Promise.allSettled(dataCollection.map((dataType) => this.runDataType(fetcher, dataType, health)));
    const died = loops.find((loop) => loop.status === 'rejected');
    if (died) throw died.reason;
  }

  /**
   * One data type's loop: it runs until the task stops. A failure puts this type (not the source) in Error
   * and raises a health event naming it; a retryable one is retried with its own backoff and budget, and a
   * stopped type (a config error such as a 403 for a permission the Mimecast application lacks, or its
   * budget spent) is probed every `probeIntervalMs`, so a permission granted later is picked up without
   * editing the source. Only when every data type is in Error is the source.
   */
  private async runDataType(fetcher: SourceFetcher, dataType: DataType, health: SourceHealth): Promise<void> {
    const retry = new RetryPolicy(this.deps.clock, this.deps.retry);
    let failing = false;
    const onCommit = async () => {
      if (failing) {
        failing = false;
        retry.onSuccess();
        await this.dataTypeCollects(dataType);
        this.log.info('data type collects again', { dataType });
      }
      await health.recovered(dataType);
    };
    while (!this.signal.aborted) {
      try {
        await this.stream(fetcher, dataType, onCommit);
        return;
      } catch (error) {
        if (this.signal.aborted) return;
        failing = true;
        const waitMs = await this.dataTypeFailed(dataType, error, retry, health);
        try {
          await this.deps.clock.sleep(waitMs, this.signal);
        } catch {
          return;
        }
      }
    }
  }

  private async dataTypeCollects(dataType: DataType): Promise<void> {
    if (this.signal.aborted) return;
    let changed = this.machine.setDataType(dataType, { state: 'Collecting' });
    if (this.machine.state.state === 'Error') changed = this.machine.moveTo({ state: 'Collecting' }) || changed;
    if (changed) await this.persist();
  }

  /** Records the failure of one data type; returns how long to wait before its next try. */
  private async dataTypeFailed(dataType: DataType, thrown: unknown, retry: RetryPolicy, health: SourceHealth): Promise<number> {
    const failure = classifyFailure(thrown);
    const decision = retry.onFailure(failure);
    const intervalMs = this.source.config.pollingIntervalSec * 1000;
    // A stopped type is never tried more often than the source polls.
    const waitMs = decision.action === 'retry' ? decision.delayMs : Math.max(this.probeIntervalMs, intervalMs);
    const retriesUntil = decision.action === 'retry' ? new Date(decision.retriesUntil).toISOString() : null;
    const error = { type: failure.type, code: failure.code, message: failure.message, retriesUntil };
    this.log.warn('data type failed', { dataType, type: failure.type, code: failure.code, error: failure.message, retriesUntil });
    await health.failed(dataType, failure);
    if (this.signal.aborted) return waitMs;
    const nextAttemptAt = new Date(this.deps.clock.now() + waitMs).toISOString();
    let changed = this.machine.setDataType(dataType, { state: 'Error', error, nextAttemptAt });
    const types = this.source.config.dataCollection.map((t) => this.machine.state.dataTypes?.[t]);
    if (types.every((t) => t?.state === 'Error')) {
      // The source retries until its last data type stops retrying (ISO times compare as text).
      const deadlines = types.map((t) => t?.error?.retriesUntil ?? null).filter((d): d is string => d !== null);
      const until = deadlines.length === 0 ? null : deadlines.sort().at(-1)!;
      const aggregate = { ...error, message: `${dataType}: ${failure.message}`, retriesUntil: until };
      changed = this.machine.moveTo({ state: 'Error', error: aggregate }) || changed;
    }
    if (changed) await this.persist().catch((storeError: unknown) => this.logStoreError(storeError));
    return waitMs;
  }

  /**
   * Pages of a backfill flow without waiting: the feed fetches and builds later pages while the current
   * batch is stored, and pages are stored in batches of up to MAX_BATCH_MESSAGES (or MAX_BATCH_AGE_MS of
   * fetching). Batches are stored one after another, each with the cursor after its last page, so the
   * checkpoint only ever moves to a position whose events are all committed; anything fetched but not
   * committed is fetched again.
   */
  private async stream(fetcher: SourceFetcher, dataType: DataType, onCommit: () => Promise<void>): Promise<void> {
    const { store, clock } = this.deps;
    const signal = this.signal;
    let cursor: Checkpoint | undefined = await store.checkpoints.get(this.source.id, dataType);
    const intervalMs = pollIntervalSec(this.source.config, dataType) * 1000;
    let storing: Promise<void> | undefined;
    let committing = false;
    let batch = {
      messages: [] as Message[],
      dropped: 0,
      oversized: 0,
      setAside: [] as SetAsideFile[],
      indicators: [] as ThreatIndicator[],
    };
    let batchStartedAt = clock.now();
    const storeBatch =
      (messages: Message[], dropped: number, checkpoint: Checkpoint, setAside: SetAsideFile[], indicators: ThreatIndicator[]) =>
      async () => {
        // Never aborted: a batch is committed whole with its cursor, or not at all.
        const started = clock.now();
        const { inserted, expired } = await store.messages.appendBatch({
          sourceId: this.source.id,
          dataType,
          messages,
          checkpoint,
          dropped,
          fence: this.fence,
          ...(indicators.length > 0 ? { indicators } : {}),
        });
        (this.deps.telemetry ?? noTelemetry).emit({
          type: 'BatchStored',
          sourceId: this.source.id,
          dataType,
          inserted,
          expired,
          durationMs: clock.now() - started,
        });
        await onCommit();
        // Reported once the cursor past them is committed, so a file is reported once, not once per retry.
        for (const file of setAside) await this.reportSetAside(dataType, file);
      };
    let feed: PageFeed | undefined;
    try {
      while (!signal.aborted) {
        feed ??= fetcher.feed(dataType, cursor, signal);
        const page = await feed.next();
        const now = clock.now();
        if (batch.messages.length === 0 && batch.dropped === 0) batchStartedAt = now;
        for (const m of page.messages) batch.messages.push(m);
        batch.dropped += page.dropped;
        batch.oversized += page.oversized;
        if (page.setAside) batch.setAside.push(...page.setAside);
        if (page.indicators) batch.indicators.push(...page.indicators);
        cursor = page.cursor;
        if (page.more && batch.messages.length < MAX_BATCH_MESSAGES && now - batchStartedAt < MAX_BATCH_AGE_MS) continue;
        if (page.more && committing && batch.messages.length < MAX_GROUP_MESSAGES) continue;
        // One batch is stored at a time, in order; a failure surfaces here and stops the stream.
        await storing;
        // Once per batch, not per message: a rule that grows every message would otherwise flood the log.
        if (batch.oversized > 0)
          this.log.warn('processing rules grew messages past the limit; dropped', { dataType, count: batch.oversized });
        committing = true;
        storing = storeBatch(batch.messages, batch.dropped, page.cursor, batch.setAside, batch.indicators)().finally(() => {
          committing = false;
        });
        storing.catch(() => {});
        batch = { messages: [], dropped: 0, oversized: 0, setAside: [], indicators: [] };
        if (page.more) continue;
        feed.close();
        feed = undefined;
        await storing;
        await store.checkpoints.recordPoll(this.source.id, dataType, now);
        await clock.sleep(intervalMs, signal).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'aborted')) throw error;
        });
      }
    } finally {
      feed?.close();
      // Stopping waits for the batch being stored, so the store is never closed under it.
      await storing?.catch(() => {});
    }
  }

  /**
   * A batch file the cursor moved past unread or in part (damaged for good, or with broken lines): its bytes
   * are kept (when the runtime keeps them) and one open Warning health event per source counts them, naming
   * the latest file, why, and where it was kept, so collection never waits on it.
   */
  private async reportSetAside(dataType: DataType, file: SetAsideFile): Promise<void> {
    let keptAt: string | undefined;
    const kept = this.deps.setAsideFiles;
    if (kept !== undefined && file.bytes !== undefined) {
      keptAt = await kept.keep(this.source.id, dataType, file.url, file.bytes, this.deps.clock.now()).catch((error: unknown) => {
        this.log.warn('could not keep a set-aside batch file', { error: error instanceof Error ? error.message : String(error) });
        return undefined;
      });
    }
    this.log.warn('batch file set aside', { dataType, url: file.url, reason: file.reason, keptAt });
    const collector = await this.deps.store.collectors.get(this.source.collectorId).catch(() => undefined);
    await this.deps.health.raiseCounted({
      eventName: 'ThirdPartyGenericError',
      severityLevel: 'Warning',
      details: {
        trackerId: `SetAside:${this.source.id}`,
        name: 'Batch File Set Aside',
        description: 'Mimecast batch files could not be read in full and were skipped, so collection moves on.',
        error: `${dataType}: ${file.url}: ${file.reason}${keptAt === undefined ? '' : `; kept at ${keptAt}`}`,
      },
      resourceIdentity: {
        collectorId: this.source.collectorId,
        collectorName: collector?.name ?? '',
        id: this.source.id,
        name: this.source.config.name,
        type: 'Source',
      },
      eventTime: this.deps.clock.now(),
    });
  }

  /** A failure of the source itself; returns true when the task must stop and wait for an update or restart. */
  private async onFailure(error: unknown, health: SourceHealth): Promise<boolean> {
    const failure = classifyFailure(error);
    const decision = this.retry.onFailure(failure);
    const retriesUntil = decision.action === 'retry' ? new Date(decision.retriesUntil).toISOString() : null;
    this.log.warn('source failed', { type: failure.type, code: failure.code, error: failure.message, retriesUntil });
    await health.failed('source', failure);
    try {
      await this.setState({ state: 'Error', error: { type: failure.type, code: failure.code, message: failure.message, retriesUntil } });
    } catch (storeError) {
      this.logStoreError(storeError);
    }
    if (decision.action === 'stop') return true;
    try {
      await this.deps.clock.sleep(decision.delayMs, this.signal);
    } catch {
      return true;
    }
    return false;
  }

  private logStoreError(error: unknown): void {
    this.log.error('could not record the failure', { error: error instanceof Error ? error.message : String(error) });
  }
}
