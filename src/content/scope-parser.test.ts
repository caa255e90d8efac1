import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { parseScopeExpression } from './scope-parser.js';

function failure(scope: string): AppError {
  try {
    parseScopeExpression(scope);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`accepted ${scope}`);
}

describe('scope expressions checked by the query parser', () => {
  it('accepts categories, metadata and boolean scopes', () => {
    for (const scope of ['_sourceCategory=Mimecast', '_sourceCategory="Mimecast EU" OR (_source=a AND NOT _collector=b)', '*']) {
      expect(() => parseScopeExpression(scope)).not.toThrow();
    }
  });

  it('rejects what does not parse, with the position in the scope as typed', () => {
    const error = failure('_sourceCategory=');
    expect(error.code).toBe('searchQueryError');
    expect(error.message).toMatch(/^column \d+: /);
  });
});
