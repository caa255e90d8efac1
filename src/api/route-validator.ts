import type { TSchema } from '@sinclair/typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { ValidationError } from '../core/errors.js';
import { firstViolation } from '../model/validate.js';

/**
 * Fastify's validator for the declared route schemas: TypeBox's check with validate()'s `field: rule`
 * error, so a schema on a route answers exactly the 400 its service would (Fastify's default, ajv, words
 * its errors its own way).
 */
export const routeValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  return (value) => {
    if (httpPart === 'body' && value === undefined) return { error: new ValidationError('body', 'is required') };
    const error = firstViolation(schema, value);
    return error ? { error } : { value };
  };
};
