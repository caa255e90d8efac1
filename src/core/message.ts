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
}

export const DATA_TYPES = ['siem', 'dlp', 'auditEvent', 'holdMessageList'] as const;
export type DataType = (typeof DATA_TYPES)[number];
