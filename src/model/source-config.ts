import { type Static, Type } from '@sinclair/typebox';
import { ValidationError } from '../core/errors.js';
import { DATA_TYPES } from './message.js';
import { FieldNameKey, nameString } from './names.js';
import { resolveStartTime } from './time.js';
import { oneOf, validate, validateKeys } from './validate.js';

/**
 * A Mimecast source's config (docs/api.md): its one schema, its type, defaults and limits. The API, the
 * CLI, the collector and the UI's source form all take them from here.
 */

/** What the API shows instead of a secret; sent back in a PUT, it keeps the stored one. */
export const SECRET_MASK = '********';

export const MAX_SOURCE_NAME = 128;
export const MAX_DESCRIPTION = 1024;
export const MAX_CATEGORY = 1024;
export const MAX_CLIENT_ID = 256;
export const MAX_CLIENT_SECRET = 1024;
export const MAX_FIELDS = 50;
export const MAX_FIELD_VALUE = 1024;
export const MAX_START_TIME = 64;
export const MAX_RULES = 100;
export const MAX_RULE_NAME = 32;
export const MAX_REGEXP_LENGTH = 4096;
export const MAX_MASK_LENGTH = 128;
/** The server's smallest pollingIntervalSec unless a test lowers it (MC2C_MIN_POLL_SEC): a server setting, passed in. */
export const MIN_POLL_SEC = 30;
export const MAX_POLL_SEC = 86_400;

export const FILTER_TYPES = ['Include', 'Exclude', 'Mask', 'Hash'] as const;
export const HASH_ALGORITHMS = ['MD5', 'SHA-256'] as const;
/** Mimecast API 2.0 gateways (sources/mimecast/regions.ts has their URLs). */
export const REGIONS = ['global', 'us', 'uk'] as const;
export type Region = (typeof REGIONS)[number];

/** What a Mask rule writes when it names no mask. */
export const DEFAULT_MASK = '#####';

/** The documented defaults of every optional member. */
export const SOURCE_DEFAULTS = {
  description: '',
  category: '',
  hashAlgorithm: 'MD5',
  region: 'global',
  startTime: '-24h',
  pollingIntervalSec: 300,
} as const satisfies Partial<SourceConfig>;

export const ProcessingRuleSchema = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: MAX_RULE_NAME }),
    filterType: oneOf(FILTER_TYPES),
    regexp: Type.String({ minLength: 1, maxLength: MAX_REGEXP_LENGTH }),
    mask: Type.Optional(Type.String({ maxLength: MAX_MASK_LENGTH })),
  },
  { additionalProperties: false },
);
export type ProcessingRule = Static<typeof ProcessingRuleSchema>;

function buildSchema(minPollSec: number) {
  return Type.Object(
    {
      name: nameString({ minLength: 1, maxLength: MAX_SOURCE_NAME }),
      description: Type.Optional(Type.String({ maxLength: MAX_DESCRIPTION })),
      category: Type.Optional(nameString({ maxLength: MAX_CATEGORY })),
      fields: Type.Optional(
        Type.Record(FieldNameKey, Type.Union([Type.String({ maxLength: MAX_FIELD_VALUE }), Type.Boolean()]), {
          maxProperties: MAX_FIELDS,
        }),
      ),
      clientID: Type.String({ minLength: 1, maxLength: MAX_CLIENT_ID }),
      clientSecret: Type.String({ minLength: 1, maxLength: MAX_CLIENT_SECRET }),
      dataCollection: Type.Array(oneOf(DATA_TYPES), { minItems: 1, uniqueItems: true }),
      filters: Type.Optional(Type.Array(ProcessingRuleSchema, { maxItems: MAX_RULES })),
      hashAlgorithm: Type.Optional(oneOf(HASH_ALGORITHMS)),
      region: Type.Optional(oneOf(REGIONS)),
      startTime: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_START_TIME })),
      pollingIntervalSec: Type.Optional(Type.Integer({ minimum: minPollSec, maximum: MAX_POLL_SEC })),
    },
    { additionalProperties: false },
  );
}

/** The config as a client sends it: optional members may be left out. */
export type SourceConfigInput = Static<ReturnType<typeof buildSchema>>;
/** The config as it is stored and shown: every default filled in. `clientSecret` is plain text here (stores seal it). */
export type SourceConfig = Required<SourceConfigInput>;

const schemas = new Map<number, ReturnType<typeof buildSchema>>();
const wrapped = new Map<number, ReturnType<typeof wrap>>();

/** The schema of a config; its minimum polling interval is the server's (MIN_POLL_SEC, lower only for tests). */
export function sourceConfigSchema(minPollSec: number) {
  let schema = schemas.get(minPollSec);
  if (!schema) {
    schema = buildSchema(minPollSec);
    schemas.set(minPollSec, schema);
  }
  return schema;
}

// Under a `config` member, so errors name the field as the API does: `config.clientID: is required`.
function wrap(minPollSec: number) {
  return Type.Object({ config: sourceConfigSchema(minPollSec) });
}

export interface ParseSourceConfigOptions {
  /** The server's smallest pollingIntervalSec. */
  minPollSec: number;
  /** Epoch ms, to check that startTime resolves. */
  now: number;
  /** The stored secret when the config replaces a stored one: what SECRET_MASK stands for. */
  storedSecret?: string;
}

/**
 * Checks a config (shape, limits, and the rules that span fields) and fills the defaults. Errors name the
 * field and the rule broken (`config.startTime: …`). Processing rules are only checked for shape here: their
 * patterns are RE2, compiled by pipeline/rules.ts, which the caller runs on the result.
 */
export function parseSourceConfig(config: unknown, options: ParseSourceConfigOptions): SourceConfig {
  let schema = wrapped.get(options.minPollSec);
  if (!schema) {
    schema = wrap(options.minPollSec);
    wrapped.set(options.minPollSec, schema);
  }
  const c = validate<{ config: SourceConfigInput }>(schema, { config }).config;
  if (c.clientSecret === SECRET_MASK && options.storedSecret === undefined) {
    throw new ValidationError('config.clientSecret', `must be the secret itself, not ${SECRET_MASK}`);
  }
  const fields = c.fields ?? {};
  validateKeys(FieldNameKey, fields, 'config.fields');
  if ('_siemForward' in fields && typeof fields._siemForward !== 'boolean')
    throw new ValidationError('config.fields._siemForward', 'must be a boolean');
  const startTime = c.startTime ?? SOURCE_DEFAULTS.startTime;
  if (resolveStartTime(startTime, options.now) === null) {
    throw new ValidationError('config.startTime', 'must be a relative time like -7d or an ISO 8601 time');
  }
  const filters = c.filters ?? [];
  const seen = new Set<string>();
  filters.forEach((rule, i) => {
    if (seen.has(rule.name)) throw new ValidationError(`config.filters[${i}].name`, `repeats the rule name ${rule.name}`);
    seen.add(rule.name);
  });
  return {
    name: c.name,
    description: c.description ?? SOURCE_DEFAULTS.description,
    category: c.category ?? SOURCE_DEFAULTS.category,
    fields,
    clientID: c.clientID,
    clientSecret: c.clientSecret === SECRET_MASK && options.storedSecret !== undefined ? options.storedSecret : c.clientSecret,
    dataCollection: c.dataCollection,
    filters,
    hashAlgorithm: c.hashAlgorithm ?? SOURCE_DEFAULTS.hashAlgorithm,
    region: c.region ?? SOURCE_DEFAULTS.region,
    startTime,
    pollingIntervalSec: c.pollingIntervalSec ?? SOURCE_DEFAULTS.pollingIntervalSec,
  };
}

/** The config as the API shows it: the secret replaced by SECRET_MASK. */
export function maskedConfig(config: SourceConfig): SourceConfig {
  return { ...config, clientSecret: SECRET_MASK };
}
