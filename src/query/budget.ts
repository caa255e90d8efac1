import { AppError } from '../core/errors.js';

/**
 * What one query may build. A stage over budget fails with `search.budget.exceeded` before it builds
 * anything: one search must not take the server's memory (docs/search.md "Limits").
 */
export interface QueryBudget {
  /** Rows a result keeps: the database's LIMIT, and again after every post stage (api.md: 10 000). */
  maxRows: number;
  /** Values (rows × fields) one post stage (fillmissing, transpose) may build before the row cap cuts them. */
  maxStageValues: number;
  /** Rows one `parse … multi` may make in the database, counted before the main query runs. */
  maxExpandedRows: number;
}

export const DEFAULT_MAX_ROWS = 10_000;

export const DEFAULT_BUDGET: QueryBudget = {
  maxRows: DEFAULT_MAX_ROWS,
  maxStageValues: 1_000_000,
  maxExpandedRows: 1_000_000,
};

/** `stage: would build N …, more than the budget of M; hint`. */
export function budgetExceeded(stage: string, built: string, limit: number, hint: string): AppError {
  return new AppError('search.budget.exceeded', `${stage}: would build ${built}, more than the limit of ${limit}; ${hint}`, {
    details: { stage, limit },
  });
}

/** Rows handled between two yields to the event loop: small enough that the API stays responsive meanwhile. */
export const CHUNK_ROWS = 2_000;

/** Lets other work (the API, the collector) run between chunks of a long loop, and stops it on abort. */
export async function pause(signal?: AbortSignal): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (signal?.aborted) throw new AppError('aborted', 'the query was cancelled');
}
