/**
 * The fetch worker: a thread that fetches, gunzips and parses Mimecast pages, computes their dedupe
 * identities and runs the processing rules, so the main thread only stores. One per collector runtime,
 * started by worker-fetcher.ts; it holds one Mimecast client per source and answers the messages of
 * fetch-protocol.ts. Every feed runs ahead of the main thread by at most AHEAD_MESSAGES messages.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../core/telemetry.js';
import { createCredentialRegistry, createMimecastClient } from '../sources/mimecast/index.js';
import type { MimecastClient } from '../sources/mimecast/types.js';
import { type FromWorker, type SourceSpec, type ToWorker, toWire, type WorkerConfig } from './fetch-protocol.js';
import { prepareMimecastSource } from './mimecast-runtime.js';
import { type BatchBuilder, inThreadFetcher, type PageFeed } from './page-feed.js';

/** Two batches: one being stored, the next one ready. */
const AHEAD_MESSAGES = 10_000;

const port = parentPort;
if (port === null) throw new AppError('internal', 'fetch-worker.ts runs as a worker thread');
const config = workerData as WorkerConfig;
const post = (message: FromWorker) => port.postMessage(message);

function forwardingLogger(base: Record<string, unknown>): Logger {
  const send = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: Record<string, unknown>) =>
    post({ type: 'log', level, message, fields: { ...base, ...fields } });
  return {
    debug: send('debug'),
    info: send('info'),
    warn: send('warn'),
    error: send('error'),
    child: (fields) => forwardingLogger({ ...base, ...fields }),
  };
}

const telemetry: Telemetry | undefined = config.telemetry ? { emit: (event) => post({ type: 'telemetry', event }) } : undefined;

interface Opened {
  seq: number;
  client: MimecastClient;
  build: BatchBuilder;
}

const sources = new Map<string, Opened>();
/** The worker makes every Mimecast call of the runtime: its sources of one credential share one limiter and token. */
const credentials = createCredentialRegistry(systemClock);

function opened(spec: SourceSpec): Opened {
  const current = sources.get(spec.source.id);
  if (current?.seq === spec.seq) return current;
  const { source } = spec;
  const next: Opened = {
    seq: spec.seq,
    build: prepareMimecastSource(source, spec.collectorName, new Set(spec.schemaFields), config.mimecastBaseUrl),
    client: createMimecastClient({
      region: source.config.region,
      baseUrl: config.mimecastBaseUrl,
      clientId: source.config.clientID,
      clientSecret: source.config.clientSecret,
      startTime: source.config.startTime,
      clock: systemClock,
      logger: forwardingLogger({ sourceId: source.id }),
      telemetry,
      credentials,
    }),
  };
  sources.set(source.id, next);
  return next;
}

interface Job {
  abort: AbortController;
  /** Messages sent and not yet taken by the main thread. */
  ahead: number;
  wake: (() => void) | undefined;
}

const jobs = new Map<number, Job>();

function newJob(id: number): Job {
  const job: Job = { abort: new AbortController(), ahead: 0, wake: undefined };
  jobs.set(id, job);
  return job;
}

async function authenticate(id: number, spec: SourceSpec): Promise<void> {
  const job = newJob(id);
  try {
    await opened(spec).client.authenticate(job.abort.signal);
    post({ type: 'done', job: id });
  } catch (error) {
    if (!job.abort.signal.aborted) post({ type: 'error', job: id, error: toWire(error) });
  } finally {
    jobs.delete(id);
  }
}

async function feed(id: number, message: Extract<ToWorker, { type: 'feed' }>): Promise<void> {
  const job = newJob(id);
  const { signal } = job.abort;
  let pages: PageFeed | undefined;
  try {
    const { client, build } = opened(message.spec);
    // The in-thread feed asks for the next page while this one is built, so the upstream's time overlaps ours.
    pages = inThreadFetcher(client, build, systemClock).feed(message.dataType, message.cursor, signal);
    while (!signal.aborted) {
      while (job.ahead >= AHEAD_MESSAGES && !signal.aborted) await new Promise<void>((resolve) => (job.wake = resolve));
      if (signal.aborted) return;
      const page = await pages.next();
      if (signal.aborted) return;
      // One for the page itself, so pages whose events the rules all dropped count against the window too.
      job.ahead += page.messages.length + 1;
      post({ type: 'page', job: id, page });
      if (!page.more) return;
    }
  } catch (error) {
    if (!signal.aborted) post({ type: 'error', job: id, error: toWire(error) });
  } finally {
    pages?.close();
    jobs.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'authenticate':
      void authenticate(message.job, message.spec);
      return;
    case 'feed':
      void feed(message.job, message);
      return;
    case 'ack': {
      const job = jobs.get(message.job);
      if (job === undefined) return;
      job.ahead -= message.messages;
      job.wake?.();
      job.wake = undefined;
      return;
    }
    case 'close': {
      const job = jobs.get(message.job);
      job?.abort.abort();
      job?.wake?.();
      return;
    }
  }
});
