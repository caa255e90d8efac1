import { describe, expect, it } from 'vitest';
import { findEventTime, parseEventTime } from './event-time.js';

describe('event time', () => {
  it('reads the formats Mimecast uses', () => {
    expect(parseEventTime(1715708286579)).toBe(1715708286579);
    expect(parseEventTime('1715708286579')).toBe(1715708286579);
    expect(parseEventTime(1715708286)).toBe(1715708286000);
    expect(parseEventTime('2024-11-18T05:11:02+0000')).toBe(Date.UTC(2024, 10, 18, 5, 11, 2));
    expect(parseEventTime('2024-11-18T05:11:02+0130')).toBe(Date.UTC(2024, 10, 18, 3, 41, 2));
    expect(parseEventTime('2024-11-18T05:11:02-05:00')).toBe(Date.UTC(2024, 10, 18, 10, 11, 2));
    expect(parseEventTime('2024-11-18T05:11:02.123Z')).toBe(Date.UTC(2024, 10, 18, 5, 11, 2, 123));
    expect(parseEventTime('2024-11-18 05:11:02')).toBe(Date.UTC(2024, 10, 18, 5, 11, 2));
    expect(parseEventTime('Mon, 18 Nov 2024 05:11:02 GMT')).toBe(Date.UTC(2024, 10, 18, 5, 11, 2));
  });

  it('gives null for what is not a time', () => {
    for (const value of [null, undefined, '', 'soon', true, {}, -5, Number.NaN]) expect(parseEventTime(value)).toBeNull();
  });

  it('looks in the usual keys, most specific first, skipping ones it cannot read', () => {
    expect(findEventTime({ timestamp: 1715708286579, eventTime: '2021-10-15T20:41:25+0000' })).toBe(1715708286579);
    expect(findEventTime({ eventTime: '2021-10-15T20:41:25+0000' })).toBe(Date.UTC(2021, 9, 15, 20, 41, 25));
    expect(findEventTime({ timestamp: 'n/a', dateReceived: '2021-10-14T18:06:55+0000' })).toBe(Date.UTC(2021, 9, 14, 18, 6, 55));
    expect(findEventTime({ datetime: '2021-10-14T18:06:55Z' })).toBe(Date.UTC(2021, 9, 14, 18, 6, 55));
    expect(findEventTime({ released: '2021-10-14T18:06:55Z' })).toBe(Date.UTC(2021, 9, 14, 18, 6, 55));
    expect(findEventTime({ subject: 'no time here' })).toBeNull();
  });
});
