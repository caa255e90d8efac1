import { describe, expect, it } from 'vitest';
import { apiErrorOf } from './api.js';

describe('apiErrorOf', () => {
  it('reads the field and the rule of a validation error from the body', () => {
    const error = apiErrorOf(400, {
      status: 400,
      id: 'K3F9Q-2MZ8D-X0T1L',
      code: 'createValidationError',
      message: 'config.clientID: is required',
      field: 'config.clientID',
      details: { rule: 'is required' },
    });
    expect(error).toMatchObject({ status: 400, code: 'createValidationError', field: 'config.clientID', id: 'K3F9Q-2MZ8D-X0T1L' });
    expect(error.rule).toBe('is required');
    expect(error.position).toBeUndefined();
  });

  it('reads the position of a query error from its details', () => {
    const error = apiErrorOf(400, {
      status: 400,
      id: 'A',
      code: 'searchQueryError',
      message: 'line 2, column 7: unexpected end of query',
      details: { line: 2, column: 7, expected: null },
    });
    expect(error.position).toEqual({ line: 2, column: 7 });
    expect(error.field).toBeUndefined();
  });

  it('shows the whole message beside a field when no rule came, and copes with a body that is not ours', () => {
    const duplicate = apiErrorOf(400, {
      code: 'DuplicateResourceName',
      message: 'A resource with the same name already exists.',
      field: 'name',
    });
    expect(duplicate.rule).toBe('A resource with the same name already exists.');
    const foreign = apiErrorOf(502, '<html>Bad Gateway</html>');
    expect(foreign).toMatchObject({ status: 502, code: 'http', message: 'The server answered 502.', field: undefined, details: undefined });
  });
});
