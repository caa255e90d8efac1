/** Date parsing for request parameters: strict formats, so malformed input gets the API's 400. */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * ISO 8601 instants as the API accepts them: `2025-01-01T12:30:45.000Z`, `2011-12-03T10:15:30+0000`,
 * `…+00:00`. Returns epoch ms, or null when malformed or not a real date.
 */
export function parseInstant(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!sameParts(base, Number(y), Number(mo), Number(d)) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let offset = 0;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return base + ms - offset;
}

/** `YYYY-MM-DD` → epoch ms of that UTC midnight, or null. */
export function parseDay(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = DAY.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return sameParts(ms, Number(m[1]), Number(m[2]), Number(m[3])) ? ms : null;
}

function sameParts(ms: number, y: number, mo: number, d: number): boolean {
  const date = new Date(ms);
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const DAY_MS = 86_400_000;

export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
