import { AppError } from '../core/errors.js';
import { zoneOffsetMs } from '../query/post.js';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const EXPECTED = 'now, a relative time such as -15m, -24h or -7d, an ISO time (2026-11-20T00:00:00) or epoch milliseconds';
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

function timeError(field: string, text: string): AppError {
  return new AppError('searchQueryError', `${field}: unknown time expression '${text}'; expected ${EXPECTED}`, {
    field,
    details: { line: 1, column: 1, expected: EXPECTED },
  });
}

export function checkTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    throw new AppError('searchQueryError', `timeZone: unknown time zone '${timeZone}'`, {
      field: 'timeZone',
      details: { line: 1, column: 1, expected: 'an IANA time zone such as UTC or Europe/London' },
    });
  }
}

/**
 * A search bound as the API and the CLI take it: epoch ms (number or digits), `now`, `-24h`-style relative
 * times, ISO times with a zone, or ISO local times read in `timeZone`.
 */
export function parseTimeExpression(value: string | number, field: string, now: number, timeZone = 'UTC'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw timeError(field, String(value));
    return Math.trunc(value);
  }
  const text = value.trim();
  if (/^\d{9,}$/.test(text)) return Number(text);
  if (text.toLowerCase() === 'now') return now;
  const relative = /^-(\d+)([smhdw])$/.exec(text);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]];
  const local = LOCAL_ISO.exec(text);
  if (local) {
    const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = local;
    const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
    if (Number.isNaN(wall)) throw timeError(field, text);
    // The offset at the wall time, corrected once for a DST change between the guess and the answer.
    const guess = wall - zoneOffsetMs(wall, timeZone);
    return wall - zoneOffsetMs(guess, timeZone);
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const parsed = Date.parse(text);
    if (!Number.isNaN(parsed)) return parsed;
  }
  throw timeError(field, text);
}

export function resolveRange(
  input: { from: string | number; to: string | number; timeZone?: string },
  now: number,
): { from: number; to: number; timeZone: string } {
  const timeZone = checkTimeZone(input.timeZone ?? 'UTC');
  const from = parseTimeExpression(input.from, 'from', now, timeZone);
  const to = parseTimeExpression(input.to, 'to', now, timeZone);
  if (from >= to) {
    throw new AppError('searchQueryError', 'from: must be before to', {
      field: 'from',
      details: { line: 1, column: 1, expected: 'from earlier than to' },
    });
  }
  return { from, to, timeZone };
}
