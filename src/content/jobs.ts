import { randomBytes } from 'node:crypto';
import { AppError, NotFoundError, toAppError } from '../core/errors.js';
import type { AsyncJobStatus } from '../model/content-sync.js';

/**
 * Content jobs (import, export, copy, delete), Sumo's asynchronous shape over work that is done by the
 * time the request that starts it answers: a job is kept in this process's memory for an hour (at most
 * MAX_JOBS), so a client can poll its status and read an export's result. After a restart (or on another
 * `serve` process) a job id of our form is reported `Failed` with code `content.job.lost`: what the job
 * changed is in the library all the same; only its status and an export's result are gone.
 */

export type JobKind = 'import' | 'export' | 'copy' | 'delete';

const TTL_MS = 60 * 60 * 1000;
const MAX_JOBS = 1000;
/** Our job ids: `J` and 15 upper-case hex digits, so a lost job can be told from a mistyped id. */
const JOB_ID = /^J[0-9A-F]{15}$/;

interface Job {
  kind: JobKind;
  /** The content (or, for an import, the folder) the job is about: a status asked under another id is not found. */
  contentId: string;
  createdAt: number;
  status: AsyncJobStatus;
  result?: unknown;
}

export class ContentJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly now: () => number) {}

  /** Runs `work` and records how it ended; only an unexpected (non-AppError) failure is thrown on. */
  async run(kind: JobKind, contentId: string, work: () => Promise<{ result?: unknown; message?: string }>): Promise<{ id: string }> {
    const id = `J${randomBytes(8).toString('hex').toUpperCase().slice(0, 15)}`;
    const job: Job = { kind, contentId, createdAt: this.now(), status: { status: 'InProgress', statusMessage: null, error: null } };
    this.jobs.set(id, job);
    this.expire();
    try {
      const { result, message } = await work();
      job.result = result;
      job.status = { status: 'Success', statusMessage: message ?? null, error: null };
    } catch (error) {
      const appError = toAppError(error);
      const failure = {
        code: appError.code,
        message: appError.code === 'internal' ? 'The job failed on an internal error.' : appError.message,
        ...(appError.field !== undefined && appError.code !== 'internal' && { field: appError.field }),
      };
      job.status = { status: 'Failed', statusMessage: null, error: failure };
      if (!(error instanceof AppError)) throw error;
    }
    return { id };
  }

  status(kind: JobKind, contentId: string, jobId: string): AsyncJobStatus {
    const job = this.find(kind, contentId, jobId);
    if (job) return job.status;
    return {
      status: 'Failed',
      statusMessage: null,
      error: {
        code: 'content.job.lost',
        message: `job ${jobId} is not known to this server process: it ran before a restart, on another process or more than an hour ago`,
      },
    };
  }

  /** An export job's result; a job that is not a finished export of this content is not found. */
  result(contentId: string, jobId: string): unknown {
    const job = this.find('export', contentId, jobId);
    if (job?.status.status !== 'Success') throw new NotFoundError(`export job ${jobId} with a result`);
    return job.result;
  }

  private find(kind: JobKind, contentId: string, jobId: string): Job | undefined {
    this.expire();
    if (!JOB_ID.test(jobId)) throw new NotFoundError(`job ${jobId}`);
    const job = this.jobs.get(jobId);
    if (job && (job.kind !== kind || job.contentId !== contentId)) throw new NotFoundError(`${kind} job ${jobId} of ${contentId}`);
    return job;
  }

  private expire(): void {
    const cutoff = this.now() - TTL_MS;
    for (const [id, job] of this.jobs) if (job.createdAt < cutoff) this.jobs.delete(id);
    // Map order is insertion order: the oldest go first.
    for (const id of this.jobs.keys()) {
      if (this.jobs.size <= MAX_JOBS) break;
      this.jobs.delete(id);
    }
  }
}
