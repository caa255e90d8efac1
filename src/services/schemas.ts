import { type Static, type TProperties, Type } from '@sinclair/typebox';
import { EMAIL_ADDRESS_PATTERN, MAX_EMAIL_RECIPIENTS } from '../model/monitor.js';
import { FieldNameKey, nameString } from '../model/names.js';
import { HASH_ALGORITHMS, ProcessingRuleSchema, sourceConfigSchema } from '../model/source-config.js';
import { oneOf, stripFieldPrefix } from '../model/validate.js';
import { MAX_RULE_SAMPLE_LENGTH } from '../pipeline/rules.js';

/**
 * Every schema the API declares: request bodies, path parameters, query strings and the main answers,
 * one TypeBox schema each (shared by routes, services and tests). The domain's own schemas (the source
 * config, processing rules, names) come from src/model/.
 */

/** Members of an object as GET returns it that a PUT may send back; they are ignored. */
const readOnly = Type.Optional(Type.Unknown());

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
          push: readOnly,
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
        { id: Type.String({ minLength: 1, maxLength: 128 }), type: oneOf(['Source', 'Collector', 'Monitor'] as const) },
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

/** Sumo's UpdateFolderRequest, also the UI's rename of any item. */
export const ContentRenameBody = Type.Object(
  { name: nameString({ minLength: 1, maxLength: 255 }), description: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false },
);
export type ContentRenameBody = Static<typeof ContentRenameBody>;

export const ImportQuery = Type.Object({ overwrite: Type.Optional(oneOf(['true', 'false'] as const)) });
export const ContentPathQuery = Type.Object({ path: Type.String({ minLength: 1, maxLength: 4096 }) });
export const CopyQuery = Type.Object({ destinationFolder: Type.String({ minLength: 1 }) });
export const MoveQuery = Type.Object({ destinationFolderId: Type.String({ minLength: 1 }) });
export const FolderJobParams = Type.Object({ folderId: Type.String(), jobId: Type.String() });
export const ContentJobParams = Type.Object({ id: Type.String(), jobId: Type.String() });
export const FolderIdParams = Type.Object({ folderId: Type.String() });

export const InstallBody = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    destinationFolderId: Type.String({ minLength: 1 }),
    dataSourceValues: Type.Object({ logsrc: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
    /** The detection pack's embargoed countries (ISO 3166-1 alpha-2); default DEFAULT_EMBARGOED_COUNTRIES. */
    embargoedCountries: Type.Optional(
      Type.Array(Type.String({ pattern: '^[A-Z]{2}$', description: 'must be an ISO 3166-1 alpha-2 country code such as IR' }), {
        minItems: 1,
        maxItems: 250,
        uniqueItems: true,
      }),
    ),
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
    hashAlgorithm: Type.Optional(oneOf(HASH_ALGORITHMS)),
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
/** model/api-views.ts PushReceiverView. */
export const PushReceiverAnswer = Type.Object({
  receiver: Type.Object({
    path: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    token: Type.String(),
    createdAt: Type.String(),
    messages: Type.Number(),
    lastPushAt: Type.Union([Type.String(), Type.Null()]),
  }),
});
export const PushAnswer = Type.Object({ text: Type.String(), code: Type.Number(), inserted: Type.Number(), duplicates: Type.Number() });
export const PushTokenParams = Type.Object({ token: Type.String() });
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

/** Monitors and connections (Sumo's Monitor Management and Connections APIs); their bodies are model/ schemas. */
export { WebhookConnectionSchema as ConnectionBody } from '../model/connection.js';

export const EmailTestBody = Type.Object(
  {
    recipients: Type.Array(Type.String({ pattern: EMAIL_ADDRESS_PATTERN, maxLength: 254, description: 'must be an e-mail address' }), {
      minItems: 1,
      maxItems: MAX_EMAIL_RECIPIENTS,
    }),
  },
  { additionalProperties: false },
);
export const ConnectionDeleteQuery = Type.Object({ type: Type.Optional(Type.String()) });
/** `status` is checked by the alerts service, which names the values it takes. */
export const AlertListQuery = Type.Object({
  token: PagingValue,
  limit: PagingValue,
  status: Type.Optional(Type.String({ maxLength: 16 })),
  monitorId: Type.Optional(Type.String({ maxLength: 64 })),
});
export const AlertListAnswer = open({ data: Type.Array(OpenObject), total: Type.Number(), next: NextToken });
export const MonitorCreateQuery = Type.Object({ parentId: Type.Optional(Type.String({ maxLength: 64 })) });
/** The service validates the rest by `type` (a folder or a monitor), naming the field at fault. */
export const MonitorItemBody = Type.Object({ type: oneOf(['MonitorsLibraryFolder', 'MonitorsLibraryMonitor'] as const) });
