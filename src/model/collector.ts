/** Hosted collectors, and the `serve` processes that run them. */

export interface CollectorInput {
  name: string;
  description: string;
  category: string;
  fields: Record<string, string>;
}

export interface CollectorRecord extends CollectorInput {
  id: string;
  collectorType: 'Hosted';
  createdAt: number;
  /** Bumped on every change; the API's ETag is derived from it. */
  version: number;
}

/** A running `serve` process, as seen by the others. */
export interface ProcessRecord {
  holder: string;
  hostname: string;
  startedAt: number;
  lastSeenAlive: number;
}
