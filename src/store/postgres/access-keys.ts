import type pg from 'pg';
import { NotFoundError } from '../../core/errors.js';
import type { AccessKeysRepository } from '../repositories.js';
import { lastEnabledKeyError, lastUsedIsStale, newAccessKey, toAccessKey, verifiedKey } from '../rules.js';
import type { PostgresContext } from './context.js';

/**
 * Locks the enabled keys, then refuses when none but `accessId` would remain: two processes disabling the
 * last two keys at once take turns on the row locks, so the second sees the first's change.
 */
async function guardLastEnabled(client: pg.PoolClient, accessId: string): Promise<void> {
  const { rows } = await client.query<{ access_id: string }>('SELECT access_id FROM access_keys WHERE NOT disabled FOR UPDATE');
  if (!rows.some((r) => r.access_id !== accessId)) throw lastEnabledKeyError(accessId);
}

async function lockKey(client: pg.PoolClient, accessId: string) {
  const { rows } = await client.query('SELECT * FROM access_keys WHERE access_id = $1 FOR UPDATE', [accessId]);
  return rows[0] && toAccessKey(rows[0]);
}

export function createAccessKeys({ db, clock }: PostgresContext): AccessKeysRepository {
  return {
    async create(name, options = {}) {
      const { accessKey, salt, hash, record } = newAccessKey(name, options, clock.now());
      await db.rows(
        `INSERT INTO access_keys (access_id, name, salt, hash, created_at, created_by, modified_at, cors_headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [record.accessId, name, salt, hash, record.createdAt, record.createdBy, record.modifiedAt, JSON.stringify(record.corsHeaders)],
      );
      return { accessId: record.accessId, accessKey, record };
    },
    async verify(accessId, accessKey) {
      const record = verifiedKey((await db.rows('SELECT * FROM access_keys WHERE access_id = $1', [accessId]))[0], accessKey);
      if (record === undefined) return undefined;
      const now = clock.now();
      if (lastUsedIsStale(record, now)) {
        await db.rows('UPDATE access_keys SET last_used_at = $2 WHERE access_id = $1', [accessId, now]);
        record.lastUsedAt = now;
      }
      return record;
    },
    async list() {
      return (await db.rows('SELECT * FROM access_keys ORDER BY created_at, access_id')).map(toAccessKey);
    },
    async get(accessId) {
      const rows = await db.rows('SELECT * FROM access_keys WHERE access_id = $1', [accessId]);
      return rows[0] && toAccessKey(rows[0]);
    },
    update(accessId, change, guard = {}) {
      return db.tx(async (client) => {
        const current = await lockKey(client, accessId);
        if (!current) throw new NotFoundError(`access key ${accessId}`);
        if (guard.keepOneEnabled && change.disabled && !current.disabled) await guardLastEnabled(client, accessId);
        const corsHeaders = change.corsHeaders ?? current.corsHeaders;
        const now = clock.now();
        await client.query('UPDATE access_keys SET disabled = $2, cors_headers = $3, modified_at = $4 WHERE access_id = $1', [
          accessId,
          change.disabled,
          JSON.stringify(corsHeaders),
          now,
        ]);
        return { ...current, disabled: change.disabled, corsHeaders, modifiedAt: now };
      });
    },
    delete(accessId, guard = {}) {
      return db.tx(async (client) => {
        const current = await lockKey(client, accessId);
        if (!current) return false;
        if (guard.keepOneEnabled && !current.disabled) await guardLastEnabled(client, accessId);
        await client.query('DELETE FROM access_keys WHERE access_id = $1', [accessId]);
        return true;
      });
    },
  };
}
