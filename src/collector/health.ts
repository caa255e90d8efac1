import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { HealthEventView } from '../model/api-views.js';
import type { HealthEventRecord, MONITOR_HEALTH_EVENT } from '../model/health-event.js';
import { type DataType, type Message, SYSTEM_EVENTS_INDEX } from '../model/message.js';
import type { SourceRecord } from '../model/source.js';
import type { RaisedHealthEvent } from '../store/repositories.js';
import type { Store } from '../store/store.js';
import { type ClassifiedFailure, HEALTH_EVENT_NAMES } from './classify.js';

export function healthEventJson(event: HealthEventRecord): HealthEventView {
  return {
    eventId: event.eventId,
    eventName: event.eventName,
    eventType: 'Health-Change',
    severityLevel: event.severityLevel,
    status: event.status,
    details: event.details,
    subsystem: event.resourceIdentity.type === 'Monitor' ? 'Monitors' : 'Collection',
    resourceIdentity: event.resourceIdentity,
    eventTime: new Date(event.eventTime).toISOString(),
    ...(event.resolvedAt === null ? {} : { resolvedTime: new Date(event.resolvedAt).toISOString() }),
  };
}

/** The source id under which health-event messages are stored (they belong to no source). */
export const SYSTEM_SOURCE_ID = 'system';

const DESCRIPTIONS: Record<Exclude<HealthEventRecord['eventName'], typeof MONITOR_HEALTH_EVENT>, string> = {
  ThirdPartyConfigError: 'The source cannot collect until its configuration (or the Mimecast account) is fixed.',
  ThirdPartyGenericError: 'Mimecast failed to answer as expected; the collector is retrying.',
  FirstPartyGenericError: 'The collector failed to store or process data; it is retrying.',
};

/**
 * Raises and resolves a source's (or a monitor's) health events, and writes each change as a searchable message
 * (`_index=sumologic_system_events`, `_sourceCategory=Collection` or `Monitors`, `_sourceName=<eventName>`).
 */
export class HealthReporter {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** `dataType` names the data type that failed, when only that one did (its siblings may still collect). */
  async raise(source: SourceRecord, collectorName: string, failure: ClassifiedFailure, dataType?: DataType): Promise<HealthEventRecord> {
    const eventName = HEALTH_EVENT_NAMES[failure.type];
    const event = await this.store.health.raise({
      eventName,
      severityLevel: 'Error',
      details: {
        trackerId: `${failure.type}:${source.id}`,
        name: eventName.replace(/Error$/, ' Error'),
        description: DESCRIPTIONS[eventName],
        error: `${dataType === undefined ? '' : `${dataType}: `}${failure.code}: ${failure.message}`,
      },
      resourceIdentity: { collectorId: source.collectorId, collectorName, id: source.id, name: source.config.name, type: 'Source' },
      eventTime: this.clock.now(),
    });
    await this.record([event]);
    return event;
  }

  /** Raises an event of a resource that is not a source (the store's disk budget), recorded the same way. */
  async raiseEvent(raised: RaisedHealthEvent): Promise<HealthEventRecord> {
    const event = await this.store.health.raise(raised);
    await this.record([event]);
    return event;
  }

  /** Raises a recurring event (set-aside batch files): one open event whose `details.count` grows. */
  async raiseCounted(raised: RaisedHealthEvent): Promise<HealthEventRecord> {
    const event = await this.store.health.raiseCounted(raised);
    await this.record([event]);
    return event;
  }

  /**
   * Resolves every open event of a source or monitor (or only those of one name): a source collected again,
   * or was updated or restarted; a monitor's notification was sent.
   */
  async resolveAll(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]> {
    const resolved = await this.store.health.resolve(resourceId, eventName);
    if (resolved.length > 0) await this.record(resolved);
    return resolved;
  }

  /** Replays are harmless: the dedupe key is the event and its status, so each change is stored once. */
  private async record(events: HealthEventRecord[]): Promise<void> {
    const now = this.clock.now();
    const messages: Message[] = events.map((event) => {
      const view = healthEventJson(event);
      const raw = JSON.stringify(view);
      return {
        raw,
        messageTime: event.status === 'Healthy' ? (event.resolvedAt ?? now) : event.eventTime,
        receiptTime: now,
        dedupeKey: `${event.eventId}:${event.status}`,
        sourceId: SYSTEM_SOURCE_ID,
        source: 'Health Events',
        sourceCategory: view.subsystem,
        collector: 'collectorName' in event.resourceIdentity ? event.resourceIdentity.collectorName : '',
        sourceName: event.eventName,
        sourceHost: '',
        index: SYSTEM_EVENTS_INDEX,
        fields: {},
      };
    });
    try {
      await this.store.messages.append(messages);
    } catch (error) {
      // The event itself is recorded; only its searchable copy is missing, which must not stop collection.
      this.logger.warn('health event message not stored', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
