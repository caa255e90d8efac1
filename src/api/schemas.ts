import { type Static, type TLiteral, Type } from '@sinclair/typebox';
import { DATA_TYPES } from '../model/message.js';
import { MAX_MASK_LENGTH, MAX_REGEXP_LENGTH, MAX_RULE_NAME, MAX_RULES } from '../pipeline/rules.js';

/** Every request body the API takes, one TypeBox schema each (shared by routes, services and tests). */

function oneOf<const T extends readonly string[]>(values: T) {
  return Type.Union(values.map((v) => Type.Literal(v)) as TLiteral<T[number]>[]);
}

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

/** Custom field names: TypeBox does not check a record's keys, so services check them with checkNames(). */
export const FieldNameKey = nameString({ minLength: 1, maxLength: 128 });

/** Members of an object as GET returns it that a PUT may send back; they are ignored. */
const readOnly = Type.Optional(Type.Unknown());

const FieldsMap = Type.Record(FieldNameKey, Type.Union([Type.String({ maxLength: 1024 }), Type.Boolean()]), {
  maxProperties: 50,
});

export const CollectorBody = Type.Object(
  {
    collector: Type.Object(
      {
        collectorType: Type.Optional(Type.Literal('Hosted')),
        name: nameString({ minLength: 1 }),
        description: Type.Optional(Type.String()),
        category: Type.Optional(nameString({ maxLength: 1024 })),
        fields: Type.Optional(Type.Record(FieldNameKey, Type.String({ maxLength: 1024 }), { maxProperties: 50 })),
        id: readOnly,
        alive: readOnly,
        lastSeenAlive: readOnly,
        processes: readOnly,
        links: readOnly,
        createdAt: readOnly,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type CollectorBody = Static<typeof CollectorBody>;

export const ProcessingRuleSchema = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: MAX_RULE_NAME }),
    filterType: oneOf(['Include', 'Exclude', 'Mask', 'Hash'] as const),
    regexp: Type.String({ minLength: 1, maxLength: MAX_REGEXP_LENGTH }),
    mask: Type.Optional(Type.String({ maxLength: MAX_MASK_LENGTH })),
  },
  { additionalProperties: false },
);

/** The source config; its minimum polling interval is the server's (30 s, lower only for tests). */
export function sourceConfigSchema(minPollSec: number) {
  return Type.Object(
    {
      name: nameString({ minLength: 1, maxLength: 128 }),
      description: Type.Optional(Type.String({ maxLength: 1024 })),
      category: Type.Optional(nameString({ maxLength: 1024 })),
      fields: Type.Optional(FieldsMap),
      clientID: Type.String({ minLength: 1, maxLength: 256 }),
      clientSecret: Type.String({ minLength: 1, maxLength: 1024 }),
      dataCollection: Type.Array(oneOf(DATA_TYPES), { minItems: 1, uniqueItems: true }),
      filters: Type.Optional(Type.Array(ProcessingRuleSchema, { maxItems: MAX_RULES })),
      hashAlgorithm: Type.Optional(oneOf(['MD5', 'SHA-256'] as const)),
      region: Type.Optional(oneOf(['global', 'us', 'uk'] as const)),
      startTime: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
      pollingIntervalSec: Type.Optional(Type.Integer({ minimum: minPollSec, maximum: 86_400 })),
    },
    { additionalProperties: false },
  );
}

export function sourceBodySchema(minPollSec: number) {
  return Type.Object(
    {
      'api.version': Type.Optional(Type.Literal('v1')),
      source: Type.Object(
        {
          config: sourceConfigSchema(minPollSec),
          schemaRef: Type.Object(
            { type: Type.Literal('Mimecast'), version: Type.Optional(Type.String({ maxLength: 32 })) },
            { additionalProperties: false },
          ),
          sourceType: Type.Literal('Universal'),
          id: readOnly,
          name: readOnly,
          alive: readOnly,
          state: readOnly,
          health: readOnly,
          collection: readOnly,
          droppedFields: readOnly,
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );
}
export type SourceBody = Static<ReturnType<typeof sourceBodySchema>>;
export type SourceConfigBody = SourceBody['source']['config'];

export const FieldBody = Type.Object(
  {
    fieldName: Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[A-Za-z][A-Za-z0-9_]*$',
      description: 'must start with a letter and hold only letters, digits and _',
    }),
  },
  { additionalProperties: false },
);
export type FieldBody = Static<typeof FieldBody>;

export const HealthResourcesBody = Type.Object(
  {
    data: Type.Array(
      Type.Object(
        { id: Type.String({ minLength: 1, maxLength: 128 }), type: oneOf(['Source', 'Collector'] as const) },
        { additionalProperties: false },
      ),
      { maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
export type HealthResourcesBody = Static<typeof HealthResourcesBody>;

export const PageQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

/** Sumo's allowlist of origins for an access key. */
const CorsHeaders = Type.Array(
  Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$', description: 'must be a domain or origin without spaces' }),
  { maxItems: 50, uniqueItems: true },
);

export const AccessKeyCreateBody = Type.Object(
  { label: nameString({ minLength: 1, maxLength: 128 }), corsHeaders: Type.Optional(CorsHeaders) },
  { additionalProperties: false },
);
export type AccessKeyCreateBody = Static<typeof AccessKeyCreateBody>;

export const AccessKeyUpdateBody = Type.Object(
  { disabled: Type.Boolean(), corsHeaders: Type.Optional(CorsHeaders) },
  { additionalProperties: false },
);
export type AccessKeyUpdateBody = Static<typeof AccessKeyUpdateBody>;
