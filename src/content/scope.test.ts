import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { checkScopeShape, substituteLogsrc } from '../model/scope.js';

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
