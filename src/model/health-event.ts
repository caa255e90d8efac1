/**
 * A health event (Sumo Logic's Health Events API): raised when a resource fails, resolved when it recovers.
 * A source's events are about collection; a monitor's about its notifications (one given up after its retries);
 * the store's (`Store`, id `store`) about its disk budget making it delete data before its retention is up.
 */
export type HealthResourceIdentity =
  | { collectorId: string; collectorName: string; id: string; name: string; type: 'Source' }
  | { id: string; name: string; type: 'Monitor' }
  | { id: string; name: string; type: 'Store' };

export const MONITOR_HEALTH_EVENT = 'NotificationDeliveryError';

export interface HealthEventRecord {
  eventId: string;
  eventName: 'ThirdPartyConfigError' | 'ThirdPartyGenericError' | 'FirstPartyGenericError' | typeof MONITOR_HEALTH_EVENT;
  severityLevel: 'Error' | 'Warning';
  /** `Unhealthy` while open; `Healthy` once resolved. */
  status: 'Unhealthy' | 'Healthy';
  /** `count`: how many times an event raised as counted (set-aside batch files) happened while it was open. */
  details: { trackerId: string; name: string; description: string; error: string; count?: number };
  resourceIdentity: HealthResourceIdentity;
  eventTime: number;
  resolvedAt: number | null;
}
