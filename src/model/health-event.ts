/**
 * A health event: raised when a source fails (or the store's disk budget makes it drop data early), resolved when
 * it recovers (Sumo Logic's Health Events API). A `Store` event has no collector: its collector members are empty.
 */
export interface HealthEventRecord {
  eventId: string;
  eventName: 'ThirdPartyConfigError' | 'ThirdPartyGenericError' | 'FirstPartyGenericError';
  severityLevel: 'Error' | 'Warning';
  /** `Unhealthy` while open; `Healthy` once resolved. */
  status: 'Unhealthy' | 'Healthy';
  details: { trackerId: string; name: string; description: string; error: string };
  resourceIdentity: { collectorId: string; collectorName: string; id: string; name: string; type: 'Source' | 'Store' };
  eventTime: number;
  resolvedAt: number | null;
}
