import { randomUUID } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../core/telemetry.js';
import type { SourceRecord } from '../model/source.js';
import type { Lease } from '../store/repositories.js';
import type { Store } from '../store/store.js';
import { HealthReporter } from './health.js';
import type { SourceFetcher } from './page-feed.js';
import type { RetryPolicyOptions } from './retry-policy.js';
import type { SetAsideFiles } from './set-aside-files.js';
import { SourceTask } from './source-task.js';
import { SourceStateMachine } from './state-machine.js';

export interface CollectorRuntimeOptions {
  store: Store;
  clock: Clock;
  logger: Logger;
  /**
   * Compiles a source's processing rules and metadata (`schemaFields` are the names of the fields schema)
   * and builds its Mimecast client (the server decides the base URL, never the source); no I/O.
   */
  open(source: SourceRecord, collectorName: string, schemaFields: ReadonlySet<string>): SourceFetcher;
  /** Releases what `open` shares between sources (the fetch worker), once every task has stopped. */
  close?(): Promise<void>;
  /** This process's name in the leases table; unique per process. */
  holder?: string;
  hostname?: string;
  /** A lease not renewed for this long passes to another process. Default 30 s. */
  leaseTtlMs?: number;
  /** How often leases are renewed and source changes made elsewhere are picked up. Default 5 s. */
  tickMs?: number;
  retry?: RetryPolicyOptions;
  /** Counts what the tasks store (metrics); nothing when absent. */
  telemetry?: Telemetry;
  /** How often a stopped data type is tried again (default DEFAULT_PROBE_INTERVAL_MS, 15 minutes). */
  probeIntervalMs?: number;
  /** Keeps the bytes of set-aside batch files (serve: `<data>/set-aside`); not kept when absent. */
  setAsideFiles?: SetAsideFiles;
}

/** A lease not renewed for this long passes to another process; a process not heard from for this long is dead. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/**
 * What the API tells the runtime after it stored a request (a new generation), so the request is acted on
 * at once rather than at the next tick.
 */
export interface CollectorControl {
  /** The source was created, updated or restarted: resolves once its task is back in Pending. */
  sourceChanged(sourceId: string): Promise<void>;
  /** The source was marked for deletion: its task stops (the source shows Stopping), then the source is removed. */
  sourceDeleted(sourceId: string): Promise<void>;
}

/**
 * Runs the sources this process holds a lease for, one task each, and is the only writer of their state.
 * Every tick it heartbeats, claims its share of the sources (ceil(sources / live processes)), finishes
 * deletions, drops tasks whose lease was lost, starts tasks for new leases and restarts tasks whose source
 * has a generation not yet observed (an update or restart asked for in any process).
 */
export class CollectorRuntime implements CollectorControl {
  readonly holder: string;
  private readonly hostname: string;
  private readonly leaseTtlMs: number;
  private readonly tickMs: number;
  private readonly tasks = new Map<string, SourceTask>();
  private readonly health: HealthReporter;
  private schemaFields: ReadonlySet<string> = new Set();
  private readonly stopping = new AbortController();
  private queue: Promise<void> = Promise.resolve();
  private loop: Promise<void> | undefined;

  constructor(private readonly options: CollectorRuntimeOptions) {
    this.holder = options.holder ?? `${osHostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.hostname = options.hostname ?? osHostname();
    this.leaseTtlMs = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    this.tickMs = options.tickMs ?? 5_000;
    this.health = new HealthReporter(options.store, options.clock, options.logger);
  }

  /** Runs the first tick now (so collection starts at once), then one every `tickMs`. */
  async start(): Promise<void> {
    await this.tick();
    this.loop = this.runLoop();
  }

  /** Stops every task (fetches in flight are abandoned, batches being stored commit) and gives up the leases. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.serial(async () => {
      await Promise.all([...this.tasks.values()].map((task) => task.stop()));
      this.tasks.clear();
      await this.options.close?.();
      await this.options.store.leases.release(this.holder).catch((error: unknown) => {
        this.options.logger.warn('could not release leases', { error: String(error) });
      });
    });
  }

  sourceChanged(sourceId: string): Promise<void> {
    return this.serial(async () => {
      const task = this.tasks.get(sourceId);
      if (!task) {
        // A new source (or one this process does not run yet): claim it now rather than at the next tick.
        if (!this.stopping.signal.aborted) await this.reconcile();
        return;
      }
      // A tick may have claimed a new source and started its task before the API said it was created: that
      // task already acts on this generation, and stopping it would wait for a batch it may be storing.
      const changed = await this.options.store.sources.get(sourceId);
      if (changed && !changed.deleting && changed.generation <= task.source.generation) return;
      await task.stop();
      this.tasks.delete(sourceId);
      const source = await this.options.store.sources.get(sourceId);
      if (source && !source.deleting && !this.stopping.signal.aborted) await this.startTask(source, task.fenceToken);
    });
  }

  sourceDeleted(sourceId: string): Promise<void> {
    return this.serial(() => this.finishDeletion(sourceId));
  }

  /** Ticks, changes and stops run one at a time, so a task is never started twice. */
  private serial(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }

  private async runLoop(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.options.clock.sleep(this.tickMs, signal);
      } catch {
        return;
      }
      await this.tick();
    }
  }

  private tick(): Promise<void> {
    return this.serial(async () => {
      if (this.stopping.signal.aborted) return;
      try {
        await this.reconcile();
      } catch (error) {
        this.options.logger.error('collector tick failed', { error: error instanceof Error ? error.message : String(error) });
      }
    });
  }

  private async reconcile(): Promise<void> {
    const { store, clock } = this.options;
    await store.leases.heartbeat(this.holder, this.hostname);
    const now = clock.now();
    const live = (await store.leases.listProcesses()).filter((p) => now - p.lastSeenAlive <= this.leaseTtlMs).length;
    const sources = await store.sources.list();
    this.schemaFields = new Set((await store.fields.list()).map((f) => f.fieldName));
    const max = Math.ceil(sources.length / Math.max(1, live));
    const leases = await store.leases.claim(this.holder, { ttlMs: this.leaseTtlMs, max });
    const held = new Map<string, Lease>(leases.map((l) => [l.sourceId, l]));
    const byId = new Map(sources.map((s) => [s.id, s]));

    // Any process may finish a deletion (the one running the task stops it through Stopping); this also
    // completes one a crash interrupted. Leases never go to a source being deleted.
    for (const source of sources) if (source.deleting) await this.finishDeletion(source.id);
    for (const [id, task] of this.tasks) {
      if (held.has(id)) continue;
      // Marked for deletion after the sources were read, the source got no lease in the claim: a deletion to
      // finish through Stopping, not a lost lease (whose stop would wait for the batch being stored first).
      if ((await store.sources.get(id))?.deleting) {
        await this.finishDeletion(id);
        continue;
      }
      this.options.logger.info('lease lost; dropping task', { sourceId: id });
      await task.stop();
      this.tasks.delete(id);
    }
    for (const lease of leases) {
      const source = byId.get(lease.sourceId);
      if (!source || source.deleting) continue;
      const task = this.tasks.get(source.id);
      if (task && !this.needsRestart(task, source, lease)) continue;
      if (task) {
        await task.stop();
        this.tasks.delete(source.id);
      }
      await this.startTask(source, lease.token);
    }
  }

  /** An update or restart asked for in any process (a generation not yet observed) or a new fencing token. */
  private needsRestart(task: SourceTask, source: SourceRecord, lease: Lease): boolean {
    return task.fenceToken !== lease.token || source.generation > source.observedGeneration;
  }

  /** The task joins the map only once it has acted on the source's generation, so a failed write is retried at the next tick. */
  private async startTask(source: SourceRecord, token: number | undefined): Promise<void> {
    const { store, clock, logger } = this.options;
    const task = new SourceTask(source, token === undefined ? undefined : { holder: this.holder, token }, {
      store,
      clock,
      logger,
      health: this.health,
      open: (s, collectorName) => this.options.open(s, collectorName, this.schemaFields),
      retry: this.options.retry,
      telemetry: this.options.telemetry,
      probeIntervalMs: this.options.probeIntervalMs,
      setAsideFiles: this.options.setAsideFiles,
    });
    await task.start();
    this.tasks.set(source.id, task);
  }

  private async finishDeletion(sourceId: string): Promise<void> {
    const { store } = this.options;
    const source = await store.sources.get(sourceId);
    if (source && !source.deleting) return;
    const task = this.tasks.get(sourceId);
    this.tasks.delete(sourceId);
    if (!source) {
      // Another process finished the deletion first.
      await task?.stop();
      return;
    }
    try {
      if (task) await task.stopForDeletion(source.generation);
      else {
        // The task ran elsewhere (or not at all): the deletion still passes through Stopping.
        const machine = new SourceStateMachine(source.state);
        if (machine.moveTo({ state: 'Stopping' })) await store.sources.setState(sourceId, machine.state, source.generation);
      }
      await this.health.resolveAll(sourceId);
      await store.sources.delete(sourceId);
    } catch (error) {
      // Another process finished the same deletion first.
      if (!(error instanceof AppError && error.code === 'notfound')) throw error;
    }
    await store.leases.release(this.holder, [sourceId]);
    this.options.logger.info('source deleted', { sourceId });
  }
}
