import type { CollectorRecord } from './collector.js';
import type { HealthEventRecord } from './health-event.js';
import type { DataTypeState, SourceError, SourceState } from './source.js';
import type { SourceConfig } from './source-config.js';

/**
 * The JSON the API answers with for collectors, sources and health events (docs/api.md): the server
 * builds these (api/views.ts, collector/health.ts) and the UI reads them, through the same types.
 * Times are ISO 8601 text here, epoch ms in the records.
 */

/** The `serve` processes that run hosted collectors, as their heartbeats show them. */
export interface CollectorLiveness {
  alive: boolean;
  lastSeenAlive: string | null;
  processes: { name: string; hostname: string; alive: boolean; lastSeenAlive: string }[];
}

export interface CollectorView extends CollectorLiveness {
  id: string;
  name: string;
  description: string;
  category: string;
  fields: CollectorRecord['fields'];
  collectorType: CollectorRecord['collectorType'];
  createdAt: string;
  links: { rel: 'sources'; href: string }[];
}

/** Per data type progress and state: each data type of a source runs, fails and retries on its own. */
export interface CollectionView {
  /** `Pending` until the data type's loop runs (the source is not Collecting yet, or failed as a whole). */
  state: 'Pending' | DataTypeState['state'];
  messages: number;
  dropped: number;
  lastMessageTime: string | null;
  lastPollAt: string | null;
  /** Seconds from the newest collected event's time to now; null before the first event. */
  lagSec: number | null;
  /** With state Error: what failed, and when the data type is tried again. */
  error: SourceError | null;
  nextAttemptAt: string | null;
}

export interface SourceView {
  id: string;
  name: string;
  /** The secret shown as SECRET_MASK. */
  config: SourceConfig;
  schemaRef: { type: 'Mimecast'; version: string };
  sourceType: 'Universal';
  alive: boolean;
  /** The source's own state; its data types' states are under `collection`. */
  state: Omit<SourceState, 'dataTypes'>;
  /** Bumped by every update, restart and delete request; the runtime has acted once observedGeneration equals it. */
  generation: number;
  observedGeneration: number;
  health: { status: 'Healthy' | 'Warning' | 'Error'; errors: number; warnings: number };
  collection: Record<string, CollectionView>;
  /**
   * The source's Mimecast Event Push receiver, when it has one: its counts, never its token (only
   * `GET …/sources/{id}/push` shows that, to an administrator).
   */
  push: { messages: number; lastPushAt: string | null } | null;
  /** Custom fields the fields schema does not know: they are dropped from the source's messages. */
  droppedFields: string[];
}

/** A health event as the Health Events API shows it (and as its searchable message holds it). */
export interface HealthEventView {
  eventId: string;
  eventName: HealthEventRecord['eventName'];
  eventType: 'Health-Change';
  severityLevel: HealthEventRecord['severityLevel'];
  status: HealthEventRecord['status'];
  details: HealthEventRecord['details'];
  /** `Collection` for a source's events, `Monitors` for a monitor's. */
  subsystem: 'Collection' | 'Monitors';
  resourceIdentity: HealthEventRecord['resourceIdentity'];
  eventTime: string;
  resolvedTime?: string;
}

/** A source's Event Push receiver as the API shows it to an administrator (`GET …/sources/{id}/push`). */
export interface PushReceiverView {
  /** The receiver path with the token (PUSH_RECEIVER_PATH/<token>); the secret, shown to administrators only. */
  path: string;
  /** `path` on MC2C_PUBLIC_URL, when the server knows the address it is reached at; else null (the UI uses its own). */
  url: string | null;
  /** The token alone, for a client that sends it as `Authorization: Bearer <token>` or `Splunk <token>`. */
  token: string;
  createdAt: string;
  /** Messages stored from pushes since the receiver (or its token) was made; duplicates not counted. */
  messages: number;
  lastPushAt: string | null;
}
