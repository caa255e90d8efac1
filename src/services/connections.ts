import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { SmtpSettings, SmtpStatus } from '../model/connection.js';
import {
  type ConnectionDefinition,
  type ConnectionHeader,
  type ConnectionRecord,
  isSecretHeader,
  type WebhookConnectionInput,
  WebhookConnectionSchema,
} from '../model/connection.js';
import { SECRET_MASK } from '../model/source-config.js';
import { validate } from '../model/validate.js';
import { sendEmail, smtpStatus } from '../monitors/email.js';
import { renderPayload } from '../monitors/payload.js';
import { checkDestination, sendWebhook, type WebhookPolicy } from '../monitors/webhook.js';
import type { Store } from '../store/store.js';
import { checkIfMatch, expectedVersionOf } from './context.js';
import { EmailTestBody } from './schemas.js';

/** Sumo Logic's Connections API (`WebhookConnection`): the API and the monitors read connections through this. */

export interface ConnectionJson {
  id: string;
  type: 'WebhookConnection';
  name: string;
  description: string;
  url: string;
  headers: ConnectionHeader[];
  customHeaders: ConnectionHeader[];
  defaultPayload: string;
  resolutionPayload?: string;
  webhookType: ConnectionRecord['webhookType'];
  connectionSubtype?: string;
  createdAt: string;
  createdBy: string;
  modifiedAt: string;
  modifiedBy: string;
  version: number;
}

const mask = (list: ConnectionHeader[]) => list.map((h) => (isSecretHeader(h.name) ? { name: h.name, value: SECRET_MASK } : h));

export function connectionJson(c: ConnectionRecord): ConnectionJson {
  return {
    id: c.id,
    type: 'WebhookConnection',
    name: c.name,
    description: c.description,
    url: c.url,
    headers: mask(c.headers),
    customHeaders: mask(c.customHeaders),
    defaultPayload: c.defaultPayload,
    ...(c.resolutionPayload === null ? {} : { resolutionPayload: c.resolutionPayload }),
    webhookType: c.webhookType,
    ...(c.connectionSubtype === null ? {} : { connectionSubtype: c.connectionSubtype }),
    createdAt: new Date(c.createdAt).toISOString(),
    createdBy: c.createdBy,
    modifiedAt: new Date(c.modifiedAt).toISOString(),
    modifiedBy: c.modifiedBy,
    version: c.version,
  };
}

/**
 * A header sent back as SECRET_MASK keeps the value stored under the same name (a GET, edited and PUT back,
 * changes nothing it did not touch); without a stored one the mask itself is refused.
 */
function unmask(list: ConnectionHeader[], stored: ConnectionHeader[] | undefined, field: string): ConnectionHeader[] {
  return list.map((h, i) => {
    if (h.value !== SECRET_MASK || !isSecretHeader(h.name)) return h;
    const kept = stored?.find((s) => s.name.toLowerCase() === h.name.toLowerCase());
    if (kept === undefined) throw new ValidationError(`${field}[${i}].value`, `must be the secret itself, not ${SECRET_MASK}`);
    return { name: h.name, value: kept.value };
  });
}

async function definitionOf(body: unknown, policy: WebhookPolicy, stored?: ConnectionRecord): Promise<ConnectionDefinition> {
  const input = validate<WebhookConnectionInput>(WebhookConnectionSchema, body);
  if (input.name.trim() === '') throw new ValidationError('name', 'must not be blank');
  await checkDestination(input.url, policy);
  return {
    name: input.name.trim(),
    description: input.description ?? '',
    url: input.url,
    headers: unmask(input.headers ?? [], stored?.headers, 'headers'),
    customHeaders: unmask(input.customHeaders ?? [], stored?.customHeaders, 'customHeaders'),
    defaultPayload: input.defaultPayload,
    resolutionPayload: input.resolutionPayload ?? null,
    webhookType: input.webhookType ?? 'Webhook',
    connectionSubtype: input.connectionSubtype ?? null,
  };
}

export const DEFAULT_CONNECTIONS_PAGE = 100;
export const MAX_CONNECTIONS_PAGE = 1000;

/** Sample values for the test call, so a receiver sees a payload of the shape a real alert has. */
const TEST_VARIABLES = {
  Name: 'Test notification',
  Description: 'A test of this connection from mimecast-c2c',
  MonitorType: 'Logs',
  Query: '_sourceCategory=mimecast',
  QueryURL: '/#/search',
  ResultsJson: [],
  NumQueryResults: 0,
  Id: '0000000000000000',
  DetectionMethod: 'StaticCondition',
  TriggerType: 'Critical',
  TriggerTimeRange: '-15m',
  TriggerTime: '1970-01-01T00:00:00.000Z',
  TriggerCondition: 'GreaterThan 0',
  TriggerValue: 0,
  TriggerTimeStart: '1970-01-01T00:00:00.000Z',
  TriggerTimeEnd: '1970-01-01T00:00:00.000Z',
  SourceURL: '/#/monitors',
  AlertResponseUrl: '/#/alerts',
};

export type ConnectionsService = ReturnType<typeof createConnectionsService>;

export function createConnectionsService(deps: { store: Store; policy: WebhookPolicy; smtp?: SmtpSettings }) {
  const { store, policy, smtp } = deps;
  const find = async (id: string) => {
    const found = await store.connections.get(id);
    if (found === undefined) throw new NotFoundError(`connection ${id}`);
    return found;
  };
  return {
    /** `GET /v1/connections?limit=&token=`: `token` is the opaque `next` of the previous page. */
    async listPage(query: { limit?: unknown; token?: unknown }): Promise<{ data: ConnectionJson[]; next: string | null }> {
      const limit = query.limit === undefined ? DEFAULT_CONNECTIONS_PAGE : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CONNECTIONS_PAGE) {
        throw new ValidationError('limit', `must be an integer from 1 to ${MAX_CONNECTIONS_PAGE}`);
      }
      const token = query.token === undefined ? '' : String(query.token);
      if (token !== '' && !/^\d{1,9}$/.test(token)) throw new ValidationError('token', 'is not a continuation token this API returned');
      const offset = token === '' ? 0 : Number(token);
      const all = await store.connections.list();
      return {
        data: all.slice(offset, offset + limit).map(connectionJson),
        next: offset + limit < all.length ? String(offset + limit) : null,
      };
    },
    async create(body: unknown, createdBy: string): Promise<ConnectionJson> {
      return connectionJson(await store.connections.create(await definitionOf(body, policy), createdBy));
    },
    async get(id: string): Promise<ConnectionJson> {
      return connectionJson(await find(id));
    },
    /** If-Match is checked when sent (Sumo's clients, Terraform among them, send none). */
    async update(id: string, body: unknown, ifMatch: string | undefined, modifiedBy: string): Promise<ConnectionJson> {
      const stored = await find(id);
      if (ifMatch !== undefined) checkIfMatch(ifMatch, stored.version);
      const definition = await definitionOf(body, policy, stored);
      return connectionJson(await store.connections.update(id, definition, modifiedBy, stored.version));
    },
    /** `DELETE /v1/connections/{id}?type=WebhookConnection`: Sumo's clients name the type. */
    /** With If-Match (its ETag), only while the connection is unchanged. */
    async delete(id: string, type: unknown, ifMatch?: string): Promise<void> {
      if (type !== 'WebhookConnection') throw new ValidationError('type', 'must be WebhookConnection');
      const stored = ifMatch === undefined ? undefined : await store.connections.get(id);
      const expected = stored === undefined ? undefined : expectedVersionOf(ifMatch, stored.version);
      if (!(await store.connections.delete(id, expected))) throw new NotFoundError(`connection ${id}`);
    },
    /** Whether the connection's notifications would be valid (monitors validate their connectionId with it). */
    async exists(id: string): Promise<boolean> {
      return (await store.connections.get(id)) !== undefined;
    },
    /**
     * `POST /v1/connections/test`: sends the definition's default payload, rendered with sample values, once
     * (no retries) and answers what the receiver said. A body with the `id` of a stored connection may send
     * its secret headers back masked.
     */
    async test(body: unknown): Promise<{ statusCode: number | null; responseContent: string }> {
      const id = (body as { id?: unknown } | null)?.id;
      const stored = typeof id === 'string' ? await store.connections.get(id) : undefined;
      const definition = await definitionOf(body, policy, stored);
      const result = await sendWebhook(
        { url: definition.url, headers: [...definition.headers, ...definition.customHeaders] },
        renderPayload(definition.defaultPayload, TEST_VARIABLES),
        policy,
      );
      return result.ok
        ? { statusCode: result.status, responseContent: result.body }
        : { statusCode: result.status, responseContent: result.error };
    },
    /** `GET /v1/connections/email`: the SMTP server e-mail notifications go through (never its password). */
    emailServer: (): SmtpStatus => smtpStatus(smtp),
    /** `POST /v1/connections/email/test`: one test message to `recipients`, answered like a webhook's test. */
    async testEmail(body: unknown): Promise<{ statusCode: number | null; responseContent: string }> {
      const { recipients } = validate<{ recipients: string[] }>(EmailTestBody, body);
      if (smtp === undefined) throw new ValidationError('recipients', 'no SMTP server is configured (MC2C_SMTP_HOST)');
      const result = await sendEmail(
        smtp,
        { to: recipients, subject: 'mimecast-c2c test notification', text: 'A test of the e-mail notifications of mimecast-c2c.' },
        // A test is no delivery: an id of its own, so that a receiver does not take it for a duplicate.
        randomBytes(8).toString('hex').toUpperCase(),
        policy.timeoutMs,
      );
      return result.ok
        ? { statusCode: result.status, responseContent: result.body }
        : { statusCode: result.status, responseContent: result.error };
    },
  };
}
