import { afterEach, describe, expect, it } from 'vitest';
import { formatApiTime, formatSiemDay, formatSiemTime, parseMimecastTime, resolveStartTime } from './time.js';

const ORIGINAL_TZ = process.env.TZ;

describe('Mimecast time formats', () => {
  afterEach(() => {
    if (ORIGINAL_TZ === undefined) delete process.env.TZ;
    else process.env.TZ = ORIGINAL_TZ;
  });

  it('formats the three request forms in UTC', () => {
    const ms = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
    expect(formatApiTime(ms)).toBe('2025-01-02T03:04:05+0000');
    expect(formatSiemTime(ms)).toBe('2025-01-02T03:04:05.678Z');
    expect(formatSiemDay(ms)).toBe('2025-01-02');
  });

  // Regression: a peer collector formatted local wall-clock time with a UTC suffix and lagged 7 hours.
  it('does not depend on the process time zone', () => {
    const ms = Date.UTC(2025, 6, 1, 23, 30, 0);
    process.env.TZ = 'America/Los_Angeles';
    expect(new Date(ms).getHours()).toBe(16);
    expect(formatApiTime(ms)).toBe('2025-07-01T23:30:00+0000');
    expect(formatSiemDay(ms)).toBe('2025-07-01');
    expect(parseMimecastTime('2025-07-01T23:30:00+0000')).toBe(ms);
    expect(parseMimecastTime('2025-07-01T23:30:00')).toBe(ms);
  });

  it('parses every offset form Mimecast answers with', () => {
    const utc = Date.UTC(2024, 10, 18, 12, 11, 2);
    expect(parseMimecastTime('2024-11-18T12:11:02+0000')).toBe(utc);
    expect(parseMimecastTime('2024-11-18T05:11:02-0700')).toBe(utc);
    expect(parseMimecastTime('2024-11-18T14:11:02+02:00')).toBe(utc);
    expect(parseMimecastTime('2024-11-18T12:11:02Z')).toBe(utc);
    expect(parseMimecastTime('2024-11-18T12:11:02.250Z')).toBe(utc + 250);
    expect(parseMimecastTime(1731454605992)).toBe(1731454605992);
    expect(parseMimecastTime('yesterday')).toBeNull();
    expect(parseMimecastTime(undefined)).toBeNull();
  });

  it('resolves relative and absolute start times', () => {
    const now = Date.UTC(2026, 0, 10);
    expect(resolveStartTime('-24h', now)).toBe(now - 24 * 3_600_000);
    expect(resolveStartTime('-7d', now)).toBe(now - 7 * 86_400_000);
    expect(resolveStartTime('-30m', now)).toBe(now - 30 * 60_000);
    expect(resolveStartTime('2026-01-09T00:00:00Z', now)).toBe(Date.UTC(2026, 0, 9));
    expect(resolveStartTime('-7x', now)).toBeNull();
    expect(resolveStartTime('soon', now)).toBeNull();
  });
});
