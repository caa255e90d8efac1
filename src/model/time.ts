/**
 * The times a source config and Mimecast's answers hold, parsed to epoch ms. Always UTC: a peer collector
 * read local time as UTC and lagged seven hours behind; nothing here reads the process time zone.
 */

const API_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z|z)|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Parses the times Mimecast answers with (`2024-11-18T05:11:02+0000`, RFC 3339 `…Z`, `±hh:mm`) to epoch ms.
 * A time without an offset is UTC (Mimecast's own convention), never local time. Null when not a time.
 */
export function parseMimecastTime(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const m = API_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), s ? Number(s) : 0, ms);
  if (Number.isNaN(utc)) return null;
  const offsetMin = sign ? (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) : 0;
  return utc - offsetMin * 60_000;
}

const RELATIVE = /^-(\d+)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `-24h`, `-7d`, `now` or an ISO 8601 time → epoch ms; null when the text is neither. */
export function resolveStartTime(text: string, now: number): number | null {
  const trimmed = text.trim();
  if (trimmed === 'now') return now;
  const rel = RELATIVE.exec(trimmed);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]];
  return parseMimecastTime(trimmed);
}
