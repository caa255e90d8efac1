import { Type } from '@sinclair/typebox';

/**
 * What no name may hold: C0 and C1 control characters (NUL, the ESC that starts ANSI sequences, line
 * breaks), line and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069) that make a name display as something it is not.
 */
const NAME_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]*$';
const NAME_RULE = 'must not contain control characters or bidirectional formatting characters';

/** The one schema for a name (collector, source, category, rule, field, folder, access key label…). */
export function nameString(options: { minLength?: number; maxLength?: number } = {}) {
  return Type.String({ ...options, pattern: NAME_PATTERN, description: NAME_RULE });
}

const NAME_REGEXP = new RegExp(NAME_PATTERN, 'u');

/** The name rule for a name checked outside a schema (an imported file): the rule broken, or undefined. */
export function nameRuleBroken(name: string): string | undefined {
  return NAME_REGEXP.test(name) ? undefined : NAME_RULE;
}

export const MAX_FIELD_NAME = 128;

/** Custom field names: TypeBox does not check a record's keys, so callers check them with validateKeys(). */
export const FieldNameKey = nameString({ minLength: 1, maxLength: MAX_FIELD_NAME });
