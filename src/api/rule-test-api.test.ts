import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MASK_LENGTH, MAX_REGEXP_LENGTH, MAX_RULE_NAME } from '../model/source-config.js';
import { MAX_RULE_SAMPLE_LENGTH, maxRewrittenLength } from '../pipeline/rules.js';
import { startTestApi, type TestApi } from './test-helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const ruleTest = (body: Record<string, unknown>) =>
  api.app.inject({ method: 'POST', url: '/api/ui/processing-rules/test', headers: { authorization: api.auth }, payload: body });
const maskRule = (regexp: string, mask: string) => ({ name: 'm', filterType: 'Mask', regexp, mask });

describe('the rule-test endpoint has the limits of a source', () => {
  const refused: { name: string; body: Record<string, unknown>; field: string; rule: string }[] = [
    {
      name: 'a mask longer than a source allows (a 65 KB request answered 65 MB)',
      body: { rule: maskRule('(.)', '#'.repeat(1000)), sample: 'x'.repeat(65_000) },
      field: 'rule.mask',
      rule: `must be at most ${MAX_MASK_LENGTH} characters`,
    },
    {
      name: 'a rule name longer than a source allows',
      body: { rule: { ...maskRule('"a":"([^"]+)"', '#'), name: 'n'.repeat(MAX_RULE_NAME + 1) }, sample: '{}' },
      field: 'rule.name',
      rule: `must be at most ${MAX_RULE_NAME} characters`,
    },
    {
      name: 'an expression longer than a source allows',
      body: { rule: maskRule(`(${'a'.repeat(MAX_REGEXP_LENGTH)})`, '#'), sample: '{}' },
      field: 'rule.regexp',
      rule: `must be at most ${MAX_REGEXP_LENGTH} characters`,
    },
    {
      name: 'an unknown filter type',
      body: { rule: { ...maskRule('(a)', '#'), filterType: 'Replace' }, sample: '{}' },
      field: 'rule.filterType',
      rule: 'must be one of Include, Exclude, Mask, Hash',
    },
    {
      name: "a Mask '(.)' with a mask that grows every character",
      body: { rule: maskRule('(.)', '#'.repeat(100)), sample: 'abc' },
      field: 'rule.regexp',
      rule: 'matches a single character, and a mask of 100 characters would grow a message 100-fold (at most 4): match more context or use a shorter mask',
    },
    {
      name: 'a sample longer than the limit',
      body: { rule: maskRule('(a)', '#'), sample: 'a'.repeat(MAX_RULE_SAMPLE_LENGTH + 1) },
      field: 'sample',
      rule: `must be at most ${MAX_RULE_SAMPLE_LENGTH} characters`,
    },
  ];
  for (const c of refused) {
    it(`refuses ${c.name}`, async () => {
      const res = await ruleTest(c.body);
      expect(res.statusCode).toBe(400);
      // The field and the rule as data, named as this body names them, beside the Sumo message.
      expect(res.json()).toMatchObject({
        code: 'createValidationError',
        field: c.field,
        message: `${c.field}: ${c.rule}`,
        details: { rule: c.rule },
      });
    });
  }

  it('a sample the rule would grow past the limit is dropped, as a source would drop it, and the answer stays small', async () => {
    const sample = 'ab '.repeat(MAX_RULE_SAMPLE_LENGTH / 3);
    const res = await ruleTest({ rule: maskRule('([a-z]{2})', '#'.repeat(MAX_MASK_LENGTH)), sample });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ kept: false, matched: true, output: '' });
  });

  it('a rewrite within the limit is shown', async () => {
    const sample = '{"ip":"10.0.0.1"}';
    const res = await ruleTest({ rule: maskRule('"ip":"([^"]+)"', 'x'.repeat(MAX_MASK_LENGTH)), sample });
    expect(res.json()).toEqual({ kept: true, matched: true, output: `{"ip":"${'x'.repeat(MAX_MASK_LENGTH)}"}` });
    expect(res.json().output.length).toBeLessThanOrEqual(maxRewrittenLength(sample.length));
  });
});
