import type { DuckDBConnection } from '@duckdb/node-api';
import { NotFoundError } from '../../core/errors.js';
import type { AccessKeysRepository } from '../repositories.js';
import { lastEnabledKeyError, lastUsedIsStale, newAccessKey, toAccessKey, verifiedKey } from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

/** Throws when the change would leave no enabled key; run inside the transaction that makes the change. */
async function guardLastEnabled(c: DuckDBConnection, accessId: string): Promise<void> {
  const [row] = await all(c, 'SELECT count(*) AS n FROM access_keys WHERE NOT disabled AND access_id <> ?', [accessId]);
  if (Number(row.n) === 0) throw lastEnabledKeyError(accessId);
}

async function readKey(c: DuckDBConnection, accessId: string) {
  const rows = await all(c, 'SELECT * FROM access_keys WHERE access_id = ?', [accessId]);
  return rows.length === 0 ? undefined : toAccessKey(rows[0]);
}

export function createAccessKeys(ctx: DuckDbContext): AccessKeysRepository {
  return {
    async create(name, options = {}) {
      const { accessKey, salt, hash, record } = newAccessKey(name, options, ctx.clock.now());
      await ctx.exec(
        `INSERT INTO access_keys (access_id, name, salt, hash, created_at, last_used_at, disabled, created_by, modified_at, cors_headers)
         VALUES (?, ?, ?, ?, ?, NULL, false, ?, ?, ?)`,
        [record.accessId, name, salt, hash, record.createdAt, record.createdBy, record.modifiedAt, JSON.stringify(record.corsHeaders)],
      );
      return { accessId: record.accessId, accessKey, record };
    },
    async verify(accessId, accessKey) {
      const record = verifiedKey((await ctx.all('SELECT * FROM access_keys WHERE access_id = ?', [accessId]))[0], accessKey);
      if (record === undefined) return undefined;
      const now = ctx.clock.now();
      if (lastUsedIsStale(record, now)) {
        await ctx.exec('UPDATE access_keys SET last_used_at = ? WHERE access_id = ?', [now, accessId]);
        record.lastUsedAt = now;
      }
      return record;
    },
    async list() {
      return (await ctx.all('SELECT * FROM access_keys ORDER BY created_at, access_id')).map(toAccessKey);
    },
    async get(accessId) {
      const rows = await ctx.all('SELECT * FROM access_keys WHERE access_id = ?', [accessId]);
      return rows.length === 0 ? undefined : toAccessKey(rows[0]);
    },
    update(accessId, change, guard = {}) {
      return ctx.transaction(async (c) => {
        const current = await readKey(c, accessId);
        if (!current) throw new NotFoundError(`access key ${accessId}`);
        if (guard.keepOneEnabled && change.disabled && !current.disabled) await guardLastEnabled(c, accessId);
        const corsHeaders = change.corsHeaders ?? current.corsHeaders;
        const now = ctx.clock.now();
        await exec(c, 'UPDATE access_keys SET disabled = ?, cors_headers = ?, modified_at = ? WHERE access_id = ?', [
          change.disabled,
          JSON.stringify(corsHeaders),
          now,
          accessId,
        ]);
        return { ...current, disabled: change.disabled, corsHeaders, modifiedAt: now };
      });
    },
    delete(accessId, guard = {}) {
      return ctx.transaction(async (c) => {
        const current = await readKey(c, accessId);
        if (!current) return false;
        if (guard.keepOneEnabled && !current.disabled) await guardLastEnabled(c, accessId);
        await exec(c, 'DELETE FROM access_keys WHERE access_id = ?', [accessId]);
        return true;
      });
    },
  };
}
