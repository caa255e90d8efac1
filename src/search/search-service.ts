import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { DEFAULT_BUDGET, type QueryBudget } from '../query/budget.js';
import { type QueryResult, runCompiledQuery } from '../query/execute.js';
import { type GeoLookup, openGeoDatabase } from '../query/geo.js';
import { type CompiledField, type CompiledQuery, compileQuery } from '../query/index.js';
import { histogramBucketMs } from '../query/sql.js';
import { valueToString } from '../query/values.js';
import type { Store } from '../store/store.js';
import { saveToLookupTable } from './save-lookup.js';
import { resolveRange } from './time-range.js';

/** A Search Job API request body (api.md). */
export interface SearchRequest {
  query: string;
  from: string | number;
  to: string | number;
  timeZone?: string;
  byReceiptTime?: boolean | null;
  autoParsingMode?: 'Manual' | 'AutoParse';
}

export type JobState = 'GATHERING RESULTS' | 'DONE GATHERING RESULTS' | 'CANCELLED';

export interface JobStatus {
  state: JobState;
  messageCount: number;
  recordCount: number;
  pendingErrors: string[];
  pendingWarnings: string[];
  histogramBuckets: { startTimestamp: number; length: number; count: number }[];
}

export interface ResultField {
  name: string;
  fieldType: CompiledField['fieldType'];
  keyField: boolean;
}

export interface ResultPage {
  fields: ResultField[];
  rows: { map: Record<string, string | null> }[];
}

/**
 * A job belongs to the access key that created it (`owner`): to any other key it does not exist
 * (`notfound`), so one key can neither read nor cancel another's searches.
 */
export interface SearchService {
  /**
   * Compiles (a bad query throws `searchQueryError` at once) and starts the job; `rate.limit.exceeded`
   * when the owner already has as many jobs running or kept as the limits allow.
   */
  create(request: SearchRequest, owner: string): { id: string };
  status(id: string, owner: string): JobStatus;
  messages(id: string, owner: string, offset: number, limit: number): ResultPage;
  records(id: string, owner: string, offset: number, limit: number): ResultPage;
  /** Cancels and frees the job. */
  remove(id: string, owner: string): void;
  /** Resolves when the job has finished (tests wait on it). */
  wait(id: string): Promise<void>;
  /** Runs a query to completion without keeping a job and without a histogram (the CLI, dashboard panels). */
  run(request: SearchRequest, options?: RunOptions): Promise<QueryResult & { compiled: CompiledQuery }>;
  /** Searches whose query is running now (metrics): jobs, deleted ones still stopping included, and synchronous runs. */
  running(): { jobs: number; runs: number };
  /** Drops jobs not read for the idle period; runs by itself on a timer, callable from tests. */
  expireIdle(): void;
  /** Cancels every job, deleted ones still running included, and resolves once all have stopped. */
  close(): Promise<void>;
}

export interface RunOptions {
  useExtractedColumns?: boolean;
  /** Values of the query's `{{name}}` dashboard variables (a dashboard panel's filters). */
  variables?: Readonly<Record<string, string>>;
}

/** The search limits (docs/search.md "Limits"): the query budget plus what one access key may hold. */
export interface SearchLimits extends QueryBudget {
  /** Jobs of one key still running, deleted ones included until their query has stopped. */
  maxRunningJobsPerKey: number;
  /** Jobs one key holds, running or done, until deleted or expired. */
  maxKeptJobsPerKey: number;
  /** A job still running after this long is cancelled and says so in pendingErrors. */
  jobTimeoutMs: number;
}

/**
 * Sumo Logic allows 10 concurrent requests per access key, and the UI runs at most 4 searches at once per
 * page; 20 kept jobs of up to 10 000 rows each bound what one key holds in memory.
 */
export const DEFAULT_SEARCH_LIMITS: SearchLimits = {
  ...DEFAULT_BUDGET,
  maxRunningJobsPerKey: 10,
  maxKeptJobsPerKey: 20,
  jobTimeoutMs: 5 * 60_000,
};

export interface SearchServiceDeps {
  store: Pick<Store, 'query' | 'dialect' | 'lookupTables'>;
  clock: Clock;
  logger: Logger;
  /** The geo database, opened on first use by default. */
  geo?: () => Promise<GeoLookup>;
  /** Jobs expire this long after their last read (api.md: 5 minutes). */
  idleMs?: number;
  limits?: Partial<SearchLimits>;
  /** The partitions a search without `_index` leaves out (the partitions service keeps the list). */
  defaultScopeExcludes?: () => readonly string[];
}

interface Job {
  id: string;
  owner: string;
  state: JobState;
  compiled: CompiledQuery;
  result: QueryResult | null;
  histogram: JobStatus['histogramBuckets'];
  messageCount: number;
  errors: string[];
  warnings: string[];
  lastRead: number;
  abort: AbortController;
  done: Promise<void>;
}

const IDLE_MS = 5 * 60_000;

function jobId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** Keys in lower case and every value a string, as Sumo Logic's Search Job API returns them. */
function toMap(row: Record<string, unknown>): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(row)) out[k.toLowerCase()] = valueToString(v);
  return out;
}

export function createSearchService(deps: SearchServiceDeps): SearchService {
  const jobs = new Map<string, Job>();
  const idleMs = deps.idleMs ?? IDLE_MS;
  const limits: SearchLimits = { ...DEFAULT_SEARCH_LIMITS, ...deps.limits };
  /** Every job whose query has not stopped yet, deleted or expired ones included. */
  const inflight = new Map<Job, Promise<void>>();
  /** Synchronous runs (dashboard panels, the CLI) in flight: close() stops them like jobs. */
  const runs = new Map<AbortController, Promise<unknown>>();
  const runningOf = (owner: string) => [...inflight.keys()].filter((j) => j.owner === owner).length;
  const keptOf = (owner: string) => [...jobs.values()].filter((j) => j.owner === owner).length;
  let geoPromise: Promise<GeoLookup> | null = null;
  const geo = () => {
    geoPromise ??= (deps.geo ?? openGeoDatabase)();
    return geoPromise;
  };

  const compile = (request: SearchRequest, options: RunOptions = {}): CompiledQuery => {
    if (typeof request.query !== 'string') {
      throw new AppError('searchQueryError', 'query: is required', {
        field: 'query',
        details: { line: 1, column: 1, expected: 'a query' },
      });
    }
    const range = resolveRange(request, deps.clock.now());
    return compileQuery(request.query, {
      dialect: deps.store.dialect,
      from: range.from,
      to: range.to,
      timeZone: range.timeZone,
      autoParse: request.autoParsingMode === 'AutoParse',
      byReceiptTime: request.byReceiptTime === true,
      now: deps.clock.now(),
      maxRows: limits.maxRows,
      useExtractedColumns: options.useExtractedColumns ?? true,
      variables: options.variables,
      excludedPartitions: deps.defaultScopeExcludes?.() ?? [],
    });
  };

  const execute = async (compiled: CompiledQuery, signal?: AbortSignal) => {
    const result = await runCompiledQuery(deps.store, compiled, {
      geo: compiled.geo.length > 0 ? await geo() : undefined,
      signal,
      budget: limits,
    });
    if (compiled.save) await saveToLookupTable(deps.store, compiled.save, result);
    return result;
  };

  const get = (id: string, owner: string): Job => {
    const job = jobs.get(id);
    if (!job || job.owner !== owner) throw new NotFoundError(`search job ${id}`);
    job.lastRead = deps.clock.now();
    return job;
  };

  const page = (job: Job, kind: 'messages' | 'records', offset: number, limit: number): ResultPage => {
    const result = job.result;
    if (!result || result.kind !== kind) return { fields: result && result.kind === kind ? result.fields : [], rows: [] };
    const start = Math.max(0, Math.trunc(offset));
    const rows = result.rows.slice(start, start + Math.max(0, Math.min(10_000, Math.trunc(limit))));
    return { fields: result.fields, rows: rows.map((r) => ({ map: toMap(r) })) };
  };

  const timer = setInterval(() => service.expireIdle(), 30_000);
  timer.unref();

  const checkCaps = (owner: string) => {
    const running = runningOf(owner);
    if (running >= limits.maxRunningJobsPerKey) {
      throw new AppError(
        'rate.limit.exceeded',
        `search jobs: this access key has ${running} jobs running, the most allowed is ${limits.maxRunningJobsPerKey}; wait for one to finish or delete it`,
      );
    }
    const kept = keptOf(owner);
    if (kept >= limits.maxKeptJobsPerKey) {
      throw new AppError(
        'rate.limit.exceeded',
        `search jobs: this access key holds ${kept} jobs, the most allowed is ${limits.maxKeptJobsPerKey}; delete the ones it has read`,
      );
    }
  };

  const timeoutMessage = () =>
    `the search ran longer than ${Math.round(limits.jobTimeoutMs / 1000)} s and was stopped; narrow the query or the time range`;

  /** Aborts `abort` once the deadline passes; `clear()` when the work is over, `timedOut` says which came first. */
  const startDeadline = (abort: AbortController) => {
    const timer = new AbortController();
    const deadline = { timedOut: false, clear: () => timer.abort() };
    deps.clock.sleep(limits.jobTimeoutMs, timer.signal).then(
      () => {
        deadline.timedOut = true;
        abort.abort();
      },
      () => undefined,
    );
    return deadline;
  };

  /** Runs the job's queries under its deadline; whatever happens, the job ends with a state and a reason. */
  const runJob = async (job: Job) => {
    const { abort, compiled } = job;
    const deadline = startDeadline(abort);
    try {
      const result = await execute(compiled, abort.signal);
      const buckets = await deps.store.query(compiled.histogram.sql, compiled.histogram.params, abort.signal);
      const length = histogramBucketMs(compiled.plan);
      job.histogram = buckets.map((b) => ({ startTimestamp: Number(b.bucket), length, count: Number(b.n) }));
      job.messageCount = job.histogram.reduce((sum, b) => sum + b.count, 0);
      job.result = result;
      job.warnings = result.warnings;
      if (job.state !== 'CANCELLED') job.state = 'DONE GATHERING RESULTS';
    } catch (error) {
      if (deadline.timedOut) {
        job.state = 'CANCELLED';
        job.errors.push(timeoutMessage());
        deps.logger.warn('search job timed out', { jobId: job.id, timeoutMs: limits.jobTimeoutMs });
        return;
      }
      if (job.state === 'CANCELLED') return;
      const e = toAppError(error);
      deps.logger.warn('search job failed', { jobId: job.id, code: e.code, error: e.message });
      const shown = e.code === 'searchQueryError' || e.code === 'search.budget.exceeded';
      job.errors.push(shown ? e.message : 'the search could not be completed');
      job.state = 'DONE GATHERING RESULTS';
    } finally {
      deadline.clear();
    }
  };

  const service: SearchService = {
    create(request, owner) {
      const compiled = compile(request);
      checkCaps(owner);
      const id = jobId();
      const job: Job = {
        id,
        owner,
        state: 'GATHERING RESULTS',
        compiled,
        result: null,
        histogram: [],
        messageCount: 0,
        errors: [],
        warnings: [],
        lastRead: deps.clock.now(),
        abort: new AbortController(),
        done: Promise.resolve(),
      };
      job.done = runJob(job).finally(() => inflight.delete(job));
      inflight.set(job, job.done);
      jobs.set(id, job);
      return { id };
    },
    status(id, owner) {
      const job = get(id, owner);
      return {
        state: job.state,
        messageCount: job.messageCount,
        recordCount: job.result?.kind === 'records' ? job.result.rows.length : 0,
        pendingErrors: [...job.errors],
        pendingWarnings: [...job.warnings],
        histogramBuckets: job.histogram,
      };
    },
    messages: (id, owner, offset, limit) => page(get(id, owner), 'messages', offset, limit),
    records: (id, owner, offset, limit) => page(get(id, owner), 'records', offset, limit),
    remove(id, owner) {
      const job = get(id, owner);
      job.state = 'CANCELLED';
      job.abort.abort();
      jobs.delete(id);
    },
    async wait(id) {
      const job = jobs.get(id);
      if (!job) throw new NotFoundError(`search job ${id}`);
      await job.done;
    },
    async run(request, options = {}) {
      const compiled = compile(request, options);
      // The same deadline as a job: a panel or CLI search must not hold a reader connection forever.
      const abort = new AbortController();
      const deadline = startDeadline(abort);
      const running = execute(compiled, abort.signal);
      runs.set(
        abort,
        running.catch(() => undefined),
      );
      try {
        return { ...(await running), compiled };
      } catch (error) {
        if (deadline.timedOut) throw new AppError('search.timeout', timeoutMessage());
        throw error;
      } finally {
        deadline.clear();
        runs.delete(abort);
      }
    },
    running() {
      return { jobs: inflight.size, runs: runs.size };
    },
    expireIdle() {
      const now = deps.clock.now();
      for (const job of jobs.values()) {
        if (now - job.lastRead >= idleMs) {
          job.abort.abort();
          jobs.delete(job.id);
        }
      }
    },
    async close() {
      clearInterval(timer);
      for (const job of inflight.keys()) {
        job.state = 'CANCELLED';
        job.abort.abort();
      }
      jobs.clear();
      for (const abort of runs.keys()) abort.abort();
      await Promise.all([...inflight.values(), ...runs.values()]);
    },
  };
  return service;
}
