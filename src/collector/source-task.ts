import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { DataType, Message, RawEvent } from '../model/message.js';
import type { SourceRecord, SourceState } from '../model/source.js';
import type { MimecastClient, PageResult } from '../sources/mimecast/types.js';
import type { Store } from '../store/store.js';
import { classifyFailure } from './classify.js';
import type { HealthReporter } from './health.js';
import { RetryPolicy, type RetryPolicyOptions } from './retry-policy.js';
import { SourceStateMachine } from './state-machine.js';

/**
 * Turns one page of a data type's events into stored messages (processing rules, metadata); `oversized`
 * counts the dropped messages that rules grew past their limit.
 */
export type BatchBuilder = (
  events: RawEvent[],
  dataType: DataType,
  receiptTime: number,
) => Promise<{ messages: Message[]; dropped: number; oversized: number }>;

export interface SourceTaskDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  health: HealthReporter;
  /** Compiles the source's rules and metadata; throws a ValidationError for a config that cannot run. */
  prepare(source: SourceRecord, collectorName: string): BatchBuilder;
  /** Builds the Mimecast client (no I/O). */
  createClient(source: SourceRecord): MimecastClient;
  retry?: RetryPolicyOptions;
}

/** Enough to amortise a store transaction, small enough to keep memory flat during a backfill. */
export const MAX_BATCH_MESSAGES = 5000;
/** A slow upstream still sees its pages committed (and the checkpoint move) at least this often. */
export const MAX_BATCH_AGE_MS = 1000;

/**
 * Collects one source until stopped: moves it through Started → Initialized → Authenticated → Collecting,
 * runs one loop per data type, and on a failure raises a health event, puts the source in Error and
 * retries within the budget (or not at all for a config error). A checkpoint only ever moves together
 * with the batch it follows, in one store transaction. Its state machine is the only writer of the
 * source's state.
 */
export class SourceTask {
  private readonly controller = new AbortController();
  private readonly machine: SourceStateMachine;
  private readonly retry: RetryPolicy;
  private readonly log: Logger;
  private failing = false;
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
    // An Error without a retry deadline waits for an update or restart, even across server restarts.
    if (initial.state === 'Error' && initial.error?.retriesUntil === null) return;
    if (initial.state === 'Stopping') return;
    if (initial.state !== 'Pending' && initial.state !== 'Error') this.machine.moveTo({ state: 'Pending' });
    // Open health events of an earlier failure are resolved by the first page that commits.
    this.failing = initial.state === 'Error';
    const collector = await this.deps.store.collectors.get(this.source.collectorId).catch(() => undefined);
    const collectorName = collector?.name ?? '';
    while (!this.signal.aborted) {
      try {
        await this.collect(collectorName);
        return;
      } catch (error) {
        if (this.signal.aborted) return;
        const stop = await this.onFailure(error, collectorName);
        if (stop) return;
      }
    }
  }

  private async collect(collectorName: string): Promise<void> {
    await this.setState({ state: 'Started' });
    const build = this.deps.prepare(this.source, collectorName);
    const client = this.deps.createClient(this.source);
    await this.setState({ state: 'Initialized' });
    await client.authenticate(this.signal);
    await this.setState({ state: 'Authenticated' });
    await this.setState({ state: 'Collecting' });
    // One failing data type stops its siblings too: the whole source then retries from Started. Every stream
    // is waited for (not just the first to fail), so no batch of an old stream is still being stored when a
    // retry starts or when the task reports itself stopped.
    const streams = new AbortController();
    const onAbort = () => streams.abort();
    this.signal.addEventListener('abort', onAbort, { once: true });
    // The first failure is the cause; the siblings it aborted fail only with `aborted`.
    let cause: { error: unknown } | undefined;
    try {
      await Promise.allSettled(
        this.source.config.dataCollection.map((dataType) =>
          this.stream(client, build, dataType, streams.signal).catch((error: unknown) => {
            cause ??= { error };
            streams.abort();
          }),
        ),
      );
      if (cause) throw cause.error;
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Pages of a backfill flow without waiting: the next page is fetched while the current one is built, and
   * pages are stored in batches of up to MAX_BATCH_MESSAGES (or MAX_BATCH_AGE_MS of fetching) while later
   * pages are fetched. Batches are
   * stored one after another, each with the cursor after its last page, so the checkpoint only ever moves
   * to a position whose events are all committed; anything fetched but not committed is fetched again.
   */
  private async stream(client: MimecastClient, build: BatchBuilder, dataType: DataType, signal: AbortSignal): Promise<void> {
    const { store, clock } = this.deps;
    const pager = client.pager(dataType);
    let cursor: Checkpoint | undefined = await store.checkpoints.get(this.source.id, dataType);
    const intervalMs = this.source.config.pollingIntervalSec * 1000;
    let prefetched: Promise<PageResult> | undefined;
    let storing: Promise<void> | undefined;
    let batch = { messages: [] as Message[], dropped: 0, oversized: 0 };
    let batchStartedAt = clock.now();
    const storeBatch = (messages: Message[], dropped: number, checkpoint: Checkpoint) => async () => {
      // Never aborted: a batch is committed whole with its cursor, or not at all.
      await store.messages.appendBatch({ sourceId: this.source.id, dataType, messages, checkpoint, dropped, fence: this.fence });
      await this.onSuccess();
    };
    try {
      while (!signal.aborted) {
        const page = await (prefetched ?? pager.next(cursor, signal));
        prefetched = undefined;
        if (page.more) {
          prefetched = pager.next(page.cursor, signal);
          prefetched.catch(() => {});
        }
        const now = clock.now();
        const built = await build(page.events, dataType, now);
        if (batch.messages.length === 0 && batch.dropped === 0) batchStartedAt = now;
        for (const m of built.messages) batch.messages.push(m);
        batch.dropped += built.dropped;
        batch.oversized += built.oversized;
        cursor = page.cursor;
        if (page.more && batch.messages.length < MAX_BATCH_MESSAGES && now - batchStartedAt < MAX_BATCH_AGE_MS) continue;
        // One batch is stored at a time, in order; a failure surfaces here and stops the stream.
        await storing;
        // Once per batch, not per message: a rule that grows every message would otherwise flood the log.
        if (batch.oversized > 0)
          this.log.warn('processing rules grew messages past the limit; dropped', { dataType, count: batch.oversized });
        storing = storeBatch(batch.messages, batch.dropped, page.cursor)();
        storing.catch(() => {});
        batch = { messages: [], dropped: 0, oversized: 0 };
        if (page.more) continue;
        await storing;
        await store.checkpoints.recordPoll(this.source.id, dataType, now);
        await clock.sleep(intervalMs, signal).catch((error: unknown) => {
          if (!(error instanceof AppError && error.code === 'aborted')) throw error;
        });
      }
    } finally {
      // Stopping waits for the batch being stored, so the store is never closed under it.
      await storing?.catch(() => {});
    }
  }

  private async onSuccess(): Promise<void> {
    if (!this.failing) return;
    this.failing = false;
    this.retry.onSuccess();
    await this.setState({ state: 'Collecting' });
    await this.deps.health.resolveAll(this.source.id);
    this.log.info('source collects again');
  }

  /** Returns true when the task must stop (config error or budget spent) and wait for an update or restart. */
  private async onFailure(error: unknown, collectorName: string): Promise<boolean> {
    const failure = classifyFailure(error);
    const decision = this.retry.onFailure(failure);
    const retriesUntil = decision.action === 'retry' ? new Date(decision.retriesUntil).toISOString() : null;
    this.failing = true;
    this.log.warn('source failed', { type: failure.type, code: failure.code, error: failure.message, retriesUntil });
    try {
      await this.deps.health.raise(this.source, collectorName, failure);
      await this.setState({ state: 'Error', error: { type: failure.type, code: failure.code, message: failure.message, retriesUntil } });
    } catch (storeError) {
      this.log.error('could not record the failure', { error: storeError instanceof Error ? storeError.message : String(storeError) });
    }
    if (decision.action === 'stop') return true;
    try {
      await this.deps.clock.sleep(decision.delayMs, this.signal);
    } catch {
      return true;
    }
    return false;
  }
}
