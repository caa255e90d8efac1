import { HealthReporter } from '../collector/health.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';

export const GB = 1024 ** 3;
/**
 * Over budget, the oldest days go until the store is estimated at this share of it: headroom, so that the
 * next few minutes of collection do not put it over again at once (nor make a restart refuse the budget).
 */
export const BUDGET_TARGET = 0.9;
/** The resource of the budget's health event (it belongs to no source). */
export const STORE_RESOURCE_ID = 'store';

function gb(bytes: number): string {
  return `${(bytes / GB).toFixed(2)} GB`;
}

/**
 * `--max-store-gb`: when the store takes more disk than its budget, whole days go, oldest first, in every
 * partition, before their retention is up, and a health event says so. Disk use is what the database reports
 * in use; freed space is reused rather than returned at once (DuckDB), so how much to delete is estimated from
 * the messages' own sizes scaled by the store's bytes per message byte, not re-measured after each day.
 */
export function createStoreBudget(deps: { store: Store; clock: Clock; logger: Logger; maxBytes: number }) {
  const { store, clock, logger, maxBytes } = deps;
  const health = new HealthReporter(store, clock, logger);

  return {
    maxBytes,
    /** At `serve` start: a budget below what the store takes now would delete data at once; refused. */
    async checkAtStart(): Promise<void> {
      const used = await store.partitions.diskBytes();
      if (used > maxBytes) {
        throw new AppError(
          'usage',
          `--max-store-gb: ${gb(maxBytes)} is less than the ${gb(used)} the store takes now; give a larger budget, or shorten retention first`,
          { field: 'max-store-gb' },
        );
      }
    },
    /** Drops the oldest days while over budget; returns how many messages went. */
    async enforce(): Promise<number> {
      const used = await store.partitions.diskBytes();
      if (used <= maxBytes) {
        await health.resolveAll(STORE_RESOURCE_ID);
        return 0;
      }
      const messageBytes = Object.values(await store.partitions.sizes()).reduce((a, b) => a + b, 0);
      const diskPerByte = messageBytes > 0 ? used / messageBytes : 1;
      const toFree = used - maxBytes * BUDGET_TARGET;
      let freed = 0;
      let deleted = 0;
      const days: string[] = [];
      while (freed * diskPerByte < toFree) {
        const dropped = await store.partitions.dropOldestDay();
        if (dropped === undefined) break;
        freed += dropped.bytes;
        deleted += dropped.deleted;
        days.push(new Date(dropped.day).toISOString().slice(0, 10));
      }
      logger.warn('store over its disk budget: dropped the oldest days', { usedBytes: used, maxBytes, days, deleted });
      await health.raiseEvent({
        eventName: 'FirstPartyGenericError',
        severityLevel: 'Warning',
        details: {
          trackerId: `StoreBudget:${STORE_RESOURCE_ID}`,
          name: 'Store disk budget reached',
          description: 'The store reached --max-store-gb: its oldest days were deleted before their retention was up.',
          error: `the store took ${gb(used)} of its ${gb(maxBytes)} budget; deleted ${deleted} messages of ${days.join(', ') || 'no day'}`,
        },
        resourceIdentity: { id: STORE_RESOURCE_ID, name: 'Store', type: 'Store' },
        eventTime: clock.now(),
      });
      return deleted;
    },
  };
}

export type StoreBudget = ReturnType<typeof createStoreBudget>;
