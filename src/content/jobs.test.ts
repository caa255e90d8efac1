import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../core/errors.js';
import { ContentJobs } from './jobs.js';

describe('content jobs', () => {
  it('records success, a failure with its code and field, and hides an internal error', async () => {
    const jobs = new ContentJobs(() => 0);
    const ok = await jobs.run('export', 'C1', async () => ({ result: { type: 'FolderSyncDefinition' }, message: 'done' }));
    expect(jobs.status('export', 'C1', ok.id)).toEqual({ status: 'Success', statusMessage: 'done', error: null });
    expect(jobs.result('C1', ok.id)).toEqual({ type: 'FolderSyncDefinition' });

    const bad = await jobs.run('import', 'F1', async () => {
      throw new ValidationError('children[0].type', 'must be one of …');
    });
    expect(jobs.status('import', 'F1', bad.id)).toEqual({
      status: 'Failed',
      statusMessage: null,
      error: { code: 'createValidationError', message: 'children[0].type: must be one of …', field: 'children[0].type' },
    });

    const broken = await jobs.run('delete', 'C2', async () => {
      throw new AppError('internal', 'secret detail');
    });
    expect(jobs.status('delete', 'C2', broken.id).error).toEqual({ code: 'internal', message: 'The job failed on an internal error.' });
    await expect(jobs.run('copy', 'C3', async () => Promise.reject(new Error('not ours')))).rejects.toThrow('not ours');
  });

  it('forgets a job after an hour, and the oldest past 1000 jobs', async () => {
    let now = 0;
    const jobs = new ContentJobs(() => now);
    const first = await jobs.run('export', 'C1', async () => ({ result: 1 }));
    for (let i = 0; i < 999; i++) await jobs.run('export', 'C1', async () => ({ result: i }));
    expect(jobs.status('export', 'C1', first.id).status).toBe('Success');
    const last = await jobs.run('export', 'C1', async () => ({ result: 'last' }));
    expect(jobs.status('export', 'C1', first.id).error?.code).toBe('content.job.lost');
    expect(() => jobs.result('C1', first.id)).toThrow(/not found/);

    now = 60 * 60 * 1000 + 1;
    expect(jobs.status('export', 'C1', last.id)).toMatchObject({ status: 'Failed', error: { code: 'content.job.lost' } });
  });
});
