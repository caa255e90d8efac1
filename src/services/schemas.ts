import { type Static, type TLiteral, type TProperties, Type } from '@sinclair/typebox';
import { DATA_TYPES } from '../core/message.js';
import { MAX_MASK_LENGTH, MAX_REGEXP_LENGTH, MAX_RULE_NAME, MAX_RULE_SAMPLE_LENGTH, MAX_RULES } from '../pipeline/rules.js';
import { stripFieldPrefix } from './validate.js';

/**
 * Every schema the API declares: request bodies, path parameters, query strings and the main answers,
 * one TypeBox schema each (shared by routes, services and tests).
 */

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

export const CollectorBody = stripFieldPrefix(
  Type.Object(
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
  ),
  'collector.',
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
  const schema = Type.Object(
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
          generation: readOnly,
          observedGeneration: readOnly,
          health: readOnly,
          collection: readOnly,
          droppedFields: readOnly,
        },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false },
  );
  return stripFieldPrefix(schema, 'source.');
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

export const FolderBody = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    parentId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);
export type FolderBody = Static<typeof FolderBody>;

export const InstallBody = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    destinationFolderId: Type.String({ minLength: 1 }),
    dataSourceValues: Type.Object({ logsrc: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type InstallBody = Static<typeof InstallBody>;

/** A search bound as the Search Job API takes it (api.md): an ISO time, a relative time or epoch ms. */
const SearchTime = Type.Union([Type.String(), Type.Number()], { description: 'must be an ISO time or epoch milliseconds' });

/** The Search Job API body (api.md); unknown members are ignored, as Sumo Logic does. */
export const SearchJobBody = Type.Object({
  query: Type.String(),
  from: SearchTime,
  to: SearchTime,
  timeZone: Type.Optional(Type.String()),
  byReceiptTime: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  autoParsingMode: Type.Optional(Type.Union([Type.Literal('Manual'), Type.Literal('AutoParse')])),
});

/** POST /api/ui/panels/run: one dashboard panel's query with the dashboard's filter values. */
export const PanelRunBody = Type.Object({
  query: Type.String(),
  variables: Type.Optional(Type.Record(Type.String(), Type.String())),
  from: SearchTime,
  to: SearchTime,
  timeZone: Type.Optional(Type.String()),
});
export type PanelRunBody = Static<typeof PanelRunBody>;

export const SignInBody = Type.Object(
  { accessId: Type.String({ minLength: 1, maxLength: 256 }), accessKey: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

// The rule under the source schema's own limits; the sample at most as long as an event the rule test takes.
export const RuleTestBody = Type.Object(
  {
    rule: ProcessingRuleSchema,
    sample: Type.String({ maxLength: MAX_RULE_SAMPLE_LENGTH }),
    hashAlgorithm: Type.Optional(oneOf(['MD5', 'SHA-256'] as const)),
  },
  { additionalProperties: false },
);
export type RuleTestBody = Static<typeof RuleTestBody>;

export const IdParams = Type.Object({ id: Type.String() });
export const UuidParams = Type.Object({ uuid: Type.String() });
export const CollectorParams = Type.Object({ cid: Type.String() });
export const SourceParams = Type.Object({ cid: Type.String(), sid: Type.String() });

/**
 * Paging parameters are read by api/paging.ts (`pageNumber`), whose messages name the rule broken: a
 * repeated parameter arrives as an array and must reach it, so they are declared, not typed here.
 */
const PagingValue = Type.Optional(Type.Unknown());
export const OffsetLimitQuery = Type.Object({ offset: PagingValue, limit: PagingValue });
export const TokenLimitQuery = Type.Object({ token: PagingValue, limit: PagingValue });
export const SourceQuery = Type.Object({ download: Type.Optional(Type.Unknown()) });

/**
 * Answers: the envelope is declared, its items are not, and every object stays open to more members, so
 * serialising through a schema never drops a member clients see today. (Open in the JSON schema only: the
 * Static type keeps its named members, so a service's interface fits it.)
 */
function open<T extends TProperties>(properties: T) {
  return Object.assign(Type.Object(properties), { additionalProperties: true as const });
}
const OpenObject = Type.Unknown();
const NextToken = Type.Union([Type.String(), Type.Null()]);

export const CollectorAnswer = open({ collector: OpenObject });
export const CollectorListAnswer = open({ collectors: Type.Array(OpenObject) });
export const SourceListAnswer = open({ sources: Type.Array(OpenObject) });
export const FieldListAnswer = open({ data: Type.Array(OpenObject) });
export const PageAnswer = open({ data: Type.Array(OpenObject), next: NextToken });
export const AppListAnswer = open({ apps: Type.Array(OpenObject) });
export const SearchJobStatusAnswer = open({
  state: Type.String(),
  messageCount: Type.Number(),
  recordCount: Type.Number(),
  pendingErrors: Type.Array(Type.String()),
  pendingWarnings: Type.Array(Type.String()),
  histogramBuckets: Type.Array(Type.Unknown()),
});
