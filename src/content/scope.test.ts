import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { checkScopeShape, substituteLogsrc } from '../model/scope.js';
import { applyVariables } from './variables.js';

function rejection(scope: string): string {
  try {
    checkScopeShape(scope);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).field).toBe('dataSourceValues.logsrc');
    return (error as AppError).message;
  }
  throw new Error(`accepted ${JSON.stringify(scope)}`);
}

describe('data source scopes', () => {
  it('accepts source categories and custom scope expressions', () => {
    expect(checkScopeShape('  _sourceCategory=Mimecast ')).toBe('_sourceCategory=Mimecast');
    expect(checkScopeShape('(_sourceCategory=mimecast/* OR _source="a|b") NOT _collector=test')).toBe(
      '(_sourceCategory=mimecast/* OR _source="a|b") NOT _collector=test',
    );
    expect(checkScopeShape('"quoted \\" // not a comment"')).toBe('"quoted \\" // not a comment"');
  });

  it('rejects anything that could step out of its place in the query', () => {
    expect(rejection('_sourceCategory=x | count')).toMatch(/'\|' at column 19/);
    expect(rejection('_sourceCategory=x // rest')).toMatch(/comment/);
    expect(rejection('_sourceCategory=x /* rest')).toMatch(/comment/);
    expect(rejection('_sourceCategory=(/* x')).toMatch(/comment/);
    expect(rejection('_sourceCategory=x) OR (*')).toMatch(/unmatched '\)' at column 18/);
    expect(rejection('(_sourceCategory=x')).toMatch(/unmatched '\('/);
    expect(rejection('_sourceCategory="x')).toMatch(/unterminated/);
    expect(rejection('a\n| count')).toMatch(/one line/);
    expect(rejection('{{direction}}')).toMatch(/placeholder/);
    expect(rejection('$$logsrc')).toMatch(/placeholder/);
    expect(rejection('   ')).toMatch(/must not be empty/);
  });

  it('substitutes the scope in parentheses, literally', () => {
    expect(substituteLogsrc('$$logsrc | count', 'a OR b')).toBe('(a OR b) | count');
    expect(substituteLogsrc('$$logsrc | count', '"$&$1"')).toBe('("$&$1") | count');
  });
});

describe('dashboard variables', () => {
  it('puts values in place, * when unset or blank', () => {
    const query = 'x | where ("{{direction}}" = "*" or d matches "{{direction}}") and s matches "*@{{ sender_domain }}"';
    expect(applyVariables(query, { direction: 'inbound' })).toBe('x | where ("inbound" = "*" or d matches "inbound") and s matches "*@*"');
    expect(applyVariables(query, { direction: ' ', sender_domain: 'example.com' })).toBe(
      'x | where ("*" = "*" or d matches "*") and s matches "*@example.com"',
    );
  });

  it('keeps a value inside its string whatever it contains', () => {
    expect(applyVariables('a matches "{{v}}"', { v: 'x" or true or "\\' })).toBe('a matches "x\\" or true or \\"\\\\"');
    expect(applyVariables('a matches "{{v}}"', { v: 'x\n| count' })).toBe('a matches "x | count"');
  });
});
