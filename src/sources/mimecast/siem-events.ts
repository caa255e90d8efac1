import type { Logger } from '../../core/logger.js';
import type { RawEvent } from '../../model/message.js';
import { siemKey } from './identity.js';
import { type EventShape, isRecord, toRawEvent } from './records.js';

/** Stream events say `eventType`, batch-file events `type`; either is the log type. */
export const SIEM_SHAPE: EventShape = {
  time: (data) => (typeof data.timestamp === 'number' && Number.isFinite(data.timestamp) ? data.timestamp : null),
  key: siemKey,
  logType: (data) => {
    const type = data.eventType ?? data.type;
    return typeof type === 'string' && type !== '' ? type : 'siem';
  },
};

/** The events of one batch file (newline-delimited JSON); see parseNdjsonCounted. */
export function parseNdjson(text: string, logger: Logger): RawEvent[] {
  return parseNdjsonCounted(text, logger, SIEM_SHAPE).events;
}

/**
 * The events of one batch file, each line kept as its raw text. A line that is not a JSON object is
 * skipped and counted (`skipped`), as the file cannot be fetched any better by retrying.
 */
export function parseNdjsonCounted(text: string, logger: Logger, shape: EventShape): { events: RawEvent[]; skipped: number } {
  const events: RawEvent[] = [];
  let skipped = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    if (!isRecord(data)) {
      skipped++;
      continue;
    }
    events.push(toRawEvent(line, data, shape));
  }
  if (skipped > 0) logger.warn('mimecast batch file had lines that are not JSON objects; skipped', { skipped });
  return { events, skipped };
}

/** A batch link as a health event may show it: the path, never the signed query. */
export function batchLinkName(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'an unreadable link';
  }
}
