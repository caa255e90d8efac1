import { describe, expect, it } from 'vitest';
import { parseTime, resolveRange } from './time.js';

describe('time ranges', () => {
  const now = Date.UTC(2026, 10, 20, 12);

  it('reads relative times, now and dates', () => {
    expect(parseTime('-15m', now)).toBe(now - 15 * 60_000);
    expect(parseTime('-7d', now)).toBe(now - 7 * 86_400_000);
    expect(parseTime('now', now)).toBe(now);
    expect(parseTime('2026-11-19T00:00:00Z', now)).toBe(Date.UTC(2026, 10, 19));
    expect(parseTime('soon', now)).toBeUndefined();
  });

  it('explains a range it cannot use', () => {
    expect(resolveRange({ from: '-1h', to: 'now' }, now)).toEqual({ from: now - 3_600_000, to: now });
    expect(resolveRange({ from: 'later', to: 'now' }, now)).toMatch(/^From: /);
    expect(resolveRange({ from: 'now', to: '-1h' }, now)).toBe('From must be before To');
  });
});
