/** Where Mimecast puts an event's own time, most specific first (SIEM, audit and DLP, hold list, releases). */
export const EVENT_TIME_KEYS = ['timestamp', 'eventTime', 'dateReceived', 'datetime', 'date', 'createTime', 'released'] as const;

/** Numbers below this are epoch seconds, not milliseconds (1e11 ms is March 1973). */
const SECONDS_LIMIT = 1e11;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function fromNumber(value: number): number | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  return Math.trunc(value < SECONDS_LIMIT ? value * 1000 : value);
}

/**
 * Parses the time formats Mimecast uses: `2024-11-18T05:11:02+0000`, ISO 8601 with `Z` or `±hh:mm`, a space instead
 * of `T`, no zone (taken as UTC), and epoch milliseconds or seconds as a number or numeric string. Epoch ms, or null.
 */
export function parseEventTime(value: unknown): number | null {
  if (typeof value === 'number') return fromNumber(value);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromNumber(Number(text));
  const m = DATE_TIME.exec(text);
  if (m === null) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? null : parsed;
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = m;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  let time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0');
    time -= (zone[0] === '-' ? -1 : 1) * offset * 60_000;
  }
  return Number.isNaN(time) ? null : time;
}

/** The event's own time from the first of EVENT_TIME_KEYS that holds a parseable time, or null. */
export function findEventTime(event: Record<string, unknown>): number | null {
  for (const key of EVENT_TIME_KEYS) {
    if (!(key in event)) continue;
    const time = parseEventTime(event[key]);
    if (time !== null) return time;
  }
  return null;
}
