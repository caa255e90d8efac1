/**
 * The messages table, shared by both stores and by the query compiler.
 *
 * Metadata columns map one-to-one to the query language's built-in fields. Hot Mimecast fields are
 * also extracted into typed columns when a message is stored (like Sumo Logic's field extraction rules),
 * so that `json "eventType"` can read a column instead of parsing `_raw` at query time. An extracted
 * column holds exactly what `json "<key>"` would give for that top-level key (scalar as text; objects
 * and arrays as their JSON text; JSON null/absent as SQL NULL), so the answers are the same either way.
 */

export interface MetadataColumn {
  /** The field name in the query language (case-insensitive there). */
  field: string;
  column: string;
  type: 'text' | 'bigint' | 'integer';
}

export const METADATA_COLUMNS: readonly MetadataColumn[] = [
  { field: '_raw', column: 'raw', type: 'text' },
  { field: '_messagetime', column: 'messagetime', type: 'bigint' },
  { field: '_receipttime', column: 'receipttime', type: 'bigint' },
  { field: '_source', column: 'source', type: 'text' },
  { field: '_sourcecategory', column: 'source_category', type: 'text' },
  { field: '_collector', column: 'collector', type: 'text' },
  { field: '_sourcename', column: 'source_name', type: 'text' },
  { field: '_sourcehost', column: 'source_host', type: 'text' },
  { field: '_size', column: 'size', type: 'integer' },
  { field: '_index', column: 'idx', type: 'text' },
];

/** Other columns of the messages table: `source_id` + `dedupe_key` are unique together; `fields` is a JSON object text of custom fields. */
export const MESSAGE_KEY_COLUMNS = { sourceId: 'source_id', dedupeKey: 'dedupe_key', fields: 'fields' } as const;

/** Top-level JSON keys of Mimecast events (API 2.0 and legacy 1.0 names) kept as typed text columns. */
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

export const SYSTEM_EVENTS_INDEX = 'sumologic_system_events';
/** Where the audit log's messages go: one per state-changing API or control-socket request. */
export const AUDIT_INDEX = 'sumologic_audit';
export const MAIN_INDEX = 'main';

/**
 * DDL of the messages table for a dialect. Both stores create it through this function and the query
 * compiler's tests load it, so the table the compiler targets is the table the stores write.
 * `primaryKey: false` leaves out the (source_id, dedupe_key) key for a store that enforces that
 * uniqueness another way (DuckDB: a unique 128-bit hash of the pair in `message_keys`, several times
 * cheaper to maintain than an index over two text columns).
 */
export function messagesTableDdl(dialect: 'duckdb' | 'postgres', options: { primaryKey?: boolean } = {}): string {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const type = (t: MetadataColumn['type']) => (t === 'text' ? text : t === 'bigint' ? 'BIGINT' : 'INTEGER');
  const columns = [
    `source_id ${text} NOT NULL`,
    `dedupe_key ${text} NOT NULL`,
    ...METADATA_COLUMNS.map(
      (c) => `${c.column} ${type(c.type)}${c.column === 'raw' || c.column === 'messagetime' || c.column === 'idx' ? ' NOT NULL' : ''}`,
    ),
    `fields ${text}`,
    ...EXTRACTED_FIELDS.map((f) => `${f.column} ${text}`),
  ];
  if (options.primaryKey !== false) columns.push('PRIMARY KEY (source_id, dedupe_key)');
  return `CREATE TABLE IF NOT EXISTS messages (\n  ${columns.join(',\n  ')}\n)`;
}
