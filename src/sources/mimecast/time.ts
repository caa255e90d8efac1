/**
 * Every time Mimecast is sent is formatted here, always in UTC (its answers are parsed by model/time.ts).
 * A peer collector formatted local time with a UTC suffix and lagged seven hours behind; nothing in this
 * file reads the process time zone.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `/api/*` request dates, the documented form: `2011-12-03T10:15:30+0000` (seconds, UTC). */
export function formatApiTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+0000`;
}

/** SIEM stream query dates: `2025-01-01T12:30:45.000Z`. */
export function formatSiemTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** SIEM batch query dates: `2025-01-01` (the UTC day). */
export function formatSiemDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Windows end this long before "now", so events Mimecast is still writing are read on the next poll. */
export const WINDOW_LAG_MS = MINUTE_MS;
