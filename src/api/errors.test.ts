import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../core/errors.js';
import { queryError } from '../query/errors.js';
import { toErrorResponse } from './errors.js';

describe('toErrorResponse', () => {
  it('passes a 4xx error’s field and details on beside the message', () => {
    expect(toErrorResponse(new ValidationError('config.clientID', 'is required'))).toEqual({
      status: 400,
      code: 'createValidationError',
      message: 'config.clientID: is required',
      field: 'config.clientID',
      details: { rule: 'is required' },
    });
    expect(toErrorResponse(queryError({ line: 2, column: 7, offset: 9 }, 'unexpected end of query', 'a field'))).toEqual({
      status: 400,
      code: 'searchQueryError',
      message: 'line 2, column 7: unexpected end of query; expected a field',
      details: { line: 2, column: 7, expected: 'a field' },
    });
  });

  it('keeps Sumo’s four members alone when there is nothing to point at', () => {
    expect(toErrorResponse(new AppError('forbidden', 'An If-Match header is required.'))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'An If-Match header is required.',
    });
  });

  it('never lets the field or details of a 5xx error out', () => {
    const lost = new AppError('lease.lost', 'the lease of source s1 has moved on', {
      field: 'sourceId',
      details: { holder: 'host-a:123' },
    });
    expect(toErrorResponse(lost)).toEqual({ status: 500, code: 'internal.error', message: 'An internal error occurred.' });
  });
});
