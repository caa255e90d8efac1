/**
 * What collection reports as it runs: a small set of typed events, counted by the metrics module the
 * composition root builds (services/metrics.ts) and handed down to the collector and the Mimecast client.
 * Components see only this interface, so none of them depends on the metrics library; events are emitted
 * per batch or per HTTP call, never per message.
 */
export type TelemetryEvent =
  /**
   * A batch and its checkpoint committed: `inserted` new messages (replays not counted), `expired` ones left
   * out as older than their partition's retention, in `durationMs`. `delivery` tells the collector's pulls
   * (the default) from Mimecast's Event Push.
   */
  | {
      type: 'BatchStored';
      sourceId: string;
      dataType: string;
      inserted: number;
      expired: number;
      durationMs: number;
      delivery?: 'pull' | 'push';
    }
  /** Mimecast answered a call with an HTTP status (`route` is a fixed route name, never a URL). */
  | { type: 'MimecastResponse'; route: string; status: number }
  /** A call got no answer: the connection failed or the deadline passed. */
  | { type: 'MimecastRequestFailed'; route: string; reason: 'network' | 'timeout' }
  /** A failed call is tried again after a wait (`code` is the AppError code of the failure). */
  | { type: 'MimecastRetry'; route: string; code: string };

export interface Telemetry {
  emit(event: TelemetryEvent): void;
}

/** The default everywhere a telemetry dependency is optional: tests and CLI commands count nothing. */
export const noTelemetry: Telemetry = { emit() {} };
