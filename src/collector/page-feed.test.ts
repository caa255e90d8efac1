import { describe, expect, it } from 'vitest';
import { makeMessage } from '../store/__fixtures__/builders.js';
import { keepExtractedOnly } from './page-feed.js';

describe('keepExtractedOnly', () => {
  it('keeps only the keys the store extracts into typed columns, and leaves raw alone', () => {
    const raw = '{"eventType":"receipt","senderIp":"10.0.0.1","spamScore":3,"attachments":[{"name":"a.pdf"}]}';
    const message = { ...makeMessage('s1', 'k1'), raw, parsed: JSON.parse(raw) as Record<string, unknown> };
    const [kept] = keepExtractedOnly([message]);
    expect(kept.parsed).toEqual({ eventType: 'receipt', senderIp: '10.0.0.1' });
    expect(kept.raw).toBe(raw);
  });

  it('leaves a message without a parsed object as it is', () => {
    const message = { ...makeMessage('s1', 'k2'), parsed: undefined };
    expect(keepExtractedOnly([message])[0].parsed).toBeUndefined();
  });
});
