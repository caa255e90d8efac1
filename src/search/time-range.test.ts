import { describe, expect, it } from 'vitest';
import type { AppError } from '../core/errors.js';
import { parseTimeExpression, resolveRange } from './time-range.js';

const now = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('time expressions', () => {
  it('reads relative times, now, epoch ms and ISO times', () => {
    expect(parseTimeExpression('now', 'to', now)).toBe(now);
    expect(parseTimeExpression('-24h', 'from', now)).toBe(now - 86_400_000);
    expect(parseTimeExpression('-15m', 'from', now)).toBe(now - 900_000);
    expect(parseTimeExpression('-7d', 'from', now)).toBe(now - 7 * 86_400_000);
    expect(parseTimeExpression('-2w', 'from', now)).toBe(now - 14 * 86_400_000);
    expect(parseTimeExpression(1_795_132_800_000, 'from', now)).toBe(1_795_132_800_000);
    expect(parseTimeExpression('1795132800000', 'from', now)).toBe(1_795_132_800_000);
    expect(parseTimeExpression('2026-11-20T00:00:00Z', 'from', now)).toBe(Date.UTC(2026, 10, 20));
    expect(parseTimeExpression('2026-11-20T01:00:00+01:00', 'from', now)).toBe(Date.UTC(2026, 10, 20));
  });

  it('reads ISO local times in the time zone, across a DST change', () => {
    expect(parseTimeExpression('2026-11-20T00:00:00', 'from', now, 'UTC')).toBe(Date.UTC(2026, 10, 20));
    expect(parseTimeExpression('2026-11-20T01:00:00', 'from', now, 'Europe/Paris')).toBe(Date.UTC(2026, 10, 20));
    expect(parseTimeExpression('2026-07-01T02:00:00', 'from', now, 'Europe/Paris')).toBe(Date.UTC(2026, 6, 1));
    expect(parseTimeExpression('2026-11-20', 'from', now, 'America/New_York')).toBe(Date.UTC(2026, 10, 20, 5));
  });

  it('names the field and what it expected for an unknown expression, a bad zone or an empty range', () => {
    const failure = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as AppError;
      }
      throw new Error('no error');
    };
    const bad = failure(() => parseTimeExpression('yesterday', 'to', now));
    expect(bad.code).toBe('searchQueryError');
    expect(bad.field).toBe('to');
    expect(bad.message).toMatch(/^to: unknown time expression 'yesterday'; expected now, a relative time/);
    expect(failure(() => resolveRange({ from: '-1h', to: 'now', timeZone: 'Mars/Olympus' }, now)).message).toBe(
      "timeZone: unknown time zone 'Mars/Olympus'",
    );
    expect(failure(() => resolveRange({ from: 'now', to: '-1h' }, now)).message).toBe('from: must be before to');
  });
});
