import { stat } from 'node:fs/promises';
import { AppError } from '../../core/errors.js';
import { DAY_MS, DEFAULT_PARTITION, retentionCutoff } from '../../model/partition.js';
import { type PartitionRouting, partitionBody, toPartition } from '../partition-routing.js';
import type { PartitionsRepository } from '../repositories.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

function duplicatePartition(name: string): AppError {
  return new AppError('DuplicateResourceName', `a partition named ${name} already exists`, { status: 400, field: 'name' });
}

/**
 * Partitions of the DuckDB store. Retention deletes rows and then checkpoints: DuckDB marks the blocks of
 * deleted rows free at the checkpoint and new messages reuse them, so the file stops growing (it does not
 * shrink). A dedupe key goes once its message time is older than the cutoff of the longest retention: no
 * partition keeps such a message, and routing refuses a replay of it before the dedupe check. The disk budget
 * (`dropOldestDay`) leaves the keys alone, so a replay of a message it dropped is still refused until then.
 */
export function createPartitions(ctx: DuckDbContext, routing: PartitionRouting, databaseFile: string): PartitionsRepository {
  const list = async () => (await ctx.all('SELECT id, name, body FROM partitions ORDER BY name')).map(toPartition);
  return {
    list,
    async get(id) {
      const rows = await ctx.all('SELECT id, name, body FROM partitions WHERE id = ?', [id]);
      return rows.length === 0 ? undefined : toPartition(rows[0]);
    },
    async put(record) {
      await ctx.transaction(async (c) => {
        if ((await all(c, 'SELECT 1 FROM partitions WHERE lower(name) = lower(?) AND id <> ?', [record.name, record.id])).length > 0) {
          throw duplicatePartition(record.name);
        }
        await exec(c, 'DELETE FROM partitions WHERE id = ?', [record.id]);
        await exec(c, 'INSERT INTO partitions VALUES (?, ?, ?)', [record.id, record.name, partitionBody(record)]);
      });
      routing.invalidate();
      return record;
    },
    async delete(id) {
      const deleted = (await ctx.exec('DELETE FROM partitions WHERE id = ?', [id])) > 0;
      routing.invalidate();
      return deleted;
    },
    async sizes() {
      const rows = await ctx.all(
        `SELECT coalesce(p.name, ?) AS name, sum(m.size) AS bytes FROM messages m LEFT JOIN partitions p ON p.name = m.part_name GROUP BY 1`,
        [DEFAULT_PARTITION],
      );
      return Object.fromEntries(rows.map((r) => [String(r.name), Number(r.bytes)]));
    },
    async sweep(now) {
      const partitions = await list();
      let deleted = 0;
      await ctx.serial(async (c) => {
        for (const p of partitions) {
          const cutoff = BigInt(Math.trunc(retentionCutoff(p, now)));
          deleted +=
            p.name === DEFAULT_PARTITION
              ? await exec(
                  c,
                  'DELETE FROM messages WHERE messagetime < ? AND (part_name IS NULL OR part_name NOT IN (SELECT name FROM partitions))',
                  [cutoff],
                )
              : await exec(c, 'DELETE FROM messages WHERE messagetime < ? AND part_name = ?', [cutoff, p.name]);
        }
        // The longest retention's cutoff: older messages are gone from every partition. Without the default
        // partition its messages (health events, audit log) are never swept, so neither are keys.
        const keyCutoff = Math.trunc(Math.min(...partitions.map((p) => retentionCutoff(p, now))));
        const keysDeleted = partitions.some((p) => p.name === DEFAULT_PARTITION)
          ? await exec(c, 'DELETE FROM message_keys WHERE t < ?', [BigInt(keyCutoff)])
          : 0;
        if (deleted > 0 || keysDeleted > 0) await exec(c, 'CHECKPOINT');
      });
      return deleted;
    },
    async diskBytes() {
      // Used blocks, not the file's size: the blocks of deleted rows are free for new data but stay in the file.
      const [row] = await ctx.all('SELECT block_size * used_blocks AS bytes FROM pragma_database_size()');
      const wal = await stat(`${databaseFile}.wal`).then(
        (info) => info.size,
        () => 0,
      );
      return Number(row.bytes) + wal;
    },
    dropOldestDay() {
      return ctx.serial(async (c) => {
        const [oldest] = await all(c, 'SELECT min(messagetime) AS t FROM messages');
        if (oldest.t === null) return undefined;
        const day = Math.floor(Number(oldest.t) / DAY_MS) * DAY_MS;
        const end = BigInt(day + DAY_MS);
        const [counted] = await all(c, 'SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM messages WHERE messagetime < ?', [end]);
        await exec(c, 'DELETE FROM messages WHERE messagetime < ?', [end]);
        await exec(c, 'CHECKPOINT');
        return { day, deleted: Number(counted.n), bytes: Number(counted.bytes) };
      });
    },
  };
}
