import type pg from 'pg';
import {
  EXTRACTED_FIELDS,
  extractedText,
  MESSAGE_KEY_COLUMNS,
  METADATA_COLUMNS,
  type Message,
  PARTITION_COLUMN,
} from '../../model/message.js';
import { parsedOf } from '../rules.js';

/** Rows per INSERT statement: big enough to amortise the round trip, small enough to keep parameters modest. */
const CHUNK = 5_000;

interface Column {
  name: string;
  pgType: 'text' | 'bigint' | 'integer';
  value: (m: Message, parsed: Record<string, unknown> | undefined) => unknown;
}

const COLUMNS: readonly Column[] = [
  { name: MESSAGE_KEY_COLUMNS.sourceId, pgType: 'text', value: (m) => m.sourceId },
  { name: MESSAGE_KEY_COLUMNS.dedupeKey, pgType: 'text', value: (m) => m.dedupeKey },
  ...METADATA_COLUMNS.map((c): Column => ({ name: c.column, pgType: c.type, value: (m) => c.value(m) })),
  { name: MESSAGE_KEY_COLUMNS.fields, pgType: 'text', value: (m) => JSON.stringify(m.fields) },
  ...EXTRACTED_FIELDS.map((f): Column => ({ name: f.column, pgType: 'text', value: (_m, parsed) => extractedText(parsed?.[f.key]) })),
  { name: PARTITION_COLUMN, pgType: 'text', value: (m) => m.partition ?? null },
];

const names = COLUMNS.map((c) => c.name).join(', ');
const unnestArgs = COLUMNS.map((c, i) => `$${i + 2}::${c.pgType}[]`).join(', ');

/**
 * One statement per chunk: the rows arrive as one array per column (unnest), duplicates inside the chunk
 * keep their first occurrence, `message_keys` admits only keys never seen for the source, and only the
 * messages whose key it admitted are inserted. Concurrent writers of the same key serialise on the key's
 * unique index, so a replay is dropped however it races.
 */
const INSERT_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::integer[], ${unnestArgs}) AS t(ord, ${names})
), firsts AS (
  SELECT DISTINCT ON (source_id, dedupe_key) * FROM input ORDER BY source_id, dedupe_key, ord
), admitted AS (
  INSERT INTO message_keys (source_id, dedupe_key, messagetime)
  SELECT source_id, dedupe_key, messagetime FROM firsts
  ON CONFLICT DO NOTHING
  RETURNING source_id, dedupe_key
), stored AS (
  INSERT INTO messages (${names})
  SELECT ${COLUMNS.map((c) => `f.${c.name}`).join(', ')} FROM firsts f JOIN admitted a USING (source_id, dedupe_key)
  RETURNING messagetime
)
SELECT count(*)::integer AS n, max(messagetime) AS last FROM stored`;

export interface WriteResult {
  inserted: number;
  duplicates: number;
  /** The newest messagetime among the inserted messages. */
  lastMessageTime: number | null;
}

/** Writes messages on `client` (inside the caller's transaction). */
export async function writeMessages(client: pg.PoolClient, messages: readonly Message[]): Promise<WriteResult> {
  let inserted = 0;
  let lastMessageTime: number | null = null;
  for (let start = 0; start < messages.length; start += CHUNK) {
    const chunk = messages.slice(start, start + CHUNK);
    const arrays: unknown[][] = COLUMNS.map(() => new Array(chunk.length));
    const ord = new Array<number>(chunk.length);
    chunk.forEach((message, row) => {
      const parsed = parsedOf(message);
      ord[row] = start + row;
      for (let c = 0; c < COLUMNS.length; c++) arrays[c][row] = COLUMNS[c].value(message, parsed);
    });
    const { rows } = await client.query<{ n: number; last: number | null }>(INSERT_SQL, [ord, ...arrays]);
    inserted += rows[0].n;
    const last = rows[0].last;
    if (last !== null && (lastMessageTime === null || last > lastMessageTime)) lastMessageTime = last;
  }
  return { inserted, duplicates: messages.length - inserted, lastMessageTime };
}
