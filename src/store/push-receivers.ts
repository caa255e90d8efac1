import { createHash, timingSafeEqual } from 'node:crypto';
import type { PushReceiverRecord } from '../model/push.js';
import type { SecretBox } from './secrets.js';
import type { Row } from './store.js';

/**
 * The push receivers' table, shared by both stores. The token is kept twice: sealed (`secret`, bound to
 * the source id, so the API can show it again) and as its SHA-256 (`token_hash`), which a push is looked up
 * by without opening every sealed token; the tokens are 256 random bits, so the hash gives nothing away.
 */
export function pushReceiversDdl(dialect: 'duckdb' | 'postgres'): string[] {
  const text = dialect === 'duckdb' ? 'VARCHAR' : 'TEXT';
  return [
    `CREATE TABLE push_receivers (source_id ${text} PRIMARY KEY, token_hash ${text} NOT NULL, secret ${text} NOT NULL,
      created_at BIGINT NOT NULL, messages BIGINT NOT NULL, last_push_at BIGINT)`,
  ];
}

export function pushTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function toPushReceiver(row: Row, secrets: SecretBox): PushReceiverRecord {
  const sourceId = String(row.source_id);
  return {
    sourceId,
    token: secrets.open(String(row.secret), sourceId),
    createdAt: Number(row.created_at),
    messages: Number(row.messages),
    lastPushAt: row.last_push_at === null || row.last_push_at === undefined ? null : Number(row.last_push_at),
  };
}

/** The source of the first row (found by the token's hash) whose sealed token is `token`, compared in constant time. */
export function matchingSource(rows: readonly Row[], token: string, secrets: SecretBox): string | undefined {
  const given = Buffer.from(token, 'utf8');
  for (const row of rows) {
    const stored = Buffer.from(toPushReceiver(row, secrets).token, 'utf8');
    if (stored.length === given.length && timingSafeEqual(stored, given)) return String(row.source_id);
  }
  return undefined;
}
