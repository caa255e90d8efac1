import { type HealthEventRecord, MONITOR_HEALTH_EVENT } from '../model/health-event.js';
import { EMAIL_CONNECTION_ID } from '../model/monitor.js';
import type { DeliveryOutcome, DeliveryRecord } from '../store/alerts.js';
import type { RaisedHealthEvent } from '../store/repositories.js';
import type { Store } from '../store/store.js';

/**
 * A monitor's health event: a notification given up (after its retries, or at once for a fault that no
 * retry mends) raises one on the monitor; the next notification of the monitor that is sent resolves it.
 * One open event per monitor: further failures while it is open change nothing (HealthRepository.raise).
 */

/**
 * Raises and resolves health events and writes each change as a searchable message
 * (`_index=sumologic_system_events`): the collector's HealthReporter, handed in by the services.
 */
export interface HealthEvents {
  raiseEvent(raised: RaisedHealthEvent): Promise<HealthEventRecord>;
  resolveAll(resourceId: string, eventName?: HealthEventRecord['eventName']): Promise<HealthEventRecord[]>;
}

export async function raiseDeliveryFailed(
  store: Pick<Store, 'monitors'>,
  health: HealthEvents,
  now: number,
  delivery: DeliveryRecord,
  outcome: DeliveryOutcome,
): Promise<void> {
  const monitor = await store.monitors.get(delivery.monitorId);
  const destination = delivery.connectionId === EMAIL_CONNECTION_ID ? 'e-mail' : `connection ${delivery.connectionId}`;
  await health.raiseEvent({
    eventName: MONITOR_HEALTH_EVENT,
    severityLevel: 'Error',
    details: {
      trackerId: `${MONITOR_HEALTH_EVENT}:${delivery.monitorId}`,
      name: 'Notification Delivery Error',
      description: 'A notification of the monitor was given up; its alert history has each attempt.',
      error: `${delivery.triggerType} notification to ${destination} given up after ${outcome.attempts} attempt(s): ${outcome.lastError ?? 'failed'}`,
    },
    resourceIdentity: { id: delivery.monitorId, name: monitor?.name ?? '', type: 'Monitor' },
    eventTime: now,
  });
}

export async function resolveDeliveryFailed(health: HealthEvents, monitorId: string): Promise<void> {
  await health.resolveAll(monitorId, MONITOR_HEALTH_EVENT);
}
