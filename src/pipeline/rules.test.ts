import { describe, expect, it } from 'vitest';
import type { ProcessingRule } from '../model/source-config.js';
import { siemEvent, siemEvents } from './__fixtures__/siem-events.js';
import { type CompiledRules, compileRules, ruleOutcome } from './rules.js';

const applyRules = (rules: CompiledRules, raw: string): string | null => {
  const outcome = ruleOutcome(rules, raw);
  return outcome.kept ? outcome.text : null;
};

const rule = (filterType: ProcessingRule['filterType'], regexp: string, extra: Partial<ProcessingRule> = {}): ProcessingRule => ({
  name: `${filterType.toLowerCase()}-rule`,
  filterType,
  regexp,
  ...extra,
});
const md5 = { hashAlgorithm: 'MD5' as const };

describe('processing rules on Mimecast SIEM events', () => {
  const receipt = siemEvent('receipt').raw;

  it('masks recipient addresses and leaves the rest of the text as it was', () => {
    const rules = compileRules([rule('Mask', '"recipients": "([^"]+)"')], md5);
    expect(applyRules(rules, receipt)).toBe(receipt.replace('"recipients": "bob@corp.test"', '"recipients": "#####"'));
  });

  it('masks every capture group of every match, with a custom mask', () => {
    const rules = compileRules([rule('Mask', '([a-z]+)@(sender\\.test)', { mask: 'X' })], md5);
    const expected = receipt.replaceAll('alice@sender.test', 'X@X');
    expect(applyRules(rules, receipt)).toBe(expected);
  });

  it('hashes senders with lower-case hex MD5 or SHA-256', () => {
    const md5Rules = compileRules([rule('Hash', '"senderEnvelope": "([^"]+)"')], md5);
    expect(applyRules(md5Rules, receipt)).toBe(
      receipt.replace('"senderEnvelope": "alice@sender.test"', '"senderEnvelope": "4184b215911474b07cea8a4bcde85eb9"'),
    );
    const shaRules = compileRules([rule('Hash', '"senderEnvelope": "([^"]+)"')], { hashAlgorithm: 'SHA-256' });
    expect(applyRules(shaRules, receipt)).toContain('"senderEnvelope": "46b0e6dde14db4d2248e9efd8fee6c576e8e6e60ea5ee9013d941c16a93b4ad9"');
  });

  it('includes by type with a whole-message match, and exclude wins', () => {
    const events = siemEvents();
    const kept = (rules: ProcessingRule[]) =>
      events.filter(({ event }) => applyRules(compileRules(rules, md5), event.raw) !== null).map(({ name }) => name);
    expect(kept([rule('Include', '.*"type": ?"receipt".*')])).toEqual(['receipt', 'receipt-rejected', 'receipt-other']);
    expect(kept([rule('Include', '.*"type": ?"receipt".*'), rule('Exclude', '.*"action": ?"Rej".*')])).toEqual([
      'receipt',
      'receipt-other',
    ]);
    expect(kept([rule('Include', '"type": ?"receipt"')])).toEqual([]);
    expect(kept([rule('Exclude', '.*')])).toEqual([]);
    expect(kept([rule('Include', '.*"type": ?"journal".*'), rule('Include', '.*"type": ?"spam".*')])).toEqual(['journal', 'spam']);
  });

  it('applies masks and hashes in the order given, after the filters', () => {
    const rules = compileRules(
      [rule('Hash', '"subject": "([^"]+)"'), rule('Mask', '"subject": "([0-9a-f]{4})'), rule('Include', '.*Quarterly.*')],
      md5,
    );
    // The include sees the original text; the mask then sees the hash written by the rule before it.
    expect(applyRules(rules, receipt)).toMatch(/"subject": "#####[0-9a-f]{28}"/);
  });
});

describe('rewriting details', () => {
  it('replaces a group holding non-ASCII text exactly', () => {
    const rules = compileRules([rule('Mask', '"subject":"([^"]*)"')], md5);
    expect(applyRules(rules, '{"subject":"héllo wörld 📧","x":"é"}')).toBe('{"subject":"#####","x":"é"}');
  });

  it('replaces an outer group once, not the groups nested in it', () => {
    const rules = compileRules([rule('Mask', '((a)b)')], md5);
    expect(applyRules(rules, 'xabyab')).toBe('x#####y#####');
  });

  it('leaves a group that did not take part in the match alone', () => {
    const rules = compileRules([rule('Mask', 'a(b)?c(d)')], md5);
    expect(applyRules(rules, 'acd abcd')).toBe('ac##### a#####c#####');
  });

  it('keeps text with no match unchanged and ends on patterns that can match nothing', () => {
    const rules = compileRules([rule('Mask', 'z(q*)')], md5);
    expect(applyRules(rules, 'abc')).toBe('abc');
    expect(applyRules(rules, 'zz')).toBe('z#####z#####');
  });
});

describe('validation', () => {
  const error = (rules: ProcessingRule[]) => {
    try {
      compileRules(rules, md5);
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it('names the field and the rule broken', () => {
    expect(error([rule('Include', '.*'), rule('Mask', '(unclosed')])).toMatchObject({
      code: 'createValidationError',
      field: 'config.filters[1].regexp',
    });
    expect(error([rule('Mask', 'no-group')])).toMatchObject({
      field: 'config.filters[0].regexp',
      message: 'config.filters[0].regexp: a Mask rule needs a capture group: the part in ( ) is what gets replaced',
    });
    expect(error([rule('Hash', '(?:not-capturing)')])).toMatchObject({ field: 'config.filters[0].regexp' });
    expect(error([rule('Include', 'x', { name: 'n'.repeat(33) })])).toMatchObject({
      message: 'config.filters[0].name: must be at most 32 characters',
    });
    expect(error([rule('Include', '')])).toMatchObject({ message: 'config.filters[0].regexp: is required' });
    expect(error([{ ...rule('Include', 'x'), filterType: 'Drop' as ProcessingRule['filterType'] }])).toMatchObject({
      message: 'config.filters[0].filterType: must be one of Include, Exclude, Mask, Hash',
    });
    expect(error(Array.from({ length: 101 }, () => rule('Include', 'x')))).toMatchObject({
      message: 'config.filters: must have at most 100 rules',
    });
    expect(error(Array.from({ length: 100 }, () => rule('Include', 'x')))).toBeUndefined();
  });

  it('rejects what RE2 cannot run, such as backreferences', () => {
    expect(error([rule('Mask', '(a)\\1')])).toMatchObject({ field: 'config.filters[0].regexp' });
  });
});
