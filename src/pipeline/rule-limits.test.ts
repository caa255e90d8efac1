import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import type { RawEvent } from '../model/message.js';
import { MAX_MASK_LENGTH, type ProcessingRule } from '../model/source-config.js';
import { siemEvent } from './__fixtures__/siem-events.js';
import { buildMessagesPaced, type MessageContext } from './messages.js';
import { compileRules, maxRewrittenLength, ruleOutcome } from './rules.js';

const md5 = { hashAlgorithm: 'MD5' as const };
const mask = (regexp: string, maskText: string, name = 'm'): ProcessingRule => ({ name, filterType: 'Mask', regexp, mask: maskText });

function refusal(rules: ProcessingRule[], hashAlgorithm: 'MD5' | 'SHA-256' = 'MD5'): AppError {
  try {
    compileRules(rules, { hashAlgorithm });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the rules compiled');
}

describe('rules that would obviously grow a message are refused when saved', () => {
  it("a Mask rule '(.)' with a long mask (grew 577 events to 456 MB)", () => {
    const e = refusal([mask('(.)', '#'.repeat(100))]);
    expect(e.code).toBe('createValidationError');
    expect(e.field).toBe('config.filters[0].regexp');
    expect(e.message).toMatch(/matches a single character, and a mask of 100 characters would grow a message 100-fold/);
  });

  it('a Hash rule on single characters (a 64-character digest each)', () => {
    expect(refusal([{ name: 'h', filterType: 'Hash', regexp: '(\\w)' }], 'SHA-256').message).toMatch(/its 64-character digest/);
  });

  it('a Mask or Hash rule that matches empty text (it rewrites between every two characters)', () => {
    expect(refusal([mask('(x*)', '#')]).message).toMatch(/^config\.filters\[0\]\.regexp: must not match empty text/);
    expect(refusal([{ name: 'h', filterType: 'Hash', regexp: '()' }]).field).toBe('config.filters[0].regexp');
  });

  it(`a mask longer than ${MAX_MASK_LENGTH} characters`, () => {
    const e = refusal([mask('"subject": "([^"]+)"', 'x'.repeat(MAX_MASK_LENGTH + 1))]);
    expect(e.field).toBe('config.filters[0].mask');
    expect(e.message).toBe(`config.filters[0].mask: must be at most ${MAX_MASK_LENGTH} characters`);
  });

  it('a single-character rule with a short mask, and a long mask with context, are still allowed', () => {
    expect(() => compileRules([mask('(.)', '#'), mask('"subject": "([^"]+)"', 'x'.repeat(MAX_MASK_LENGTH))], md5)).not.toThrow();
  });
});

describe('at run time a message grown past the limit is dropped, never stored', () => {
  const receipt = siemEvent('receipt');

  it('a rule that passes validation but grows every pair of letters 100-fold drops the message', () => {
    const rules = compileRules([mask('([a-z]{2})', '#'.repeat(100))], md5);
    expect(ruleOutcome(rules, receipt.raw)).toEqual({ kept: false, reason: 'oversized' });
  });

  it('the limit is on the received text, so rules one after another cannot compound their growth', () => {
    // Each rule alone keeps the message under the limit; together they would pass it.
    const rules = compileRules([mask('"(ttp)"', 'T'.repeat(64), 'a'), mask('(T{64})', 'U'.repeat(128), 'b')], md5);
    const text = JSON.stringify({ items: Array.from({ length: 20 }, () => 'ttp') });
    const alone = ruleOutcome(compileRules([mask('"(ttp)"', 'T'.repeat(64))], md5), text);
    if (!alone.kept) throw new Error('the first rule alone dropped the message');
    expect(alone.text.length).toBeGreaterThan(text.length * 2);
    expect(alone.text.length).toBeLessThanOrEqual(maxRewrittenLength(text.length));
    expect(ruleOutcome(rules, text)).toEqual({ kept: false, reason: 'oversized' });
  });
});

const context = (rules: ProcessingRule[]): MessageContext => ({
  sourceId: 'S1',
  sourceName: 'Mimecast',
  sourceCategory: 'Mimecast',
  collectorName: 'Hosted',
  dataType: 'siem',
  sourceHost: 'api.services.mimecast.com',
  fields: {},
  siemForward: false,
  receiptTime: 1_763_640_000_000,
  rules: compileRules(rules, md5),
});

describe('a batch under a hostile rule set', () => {
  // 100 broad rules: every character masked 98 times over, and two that grow messages past the limit on some events.
  const hostile: ProcessingRule[] = [
    ...Array.from({ length: 98 }, (_, i) => mask('(.)', '#', `every-char-${i}`)),
    mask('"(long[^"]*)"', 'L'.repeat(MAX_MASK_LENGTH), 'grow'),
    mask('(L{2})', 'G'.repeat(MAX_MASK_LENGTH), 'grow-more'),
  ];
  const events: RawEvent[] = Array.from({ length: 30 }, (_, i) => {
    const data = { id: i, subject: i % 3 === 0 ? `long ${'x'.repeat(20)}` : 'short', words: Array.from({ length: 10 }, (_, k) => `w${k}`) };
    return { raw: JSON.stringify(data), data, dedupeKey: String(i), time: 1_763_640_000_000, logType: 'receipt' };
  });

  it('completes, keeps every message within the limit, drops the oversized ones and hands the event loop back', async () => {
    let turns = 0;
    let done = false;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    setImmediate(spin);
    const built = await buildMessagesPaced(events, context(hostile));
    done = true;
    const turnsDuring = turns;
    expect(built.oversized).toBe(0);
    // The mask of every character runs first, so by the time the growing rules run there is nothing left to grow.
    expect(built.messages).toHaveLength(events.length);
    for (const [i, m] of built.messages.entries()) {
      expect(m.raw).toBe('#'.repeat(events[i].raw.length));
      expect(m.raw.length).toBeLessThanOrEqual(maxRewrittenLength(events[i].raw.length));
    }
    // The event loop turned while the batch was evaluated: the evaluation yields instead of running to the end.
    expect(turnsDuring).toBeGreaterThan(1);
  });

  it('the growing rules alone drop exactly the events they would grow past the limit', async () => {
    const built = await buildMessagesPaced(events, context(hostile.slice(98)));
    const long = events.filter((e) => e.raw.includes('"long')).length;
    expect(long).toBe(10);
    expect(built.oversized).toBe(long);
    expect(built.dropped).toBe(long);
    expect(built.messages).toHaveLength(events.length - long);
    for (const m of built.messages) expect(m.raw).not.toContain('G');
  });
});
