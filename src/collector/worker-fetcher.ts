import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Telemetry } from '../core/telemetry.js';
import type { Checkpoint } from '../model/checkpoint.js';
import type { DataType } from '../model/message.js';
import type { SourceRecord } from '../model/source.js';
import { type FromWorker, fromWire, type SourceSpec, type ToWorker, type WorkerConfig } from './fetch-protocol.js';
import type { BuiltPage, PageFeed, SourceFetcher } from './page-feed.js';

type Reply = Extract<FromWorker, { job: number }>;

/**
 * Compiled (dist/server, see bin/mimecast-c2c.js) the worker loads its entry as it is. From TypeScript through
 * tsx (bin/mimecast-c2c.js without a current build, vitest) a worker thread does not inherit tsx's loader: the
 * worker registers it before it loads its entry.
 */
function spawn(config: WorkerConfig): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./fetch-worker.js', import.meta.url), { workerData: config });
  const entry = new URL('./fetch-worker.ts', import.meta.url).href;
  const tsxDir = path.dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(path.join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: config });
}

/**
 * The main thread's side of the fetch worker (fetch-worker.ts): started on first use, shared by every
 * source of the runtime, started again on the next request if it dies (the requests in flight fail with a
 * retryable error, so their data types retry and fetch again from their checkpoint).
 */
export class FetchWorker {
  private worker: Worker | undefined;
  private nextJob = 1;
  private nextSeq = 1;
  private readonly replies = new Map<number, (reply: Reply) => void>();

  constructor(private readonly options: { logger: Logger; telemetry?: Telemetry; mimecastBaseUrl?: string }) {}

  /** A fetcher for one source: each `open` of a source (a start or restart of its task) gets a fresh client. */
  fetcher(source: SourceRecord, collectorName: string, schemaFields: ReadonlySet<string>): SourceFetcher {
    const spec: SourceSpec = { source, collectorName, schemaFields: [...schemaFields], seq: this.nextSeq++ };
    return {
      authenticate: (signal) =>
        new Promise<void>((resolve, reject) => {
          const job = this.request({ type: 'authenticate', job: 0, spec }, (reply) => {
            dispose();
            if (reply.type === 'error') reject(fromWire(reply.error));
            else resolve();
          });
          const dispose = onAbort(signal, () => {
            this.cancel(job);
            reject(new AppError('aborted', 'collection stopped'));
          });
        }),
      feed: (dataType, cursor, signal) => this.feed(spec, dataType, cursor, signal),
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private feed(spec: SourceSpec, dataType: DataType, cursor: Checkpoint | undefined, signal: AbortSignal): PageFeed {
    const queue: Reply[] = [];
    let waiter: (() => void) | undefined;
    let closed = false;
    const job = this.request({ type: 'feed', job: 0, spec, dataType, cursor }, (reply) => {
      queue.push(reply);
      waiter?.();
    });
    const close = () => {
      if (closed) return;
      closed = true;
      dispose();
      this.cancel(job);
      waiter?.();
    };
    const dispose = onAbort(signal, close);
    return {
      next: async (): Promise<BuiltPage> => {
        while (queue.length === 0 && !closed) await new Promise<void>((resolve) => (waiter = resolve));
        waiter = undefined;
        const reply = queue.shift();
        if (reply === undefined) throw new AppError('aborted', 'collection stopped');
        if (reply.type === 'error') throw fromWire(reply.error);
        if (reply.type !== 'page') throw new AppError('internal', `the fetch worker answered a feed with ${reply.type}`);
        if (reply.page.more) this.post({ type: 'ack', job, messages: reply.page.messages.length + 1 });
        else this.replies.delete(job);
        return reply.page;
      },
      close,
    };
  }

  /** Sends a request under a new job number; `onReply` gets every answer to it. */
  private request(message: ToWorker & { job: number }, onReply: (reply: Reply) => void): number {
    const job = this.nextJob++;
    this.replies.set(job, onReply);
    this.post({ ...message, job } as ToWorker);
    return job;
  }

  private cancel(job: number): void {
    if (this.replies.delete(job)) this.post({ type: 'close', job });
  }

  private post(message: ToWorker): void {
    this.ensure().postMessage(message);
  }

  private ensure(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = spawn({ mimecastBaseUrl: this.options.mimecastBaseUrl, telemetry: this.options.telemetry !== undefined });
    // The runtime's stop() terminates it; until then it must not keep a process alive that is done.
    worker.unref();
    worker.on('message', (message: FromWorker) => this.receive(message));
    const died = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.options.logger.error('the fetch worker stopped', { reason });
      const error = {
        code: 'internal',
        message: `the fetch worker stopped: ${reason}`,
        status: undefined,
        retryable: true,
        field: undefined,
        details: undefined,
      };
      for (const [job, onReply] of [...this.replies]) {
        this.replies.delete(job);
        onReply({ type: 'error', job, error });
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    if (message.type === 'log') this.options.logger[message.level](message.message, message.fields);
    else if (message.type === 'telemetry') this.options.telemetry?.emit(message.event);
    else {
      const onReply = this.replies.get(message.job);
      if (message.type !== 'page') this.replies.delete(message.job);
      onReply?.(message);
    }
  }
}

/** Runs `action` on abort; the returned function forgets it (a feed per poll must not pile up listeners). */
function onAbort(signal: AbortSignal, action: () => void): () => void {
  if (signal.aborted) {
    queueMicrotask(action);
    return () => {};
  }
  signal.addEventListener('abort', action, { once: true });
  return () => signal.removeEventListener('abort', action);
}
