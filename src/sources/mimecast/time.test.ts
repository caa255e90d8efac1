import { afterEach, describe, expect, it } from 'vitest';
import { parseMimecastTime } from '../../model/time.js';
import { formatApiTime, formatSiemDay, formatSiemTime } from './time.js';

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
});
