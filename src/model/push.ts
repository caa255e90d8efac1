/**
 * Mimecast Event Push: the receiver Mimecast POSTs events to (docs/api.md "Event Push receiver"). Its limits,
 * paths and the record the store keeps for a source's receiver live here, so the API, the services, the
 * store and the UI read one definition.
 */

/** A push body larger than this is refused with 413 before it is parsed. */
export const PUSH_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** A push of more events than this is refused with 413: Mimecast sends smaller requests, so this is a runaway client. */
export const PUSH_MAX_EVENTS = 10_000;
/** Random bytes in a push token (base64url: 43 characters). */
export const PUSH_TOKEN_BYTES = 32;
/** The receiver's path; the token is the last segment, or an `Authorization: Bearer|Splunk <token>` header on the path alone. */
export const PUSH_RECEIVER_PATH = '/receiver/v1/mimecast';
/** How long a sender is told to wait (Retry-After) when the store could not take a push. */
export const PUSH_RETRY_AFTER_SEC = 30;

/** The three payloads Mimecast's Event Push sends (Integrations Hub, "Event Push Integration"). */
export const PUSH_FORMATS = ['hec', 'ndjson', 'webhook'] as const;
export type PushFormat = (typeof PUSH_FORMATS)[number];

/** A source's push receiver as the store keeps it: the token sealed at rest, opened here. */
export interface PushReceiverRecord {
  sourceId: string;
  token: string;
  createdAt: number;
  /** Messages stored from pushes (duplicates not counted) since the receiver was created. */
  messages: number;
  /** When the last push that stored anything was committed; null before the first. */
  lastPushAt: number | null;
}

/** The receiver path that carries its own token. */
export function pushReceiverPath(token: string): string {
  return `${PUSH_RECEIVER_PATH}/${token}`;
}
