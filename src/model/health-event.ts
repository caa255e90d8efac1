/** A source's health event: raised when it fails, resolved when it recovers (Sumo Logic's Health Events API). */
export interface HealthEventRecord {
  eventId: string;
  eventName: 'ThirdPartyConfigError' | 'ThirdPartyGenericError' | 'FirstPartyGenericError';
  severityLevel: 'Error' | 'Warning';
  /** `Unhealthy` while open; `Healthy` once resolved. */
  status: 'Unhealthy' | 'Healthy';
  details: { trackerId: string; name: string; description: string; error: string };
  resourceIdentity: { collectorId: string; collectorName: string; id: string; name: string; type: 'Source' };
  eventTime: number;
  resolvedAt: number | null;
}
