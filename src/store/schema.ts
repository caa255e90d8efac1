import { EXTRACTED_FIELDS, MESSAGE_KEY_COLUMNS, METADATA_COLUMNS, type MetadataColumn, PARTITION_COLUMN } from '../model/message.js';

/**
 * DDL of the messages table for a dialect: the key columns, one column per metadata column and per
 * extracted field of the model (model/message.ts), and the custom fields. Both stores create it through
 * this function and the query compiler's tests load it, so the table the compiler targets is the table
 * the stores write.
 * `primaryKey: false` leaves out the (source_id, dedupe_key) key for a store that enforces that
 * uniqueness another way (DuckDB: a unique 128-bit hash of the pair in `message_keys`, several times
 * cheaper to maintain than an index over two text columns). `rawCompression` (DuckDB) fixes how `raw` is
 * compressed (store/duckdb/compression.ts).
 */
export function messagesTableDdl(dialect: 'duckdb' | 'postgres', options: { primaryKey?: boolean; rawCompression?: 'zstd' } = {}): string {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  const rawCompression = dialect === 'duckdb' ? options.rawCompression : undefined;
  const type = (t: MetadataColumn['type']) => (t === 'text' ? text : t === 'bigint' ? 'BIGINT' : 'INTEGER');
  const columns = [
    `${MESSAGE_KEY_COLUMNS.sourceId} ${text} NOT NULL`,
    `${MESSAGE_KEY_COLUMNS.dedupeKey} ${text} NOT NULL`,
    ...METADATA_COLUMNS.map(
      (c) =>
        `${c.column} ${type(c.type)}${c.column === 'raw' && rawCompression !== undefined ? ` USING COMPRESSION ${rawCompression}` : ''}${c.column === 'raw' || c.column === 'messagetime' || c.column === 'idx' ? ' NOT NULL' : ''}`,
    ),
    `${MESSAGE_KEY_COLUMNS.fields} ${text}`,
    ...EXTRACTED_FIELDS.map((f) => `${f.column} ${text}`),
    `${PARTITION_COLUMN} ${text}`,
  ];
  if (options.primaryKey !== false) columns.push('PRIMARY KEY (source_id, dedupe_key)');
  return `CREATE TABLE IF NOT EXISTS messages (\n  ${columns.join(',\n  ')}\n)`;
}
