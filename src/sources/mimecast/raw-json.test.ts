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

  it('reads the last of duplicate keys, as JSON.parse does', () => {
    const cases = [
      '{"value":[1],"value":[2, "x"]}',
      '{"value":[1],"value":{"a":[5]}}',
      '{"value":{"a":1},"value":[4],"n":[9]}',
      '{"d":{"value":[1],"value":[7]}}',
    ];
    for (const text of cases) {
      const path = text.startsWith('{"d"') ? ['d', 'value'] : ['value'];
      const parsed = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], JSON.parse(text));
      const texts = arrayElementTexts(text, path);
      expect(texts === null ? null : texts.map((t) => JSON.parse(t)), text).toEqual(Array.isArray(parsed) ? parsed : null);
    }
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

  it('gives the same text as JSON.stringify of the key-sorted value, escapes included', () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    const samples: unknown[] = [
      { z: 'plain', a: 'quote " backslash \\ tab \t newline \n', m: '\u0001 control', u: 'ünï 😀', lone: '\ud800x' },
      { n: -0, f: 1.5e-7, big: 1e21, neg: -12, t: true, f2: false, nul: null, arr: [1, 'two', null, { b: 2, a: 1 }] },
      { nested: { spamProcessingDetail: { spf: { allow: true, info: 'ALLOW' }, dkim: { info: 'x', allow: false } } } },
      [],
      {},
      'just a string',
    ];
    for (const sample of samples) expect(canonicalJson(sample)).toBe(JSON.stringify(sortDeep(sample)));
  });
});
