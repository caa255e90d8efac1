import { type Static, Type } from '@sinclair/typebox';
import { oneOf } from './validate.js';

/**
 * Alert connections in the shape of Sumo Logic's Connections API (`WebhookConnection`): where a monitor's
 * notifications go. Only webhooks are delivered today; every Sumo `webhookType` is a webhook with a payload.
 */

export const WEBHOOK_TYPES = ['Webhook', 'Slack', 'MicrosoftTeams', 'PagerDuty', 'Opsgenie'] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];
export const CONNECTION_SUBTYPES = ['Event', 'Incident'] as const;

export const MAX_CONNECTION_NAME = 128;
export const MAX_CONNECTION_DESCRIPTION = 1024;
export const MAX_URL_LENGTH = 2048;
export const MAX_HEADERS = 50;
/** A payload is a template of up to 64 KiB (Sumo's limit on a webhook payload is of the same order). */
export const MAX_PAYLOAD_LENGTH = 65_536;

/** Header names whose values are credentials: encrypted at rest, shown as SECRET_MASK. */
export const SECRET_HEADER_PATTERN =
  /^(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|.*(token|secret|password|apikey).*)$/i;

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER_PATTERN.test(name.trim());
}

export const HeaderSchema = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 256,
      pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
      description: 'must be an HTTP header name',
    }),
    value: Type.String({ maxLength: 8192 }),
  },
  { additionalProperties: false },
);
export type ConnectionHeader = Static<typeof HeaderSchema>;

/** A connection as a client sends it (POST, PUT and the test call). */
export const WebhookConnectionSchema = Type.Object(
  {
    type: Type.Literal('WebhookConnection'),
    name: Type.String({ minLength: 1, maxLength: MAX_CONNECTION_NAME }),
    description: Type.Optional(Type.String({ maxLength: MAX_CONNECTION_DESCRIPTION })),
    url: Type.String({ minLength: 1, maxLength: MAX_URL_LENGTH, pattern: '^https?://', description: 'must be an http or https URL' }),
    headers: Type.Optional(Type.Array(HeaderSchema, { maxItems: MAX_HEADERS })),
    customHeaders: Type.Optional(Type.Array(HeaderSchema, { maxItems: MAX_HEADERS })),
    defaultPayload: Type.String({ maxLength: MAX_PAYLOAD_LENGTH }),
    resolutionPayload: Type.Optional(Type.String({ maxLength: MAX_PAYLOAD_LENGTH })),
    webhookType: Type.Optional(oneOf(WEBHOOK_TYPES)),
    connectionSubtype: Type.Optional(oneOf(CONNECTION_SUBTYPES)),
    // Read-only members of a GET, accepted back on PUT and ignored.
    id: Type.Optional(Type.Unknown()),
    createdAt: Type.Optional(Type.Unknown()),
    createdBy: Type.Optional(Type.Unknown()),
    modifiedAt: Type.Optional(Type.Unknown()),
    modifiedBy: Type.Optional(Type.Unknown()),
    version: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type WebhookConnectionInput = Static<typeof WebhookConnectionSchema>;

/** What the store keeps: the definition with every header value in clear (the store seals the secret ones). */
export interface ConnectionDefinition {
  name: string;
  description: string;
  url: string;
  headers: ConnectionHeader[];
  customHeaders: ConnectionHeader[];
  defaultPayload: string;
  resolutionPayload: string | null;
  webhookType: WebhookType;
  connectionSubtype: (typeof CONNECTION_SUBTYPES)[number] | null;
}

export interface ConnectionRecord extends ConnectionDefinition {
  id: string;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
  version: number;
}

/** Sumo's default payload when a connection names none of its own (Sumo's UI pre-fills the same variables). */
export const DEFAULT_WEBHOOK_PAYLOAD = JSON.stringify({
  name: '{{Name}}',
  description: '{{Description}}',
  triggerType: '{{TriggerType}}',
  triggerTime: '{{TriggerTime}}',
  numQueryResults: '{{NumQueryResults}}',
  query: '{{Query}}',
  queryUrl: '{{QueryURL}}',
  alertResponseUrl: '{{AlertResponseUrl}}',
});

/** The SMTP server e-mail notifications go through (MC2C_SMTP_*, cli/config.ts; sent by monitors/email.ts). */
/** `tls`: TLS from the first byte (port 465); `starttls`: plain, then STARTTLS, which is required; `none`: never TLS. */
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Log in with these when set (MC2C_SMTP_USER, MC2C_SMTP_PASSWORD). */
  user?: string;
  password?: string;
  /** The From address of every notification (MC2C_SMTP_FROM). */
  from: string;
  /**
   * A PEM file of the certificate authorities to trust for the SMTP server's certificate instead of the
   * system's (MC2C_SMTP_CA_FILE), for a server with a private CA or a self-signed certificate. The
   * certificate is verified either way.
   */
  caFile?: string;
}

/** What the server shows about its SMTP server (never the password). */
export interface SmtpStatus {
  configured: boolean;
  host?: string;
  port?: number;
  security?: SmtpSecurity;
  from?: string;
  authenticated?: boolean;
}
