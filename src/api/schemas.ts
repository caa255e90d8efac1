import { type Static, Type } from '@sinclair/typebox';
import { FieldNameKey, nameString } from '../model/names.js';
import { sourceConfigSchema } from '../model/source-config.js';
import { oneOf } from '../model/validate.js';

/**
 * Every request body the API takes, one TypeBox schema each (shared by routes, services and tests). The
 * domain's own schemas (the source config, names) come from src/model/.
 */

/** Members of an object as GET returns it that a PUT may send back; they are ignored. */
const readOnly = Type.Optional(Type.Unknown());

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
