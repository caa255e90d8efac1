import type { Logger } from '../core/logger.js';
import type { HealthEventRecord } from '../model/health-event.js';
import type { DataType } from '../model/message.js';
import type { SourceRecord } from '../model/source.js';
import { type ClassifiedFailure, HEALTH_EVENT_NAMES } from './classify.js';
import type { HealthReporter } from './health.js';

/** What failed: the source as a whole (rules, client, authentication) or one of its data types. */
export type FailureScope = DataType | 'source';
type EventName = HealthEventRecord['eventName'];

/**
 * The health events of one running source. The store keeps one open event per source and event name, so
 * an event opens with the first failure of its name and names what failed (`dlp: 403: …`); it is resolved
 * once nothing with that name fails any more, so a DLP permission error stays open while SIEM collects, and
 * SIEM recovering from an outage does not resolve it. Store writes happen in the order of the changes.
 */
export class SourceHealth {
  private readonly failing = new Map<FailureScope, EventName>();
  /** Events left open by an earlier run of the source are resolved by the first commit of this one. */
  private swept = false;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: SourceRecord,
    private readonly collectorName: string,
    private readonly reporter: HealthReporter,
    private readonly log: Logger,
  ) {}

  /** Raising again is harmless: the store returns the open event and its searchable copy is deduplicated. */
  failed(scope: FailureScope, failure: ClassifiedFailure): Promise<void> {
    const previous = this.failing.get(scope);
    const eventName = HEALTH_EVENT_NAMES[failure.type];
    this.failing.set(scope, eventName);
    const stale = previous !== undefined && previous !== eventName && !this.isFailing(previous) ? previous : undefined;
    return this.enqueue(async () => {
      if (stale) await this.reporter.resolveAll(this.source.id, stale);
      await this.reporter.raise(this.source, this.collectorName, failure, scope === 'source' ? undefined : scope);
    });
  }

  /** A data type calls it after every commit, the source once authenticated: costs nothing unless something was failing. */
  recovered(scope: FailureScope): Promise<void> {
    const previous = this.failing.get(scope);
    const sweep = !this.swept && scope !== 'source';
    if (previous === undefined && !sweep) return Promise.resolve();
    this.failing.delete(scope);
    const names = sweep
      ? Object.values(HEALTH_EVENT_NAMES).filter((name) => !this.isFailing(name))
      : [previous].filter((name): name is EventName => name !== undefined && !this.isFailing(name));
    if (sweep) this.swept = true;
    return this.enqueue(async () => {
      for (const name of names) await this.reporter.resolveAll(this.source.id, name);
    });
  }

  private isFailing(eventName: EventName): boolean {
    for (const name of this.failing.values()) if (name === eventName) return true;
    return false;
  }

  /** A store that cannot record a health event must not stop collection: the failure is logged instead. */
  private enqueue(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write).catch((error: unknown) => {
      this.log.error('could not record a health change', { error: error instanceof Error ? error.message : String(error) });
    });
    this.writes = next;
    return next;
  }
}
