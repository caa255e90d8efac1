import { type TLiteral, type TSchema, Type } from '@sinclair/typebox';
import { type ValueError, ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { ValidationError } from '../core/errors.js';

/** A union of string literals: its error names the values allowed (`must be one of MD5, SHA-256`). */
export function oneOf<const T extends readonly string[]>(values: T) {
  return Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[]);
}

/** `/source/config/dataCollection/2` → `config.dataCollection[2]` (with `source.` stripped). */
export function fieldPath(pointer: string, strip: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path === '' ? part : `.${part}`;
  }
  if (strip && path.startsWith(strip)) path = path.slice(strip.length);
  return path === '' ? 'body' : path;
}

function literals(schema: TSchema): unknown[] | undefined {
  const anyOf = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!Array.isArray(anyOf) || !anyOf.every((s) => 'const' in s)) return undefined;
  return anyOf.map((s) => (s as unknown as { const: unknown }).const);
}

/** The rule a value broke, in the words users read in `field: rule`. */
export function describeError(error: ValueError): string {
  const s = error.schema as Record<string, unknown>;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return 'unknown field';
    case ValueErrorType.Union: {
      const values = literals(error.schema);
      return values ? `must be one of ${values.join(', ')}` : ((s.description as string | undefined) ?? 'has an invalid value');
    }
    case ValueErrorType.Literal:
      return `must be ${String(s.const)}`;
    case ValueErrorType.String:
      return 'must be a string';
    case ValueErrorType.Integer:
      return 'must be an integer';
    case ValueErrorType.Number:
      return 'must be a number';
    case ValueErrorType.Boolean:
      return 'must be a boolean';
    case ValueErrorType.Object:
      return 'must be an object';
    case ValueErrorType.Array:
      return 'must be an array';
    case ValueErrorType.StringMinLength:
      return s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`;
    case ValueErrorType.StringMaxLength:
      return `must be at most ${s.maxLength} characters`;
    case ValueErrorType.StringPattern:
      return (s.description as string | undefined) ?? `must match ${String(s.pattern)}`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be at least ${s.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be at most ${s.maximum}`;
    case ValueErrorType.ArrayMinItems:
      return s.minItems === 1 ? 'must not be empty' : `must have at least ${s.minItems} items`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${s.maxItems} items`;
    case ValueErrorType.ArrayUniqueItems:
      return 'must not repeat a value';
    case ValueErrorType.ObjectMaxProperties:
      return `must have at most ${s.maxProperties} entries`;
    default:
      return error.message.toLowerCase();
  }
}

/**
 * Checks `value` against `schema` and returns it typed, or throws a ValidationError naming the first
 * offending field (`config.dataCollection[2]: must be one of siem, dlp, …` listing DATA_TYPES).
 */
export function validate<T>(schema: TSchema, value: unknown, strip = ''): T {
  if (value === undefined) throw new ValidationError('body', 'is required');
  const first = Value.Errors(schema, value).First();
  if (first) throw new ValidationError(fieldPath(first.path, strip), describeError(first));
  return value as T;
}

/** TypeBox checks a record's values, not its keys: this checks each key against `keySchema`. */
export function validateKeys(keySchema: TSchema, record: Record<string, unknown> | undefined, field: string): void {
  for (const key of Object.keys(record ?? {})) {
    const first = Value.Errors(keySchema, key).First();
    // The key itself is not quoted back: it may be the very control text being refused.
    if (first) throw new ValidationError(field, `names ${describeError(first)}`);
  }
}

/** The prefix a body's field paths lose in messages (`source.config.name` reads `config.name`), by schema. */
const fieldPrefixes = new WeakMap<TSchema, string>();

/** Marks `schema` so its errors name fields without `prefix` (a wrapper member like `source.`). */
export function stripFieldPrefix<T extends TSchema>(schema: T, prefix: string): T {
  fieldPrefixes.set(schema, prefix);
  return schema;
}

/** The first rule `value` breaks, as the ValidationError validate() throws; undefined when it passes. */
export function firstViolation(schema: TSchema, value: unknown): ValidationError | undefined {
  const first = Value.Errors(schema, value).First();
  return first ? new ValidationError(fieldPath(first.path, fieldPrefixes.get(schema) ?? ''), describeError(first)) : undefined;
}
