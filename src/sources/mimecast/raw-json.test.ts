import { describe, expect, it } from 'vitest';
import { canonicalJson } from './identity.js';
import { arrayElementTexts } from './raw-json.js';

describe('arrayElementTexts', () => {
  it('returns each element exactly as written, whitespace and escapes included', () => {
    const text = `{ "meta": {"x": [1, {"y": "]}"}]}, "data" : [ {"dlpLogs": [ {"a": "q\\"uo]te", "b": [1,2]} ,{"c":"\\\\"}, 7, "s", null ]} ] }`;
    const parsed = JSON.parse(text);
    const texts = arrayElementTexts(text, ['data', 0, 'dlpLogs']);
    expect(texts).toEqual(['{"a": "q\\"uo]te", "b": [1,2]}', '{"c":"\\\\"}', '7', '"s"', 'null']);
    expect(texts?.map((t) => JSON.parse(t))).toEqual(parsed.data[0].dlpLogs);
  });

  it('finds top-level arrays and tells when there is none', () => {
    expect(arrayElementTexts('{"value":[],"@nextPage":"x"}', ['value'])).toEqual([]);
    expect(arrayElementTexts('{"value":{"a":1}}', ['value'])).toBeNull();
    expect(arrayElementTexts('{"other":[1]}', ['value'])).toBeNull();
    expect(arrayElementTexts('{"data":[]}', ['data', 0, 'dlpLogs'])).toBeNull();
  });

  it('keeps unicode text byte for byte', () => {
    const text = '{"value":[{"subject":"Caf\\u00e9 – ünïcode 😀"}]}';
    expect(arrayElementTexts(text, ['value'])).toEqual(['{"subject":"Caf\\u00e9 – ünïcode 😀"}']);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and ignores their order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});
