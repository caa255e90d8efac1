/**
 * What the pipeline hands to the store: one collected event, as text, with its metadata.
 * Column names in the store are documented in store/schema.ts.
 */
export interface Message {
  /** The event's JSON text as received, after processing rules. */
  raw: string;
  /** The event's own time, epoch ms (receipt time when the event has none). */
  messageTime: number;
  receiptTime: number;
  /** Unique within `sourceId`: the event's natural id, else a hash of canonical JSON + data type. */
  dedupeKey: string;
  sourceId: string;
  /** `_source`: the source's name. */
  source: string;
  sourceCategory: string;
  collector: string;
  /** `_sourceName`: the Mimecast data type (`siem`, `dlp`, `auditEvent`, `holdMessageList`) or an import's name. */
  sourceName: string;
  sourceHost: string;
  /** `_index`: `main` for collected messages, `sumologic_system_events` for health events. */
  index: string;
  /** Custom fields and `_siem*` fields, by name. */
  fields: Record<string, string>;
  /** `raw` parsed, when the pipeline has it: the store extracts its typed columns from it instead of parsing again. */
  parsed?: Record<string, unknown>;
}

export const DATA_TYPES = ['siem', 'dlp', 'auditEvent', 'holdMessageList'] as const;
export type DataType = (typeof DATA_TYPES)[number];

/**
 * The ten Cloud Gateway SIEM types, spelled as the batch endpoint's `type` parameter takes them. The order is
 * part of stored state (SIEM batch cursors keep an index into it): only ever append.
 */
export const SIEM_TYPES = [
  'receipt',
  'process',
  'delivery',
  'av',
  'spam',
  'internal email protect',
  'impersonation protect',
  'url protect',
  'attachment protect',
  'journal',
] as const;
export type SiemType = (typeof SIEM_TYPES)[number];

/**
 * One event as a source hands it to the pipeline: the client's output, the pipeline's input.
 * `data` is `raw` parsed (the pipeline reuses it when no rule rewrote the text, so events are parsed once).
 */
export interface RawEvent {
  /** The event's JSON text, kept as Mimecast sent it. */
  raw: string;
  data: Record<string, unknown>;
  /** Stable identity: the record `id` where Mimecast gives one, else a hash of canonical JSON + data type. */
  dedupeKey: string;
  /** The event's own time, epoch ms, or null when it has none. */
  time: number | null;
  /** `receipt`, `process`, `delivery`, `av`, `spam`, `url protect`, … for SIEM; `dlp`, `audit`, `hold` otherwise. */
  logType: string;
}
