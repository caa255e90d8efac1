import type { DataType } from '../model/message.js';
import type { SourceRecord } from '../model/source.js';

/**
 * A permission granted later is picked up without editing the source: one request per stopped data type
 * every 15 minutes is far inside Mimecast's rate limits.
 */
export const DEFAULT_PROBE_INTERVAL_MS = 15 * 60_000;

/**
 * The SIEM stream endpoint is made for frequent pulls: once caught up, it is polled every 30 s, or at the
 * source's interval when that is shorter. With windows ending WINDOW_LAG_MS (60 s) before now, an event is
 * searchable 60–90 s after its time (`npm run bench -- freshness`; a 60 s poll gives 60–120 s). An idle
 * stream costs 120 calls an hour against its 300; a busy one costs one call per page whatever the interval.
 * Every other data type polls at the source's interval (default 5 minutes, as Sumo Logic's source does).
 */
export const SIEM_POLL_INTERVAL_SEC = 30;

export function pollIntervalSec(config: SourceRecord['config'], dataType: DataType): number {
  return dataType === 'siem' ? Math.min(config.pollingIntervalSec, SIEM_POLL_INTERVAL_SEC) : config.pollingIntervalSec;
}
