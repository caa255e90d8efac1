import { describe, expect, it } from 'vitest';
import { DEFAULT_BUDGET } from './budget.js';
import { type PostContext, runPostStages } from './post.js';

const DAY = Date.UTC(2026, 10, 20);
const fields = [
  { name: '_timeslice', key: true },
  { name: 'ip', key: true },
  { name: '_count', key: false },
];
/** One row per group at the day's first minute: fillmissing adds 1 439 minutes for each group. */
const rows = Array.from({ length: 50 }, (_, i) => ({ _timeslice: DAY, ip: `10.0.0.${i}`, _count: i + 1 }));
const fill = [
  {
    stage: 'fillmissing' as const,
    spanMs: 60_000,
    timesliceField: '_timeslice',
    keyFields: ['_timeslice', 'ip'],
    zeroFields: ['_count'],
    values: [],
    defaults: {},
    takeLast: false,
  },
];
const ctx = (signal?: AbortSignal): PostContext => ({
  from: DAY,
  to: DAY + 86_400_000,
  timeZone: 'UTC',
  budget: { ...DEFAULT_BUDGET, maxRows: 100_000 },
  signal,
});

describe('post stages on the event loop', () => {
  it('yield between chunks: other work runs while fillmissing builds 72 000 rows', async () => {
    let turns = 0;
    let counting = true;
    const count = () => {
      turns++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const result = await runPostStages({ rows, fields }, fill, ctx());
    counting = false;
    expect(result.rows).toHaveLength(72_000);
    expect(result.rows[0]).toEqual({ _timeslice: DAY, ip: '10.0.0.49', _count: 50 });
    expect(turns).toBeGreaterThan(10);
  });

  it('stop with `aborted` once the job is cancelled', async () => {
    const abort = new AbortController();
    const running = runPostStages({ rows, fields }, fill, ctx(abort.signal));
    abort.abort();
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
  });
});
