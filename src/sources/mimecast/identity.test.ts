import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, hashKey, siemKey } from './identity.js';

/** The identity as defined, written out the slow way: rename, drop Kafka fields, sort, sha256. */
function definedSiemKey(data: Record<string, unknown>): string {
  const renamed: [string, unknown][] = Object.keys(data)
    .filter((k) => k !== '_offset' && k !== '_partition' && data[k] !== undefined)
    .map((k) => [k === 'eventType' ? 'type' : k === 'subType' ? 'subtype' : k, data[k]]);
  renamed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const text = `{${renamed.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  return `siem:h:${createHash('sha256').update(`siem\n${text}`).digest('base64url')}`;
}

describe('siemKey', () => {
  const stream = { subject: 'Hi "you"', eventType: 'receipt', subType: 'Acc', timestamp: 1, detail: { b: 1, a: [2, { d: 1, c: 0 }] } };
  const batch = {
    _offset: 9,
    _partition: 2,
    detail: { a: [2, { c: 0, d: 1 }], b: 1 },
    timestamp: 1,
    type: 'receipt',
    subtype: 'Acc',
    subject: 'Hi "you"',
  };

  it('gives an event the same identity from the stream and from a batch file', () => {
    expect(siemKey(stream)).toBe(siemKey(batch));
    expect(siemKey(stream)).toBe(definedSiemKey(stream));
  });

  it('follows the definition for every shape, whatever was seen before', () => {
    const shapes: Record<string, unknown>[] = [
      stream,
      { ...stream, subject: 'other' },
      { ...stream, extra: undefined },
      { eventType: 'a', type: 'b', n: null },
      { type: 'b', eventType: 'a', n: null },
      { _offset: 1 },
      {},
      { lone: '\ud800', emoji: '😀', ctl: '\u0001', e: 'é' },
    ];
    // Twice: the second pass reads the cached field orders.
    for (let pass = 0; pass < 2; pass++) for (const shape of shapes) expect(siemKey(shape)).toBe(definedSiemKey(shape));
    // An undefined field and the Kafka fields are not part of the identity; every other difference is.
    expect(siemKey(shapes[2] as Record<string, unknown>)).toBe(siemKey(stream));
    expect(siemKey({ _offset: 1 })).toBe(siemKey({}));
    expect(new Set(shapes.map(siemKey)).size).toBe(shapes.length - 2);
  });
});

describe('hashKey', () => {
  it('is the sha256 of the data type and the canonical JSON', () => {
    const data = { b: 1, a: 'x' };
    const expected = createHash('sha256').update('dlp\n{"a":"x","b":1}').digest('base64url');
    expect(hashKey('dlp', data)).toBe(`dlp:h:${expected}`);
  });
});
