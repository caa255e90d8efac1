import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, toAppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { type QueryResult, runCompiledQuery } from '../query/execute.js';
import { type GeoLookup, openGeoDatabase } from '../query/geo.js';
import { type CompiledField, type CompiledQuery, compileQuery } from '../query/index.js';
import { histogramBucketMs } from '../query/sql.js';
import { valueToString } from '../query/values.js';
import type { Store } from '../store/store.js';
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

export interface SearchService {
  /** Compiles (a bad query throws `searchQueryError` at once) and starts the job. */
  create(request: SearchRequest): { id: string };
  status(id: string): JobStatus;
  messages(id: string, offset: number, limit: number): ResultPage;
  records(id: string, offset: number, limit: number): ResultPage;
  /** Cancels and frees the job. */
  remove(id: string): void;
  /** Resolves when the job has finished (tests and the CLI wait on it). */
  wait(id: string): Promise<void>;
  /** Runs a query to completion without keeping a job and without a histogram (the CLI, dashboard panels). */
  run(request: SearchRequest, options?: RunOptions): Promise<QueryResult & { compiled: CompiledQuery }>;
  /** Drops jobs not read for the idle period; runs by itself on a timer, callable from tests. */
  expireIdle(): void;
  close(): void;
}

export interface RunOptions {
  useExtractedColumns?: boolean;
  /** Values of the query's `{{name}}` dashboard variables (a dashboard panel's filters). */
  variables?: Readonly<Record<string, string>>;
}

export interface SearchServiceDeps {
  store: Pick<Store, 'query' | 'dialect'>;
  clock: Clock;
  logger: Logger;
  /** The geo database, opened on first use by default. */
  geo?: () => Promise<GeoLookup>;
  /** Jobs expire this long after their last read (api.md: 5 minutes). */
  idleMs?: number;
  maxRows?: number;
}

interface Job {
  id: string;
  state: JobState;
  compiled: CompiledQuery;
  result: QueryResult | null;
  histogram: JobStatus['histogramBuckets'];
  messageCount: number;
  errors: string[];
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
      maxRows: deps.maxRows,
      useExtractedColumns: options.useExtractedColumns ?? true,
      variables: options.variables,
    });
  };

  const execute = async (compiled: CompiledQuery, signal?: AbortSignal) =>
    runCompiledQuery(deps.store, compiled, { geo: compiled.geo.length > 0 ? await geo() : undefined, signal });

  const get = (id: string): Job => {
    const job = jobs.get(id);
    if (!job) throw new NotFoundError(`search job ${id}`);
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

  const service: SearchService = {
    create(request) {
      const compiled = compile(request);
      const id = jobId();
      const abort = new AbortController();
      const job: Job = {
        id,
        state: 'GATHERING RESULTS',
        compiled,
        result: null,
        histogram: [],
        messageCount: 0,
        errors: [],
        lastRead: deps.clock.now(),
        abort,
        done: Promise.resolve(),
      };
      job.done = (async () => {
        try {
          const result = await execute(compiled, abort.signal);
          const buckets = await deps.store.query(compiled.histogram.sql, compiled.histogram.params, abort.signal);
          const length = histogramBucketMs(compiled.plan);
          job.histogram = buckets.map((b) => ({ startTimestamp: Number(b.bucket), length, count: Number(b.n) }));
          job.messageCount = job.histogram.reduce((sum, b) => sum + b.count, 0);
          job.result = result;
          if (job.state !== 'CANCELLED') job.state = 'DONE GATHERING RESULTS';
        } catch (error) {
          if (job.state === 'CANCELLED') return;
          const e = toAppError(error);
          deps.logger.warn('search job failed', { jobId: id, code: e.code, error: e.message });
          job.errors.push(e.code === 'searchQueryError' ? e.message : 'the search could not be completed');
          job.state = 'DONE GATHERING RESULTS';
        }
      })();
      jobs.set(id, job);
      return { id };
    },
    status(id) {
      const job = get(id);
      return {
        state: job.state,
        messageCount: job.messageCount,
        recordCount: job.result?.kind === 'records' ? job.result.rows.length : 0,
        pendingErrors: [...job.errors],
        pendingWarnings: [],
        histogramBuckets: job.histogram,
      };
    },
    messages: (id, offset, limit) => page(get(id), 'messages', offset, limit),
    records: (id, offset, limit) => page(get(id), 'records', offset, limit),
    remove(id) {
      const job = get(id);
      job.state = 'CANCELLED';
      job.abort.abort();
      jobs.delete(id);
    },
    async wait(id) {
      await get(id).done;
    },
    async run(request, options = {}) {
      const compiled = compile(request, options);
      const result = await execute(compiled);
      return { ...result, compiled };
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
    close() {
      clearInterval(timer);
      for (const job of jobs.values()) job.abort.abort();
      jobs.clear();
    },
  };
  return service;
}
