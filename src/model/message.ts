/**
 * What the pipeline hands to the store: one collected event, as text, with its metadata.
 * Its columns in the messages table, and the query language's names for them, are METADATA_COLUMNS below.
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
  /** `_sourceName`: the Mimecast data type (one of DATA_TYPES) or an import's name. */
  sourceName: string;
  sourceHost: string;
  /** `_index`: MAIN_INDEX for collected messages, SYSTEM_EVENTS_INDEX for health events, AUDIT_INDEX for the audit log. */
  index: string;
  /** Custom fields and `_siem*` fields, by name. */
  fields: Record<string, string>;
  /** The partition the store routed it to (model/partition.ts); unset for the default partition. */
  partition?: string;
  /** `raw` parsed, when the pipeline has it: the store extracts its typed columns from it instead of parsing again. */
  parsed?: Record<string, unknown>;
}

/** Order may be stored state: only ever append. */
export const DATA_TYPES = [
  'siem',
  'dlp',
  'auditEvent',
  'holdMessageList',
  'ttpUrlLogs',
  'ttpAttachmentLogs',
  'ttpImpersonationLogs',
  'heldReleaseLogs',
  'archiveSearchLogs',
  'cloudIntegrated',
  'threatIntelFeed',
] as const;
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

export const MAIN_INDEX = 'main';
export const SYSTEM_EVENTS_INDEX = 'sumologic_system_events';
/** Where the audit log's messages go: one per state-changing API or control-socket request. */
export const AUDIT_INDEX = 'sumologic_audit';

/**
 * A metadata column of the messages table: the query language's built-in field, the column the stores
 * write and the compiler reads, and the one accessor that takes its value from a Message.
 */
export type MetadataColumn = {
  /** The field name in the query language (case-insensitive there). */
  field: string;
  column: string;
} & ({ type: 'text'; value(message: Message): string } | { type: 'bigint' | 'integer'; value(message: Message): number });

const utf8 = new TextEncoder();
let scratch = new Uint8Array(16_384);

/**
 * Bytes of a text in UTF-8, as node's Buffer.byteLength counts them, without node (this module is
 * browser-safe). Encoding into a reused buffer is as fast as Buffer.byteLength on the ingest path; a JS
 * loop over the characters is two to three times slower.
 */
export function utf8Length(text: string): number {
  const worst = text.length * 3;
  if (worst > 1 << 20) return utf8.encode(text).length;
  if (scratch.length < worst) scratch = new Uint8Array(worst);
  return utf8.encodeInto(text, scratch).written;
}

export const METADATA_COLUMNS: readonly MetadataColumn[] = [
  { field: '_raw', column: 'raw', type: 'text', value: (m) => m.raw },
  { field: '_messagetime', column: 'messagetime', type: 'bigint', value: (m) => m.messageTime },
  { field: '_receipttime', column: 'receipttime', type: 'bigint', value: (m) => m.receiptTime },
  { field: '_source', column: 'source', type: 'text', value: (m) => m.source },
  { field: '_sourcecategory', column: 'source_category', type: 'text', value: (m) => m.sourceCategory },
  { field: '_collector', column: 'collector', type: 'text', value: (m) => m.collector },
  { field: '_sourcename', column: 'source_name', type: 'text', value: (m) => m.sourceName },
  { field: '_sourcehost', column: 'source_host', type: 'text', value: (m) => m.sourceHost },
  { field: '_size', column: 'size', type: 'integer', value: (m) => utf8Length(m.raw) },
  { field: '_index', column: 'idx', type: 'text', value: (m) => m.index },
];

/** Other columns of the messages table: `source_id` + `dedupe_key` are unique together; `fields` is a JSON object text of custom fields. */
export const MESSAGE_KEY_COLUMNS = { sourceId: 'source_id', dedupeKey: 'dedupe_key', fields: 'fields' } as const;

/** The column of a message's partition (NULL: the default partition), last in the messages table. */
export const PARTITION_COLUMN = 'part_name';

/**
 * Top-level JSON keys of Mimecast events (API 2.0 and legacy 1.0 names) kept as typed text columns when a
 * message is stored (like Sumo Logic's field extraction rules), so that `json "eventType"` can read a column
 * instead of parsing `_raw` at query time. A column holds exactly what `json "<key>"` would give for that
 * key (see extractedText), so the answers are the same either way.
 */
export const EXTRACTED_FIELDS: readonly { key: string; column: string }[] = [
  // API 2.0 SIEM
  { key: 'eventType', column: 'x_eventtype' },
  { key: 'type', column: 'x_type' },
  { key: 'aggregateId', column: 'x_aggregateid' },
  { key: 'accountId', column: 'x_accountid' },
  { key: 'action', column: 'x_action' },
  { key: 'direction', column: 'x_direction' },
  { key: 'delivered', column: 'x_delivered' },
  { key: 'tlsUsed', column: 'x_tlsused' },
  { key: 'tlsVersion', column: 'x_tlsversion' },
  { key: 'tlsCipher', column: 'x_tlscipher' },
  { key: 'senderIp', column: 'x_senderip' },
  { key: 'destinationIp', column: 'x_destinationip' },
  { key: 'senderEnvelope', column: 'x_senderenvelope' },
  { key: 'recipients', column: 'x_recipients' },
  { key: 'rejectionType', column: 'x_rejectiontype' },
  { key: 'holdReason', column: 'x_holdreason' },
  { key: 'subject', column: 'x_subject' },
  { key: 'messageId', column: 'x_messageid' },
  // DLP, hold list, audit
  { key: 'policy', column: 'x_policy' },
  { key: 'route', column: 'x_route' },
  { key: 'senderAddress', column: 'x_senderaddress' },
  { key: 'recipientAddress', column: 'x_recipientaddress' },
  { key: 'reason', column: 'x_reason' },
  { key: 'auditType', column: 'x_audittype' },
  // legacy API 1.0 names used by Sumo Logic's Mimecast app
  { key: 'aCode', column: 'l_acode' },
  { key: 'Delivered', column: 'l_delivered' },
  { key: 'UseTls', column: 'l_usetls' },
  { key: 'Dir', column: 'l_dir' },
  { key: 'Act', column: 'l_act' },
  { key: 'TlsVer', column: 'l_tlsver' },
  { key: 'Rcpt', column: 'l_rcpt' },
];

/** The text `json "<key>"` yields for a top-level value: the rule every extracted column follows. */
export function extractedText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
