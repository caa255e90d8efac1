import type { DataType } from './message.js';
import type { SourceConfig } from './source-config.js';

/** The source lifecycle (collector/state-machine.ts moves it), as Sumo Logic's hosted sources name their states. */
export type SourceStateName = 'Pending' | 'Started' | 'Initialized' | 'Authenticated' | 'Collecting' | 'Error' | 'Stopping';
/** Who is at fault when a source fails: its config or the Mimecast account, Mimecast, or this collector. */
export type HealthErrorType = 'ThirdPartyConfig' | 'ThirdPartyGeneric' | 'FirstPartyGeneric';

export interface SourceError {
  type: HealthErrorType;
  code: string;
  message: string;
  /** Until when retryable failures are retried at backoff speed; null once that budget is spent or for a config error. */
  retriesUntil: string | null;
}

/**
 * One data type of a collecting source: each runs, fails and retries on its own, so a type in Error (a
 * permission the Mimecast application lacks, an outage of one endpoint) never stops its siblings.
 */
export interface DataTypeState {
  state: 'Collecting' | 'Error';
  error?: SourceError;
  /** With Error: when the type is tried again (a backoff retry, or the slow probe of a stopped type). */
  nextAttemptAt?: string;
}

export interface SourceState {
  state: SourceStateName;
  error?: SourceError;
  /** While the source is Collecting (or in Error because every data type is): each data type's own state. */
  dataTypes?: Partial<Record<DataType, DataTypeState>>;
}

/** A stored source: its config (secret in plain text here; the stores keep it sealed) and the runtime's state. */
export interface SourceRecord {
  id: string;
  collectorId: string;
  config: SourceConfig;
  state: SourceState;
  /** Set when a DELETE has been asked for; the record disappears once its task has stopped. */
  deleting: boolean;
  /** Bumped by every update, restart and delete asked for: requests the collector runtime acts on. */
  generation: number;
  /** The last generation the runtime acted on (0 until it first has); only the runtime writes it. */
  observedGeneration: number;
  createdAt: number;
  version: number;
}

/** Per data type progress, shown as `collection` in the source's JSON. */
export interface CollectionStats {
  messages: number;
  dropped: number;
  lastMessageTime: number | null;
  lastPollAt: number | null;
}
