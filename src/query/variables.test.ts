import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { compileQuery } from './index.js';
import { substituteVariables } from './variables.js';

describe('dashboard variables', () => {
  it('puts values in place, * when unset or blank, names in any case', () => {
    const query = 'x | where ("{{direction}}" = "*" or d matches "{{direction}}") and s matches "*@{{ sender_domain }}"';
    expect(substituteVariables(query, { direction: 'inbound' })).toBe(
      'x | where ("inbound" = "*" or d matches "inbound") and s matches "*@*"',
    );
    expect(substituteVariables(query, { DIRECTION: ' ', sender_domain: 'example.com' })).toBe(
      'x | where ("*" = "*" or d matches "*") and s matches "*@example.com"',
    );
  });

  it('keeps a value inside its string whatever it contains', () => {
    expect(substituteVariables('a matches "{{v}}"', { v: 'x" or true or "\\' })).toBe('a matches "x\\" or true or \\"\\\\"');
    expect(substituteVariables('a matches "{{v}}"', { v: 'x\n| count' })).toBe('a matches "x | count"');
  });

  it('writes a value outside a string as one word, or quoted when it is not one', () => {
    expect(substituteVariables('_sourceCategory={{c}} | count', { c: 'prod/app-1' })).toBe('_sourceCategory=prod/app-1 | count');
    expect(substituteVariables('_sourceCategory={{c}} | count', { c: 'a OR b' })).toBe('_sourceCategory="a OR b" | count');
    expect(substituteVariables('_sourceCategory={{c}} | count', { c: 'a//b' })).toBe('_sourceCategory="a//b" | count');
    expect(substituteVariables('x | where n > {{n}} | timeslice {{t}}', { n: '5', t: '1h' })).toBe('x | where n > 5 | timeslice 1h');
    expect(substituteVariables('x | where n > {{n}}', { n: '5 or true' })).toBe('x | where n > "5 or true"');
  });

  it('escapes a value for the regular expression or leaves a comment alone', () => {
    expect(substituteVariables('x | where a matches /{{v}}/', { v: 'a/b\\' })).toBe('x | where a matches /a\\/b\\\\/');
    expect(substituteVariables('x // {{v}} "\n| count', { v: 'y' })).toBe('x // {{v}} "\n| count');
  });

  it('refuses a quote in a value that stands in a single-quoted string, with its position', () => {
    const error = (() => {
      try {
        substituteVariables("x | split a delim='{{d}}'", { d: "'" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('searchQueryError');
    expect((error as AppError).details).toMatchObject({ line: 1, column: 20 });
  });

  it('is the compiler’s rule: an injection attempt stays one string value', () => {
    const options = { dialect: 'duckdb' as const, from: 0, to: 1 };
    const injected = compileQuery('x | json "a" as a | where a matches "{{v}}" | count', {
      ...options,
      variables: { v: '*" or true or a matches "*' },
    });
    expect(injected.text).toBe('x | json "a" as a | where a matches "*\\" or true or a matches \\"*" | count');
    expect(injected.params).toContain('%" or true or a matches "%');
  });
});
