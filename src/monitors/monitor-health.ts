import { MONITOR_HEALTH_EVENT } from '../model/health-event.js';
import { EMAIL_CONNECTION_ID } from '../model/monitor.js';
import type { DeliveryOutcome, DeliveryRecord } from '../store/alerts.js';
import type { Store } from '../store/store.js';

/**
 * A monitor's health event: a notification given up (after its retries, or at once for a fault that no
 * retry mends) raises one on the monitor; the next notification of the monitor that is sent resolves it.
 * One open event per monitor: further failures while it is open change nothing (HealthRepository.raise).
 */

export async function raiseDeliveryFailed(
  store: Pick<Store, 'health' | 'monitors'>,
  now: number,
  delivery: DeliveryRecord,
  outcome: DeliveryOutcome,
): Promise<void> {
  const monitor = await store.monitors.get(delivery.monitorId);
  const destination = delivery.connectionId === EMAIL_CONNECTION_ID ? 'e-mail' : `connection ${delivery.connectionId}`;
  await store.health.raise({
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

export async function resolveDeliveryFailed(store: Pick<Store, 'health'>, monitorId: string): Promise<void> {
  await store.health.resolve(monitorId, MONITOR_HEALTH_EVENT);
}
