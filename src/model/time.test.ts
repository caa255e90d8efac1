import { describe, expect, it } from 'vitest';
import { parseMimecastTime, resolveStartTime } from './time.js';

describe('model times', () => {
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
