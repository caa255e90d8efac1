import type { HealthReporter } from '../collector/health.js';
import type { CollectorControl } from '../collector/runtime.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';

/** What the collector, source, field and health services are built over (by createServices). */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  logger: Logger;
  health: HealthReporter;
  /** The running collector, told about changes so they apply at once; absent in a process that only serves the API. */
  control?: CollectorControl;
  /** The smallest pollingIntervalSec a source may have (30; lower only for tests). */
  minPollSec: number;
}

/** PUT needs the ETag it read: none → 403, another → 412 (the store re-checks the version atomically). */
export function checkIfMatch(header: string | undefined, version: number): void {
  if (header === undefined || header.trim() === '')
    throw new AppError('forbidden', 'An If-Match header with the ETag of the resource is required.');
  if (header.trim() === '*') return;
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
  if (!tags.includes(String(version)))
    throw new AppError('precondition.failed', 'The resource has changed since it was read (ETag mismatch).');
}

/**
 * A DELETE's optional If-Match: none or `*` → undefined (delete whatever is there); else the current
 * version when the header names it (the store then deletes only while the item still has it), 412 if not.
 */
export function expectedVersionOf(header: string | undefined, version: number): number | undefined {
  if (header === undefined || header.trim() === '' || header.trim() === '*') return undefined;
  checkIfMatch(header, version);
  return version;
}
