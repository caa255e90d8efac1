import { AppError } from '../../core/errors.js';
import { DEFAULT_PARTITION, retentionCutoff } from '../../model/partition.js';
import { partitionBody, toPartition } from '../partition-routing.js';
import type { PartitionsRepository } from '../repositories.js';
import type { PostgresContext } from './context.js';
import { isUniqueViolation } from './db.js';
import { DAY_MS, dayOf } from './partitions.js';

function duplicatePartition(name: string): AppError {
  return new AppError('DuplicateResourceName', `a partition named ${name} already exists`, { status: 400, field: 'name' });
}

/**
 * Sumo's partitions on PostgreSQL (not to be confused with the day partitions of the messages table,
 * partitions.ts). Retention drops the whole days older than every partition's cutoff (free at once,
 * their dedupe keys with them) and deletes the rows of the days that only some partitions no longer keep
 * (their space is reused after autovacuum).
 */
export function createPartitions({ db, routing, partitions: days }: PostgresContext): PartitionsRepository {
  const list = async () => (await db.rows('SELECT id, name, body FROM partitions ORDER BY name')).map(toPartition);
  return {
    list,
    async get(id) {
      const rows = await db.rows('SELECT id, name, body FROM partitions WHERE id = $1', [id]);
      return rows.length === 0 ? undefined : toPartition(rows[0]);
    },
    /** The unique index on lower(name) makes the name check race-free across processes. */
    async put(record) {
      try {
        await db.rows(
          `INSERT INTO partitions (id, name, body) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, body = EXCLUDED.body`,
          [record.id, record.name, partitionBody(record)],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicatePartition(record.name);
        throw error;
      }
      routing.invalidate();
      return record;
    },
    async delete(id) {
      const deleted = (await db.count('DELETE FROM partitions WHERE id = $1', [id])) > 0;
      routing.invalidate();
      return deleted;
    },
    async sizes() {
      const rows = await db.rows<{ name: string; bytes: string }>(
        `SELECT coalesce(p.name, $1) AS name, sum(m.size) AS bytes FROM messages m LEFT JOIN partitions p ON p.name = m.part_name GROUP BY 1`,
        [DEFAULT_PARTITION],
      );
      return Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)]));
    },
    async sweep(now) {
      const all = await list();
      if (all.length === 0) return 0;
      const cutoffs = all.map((p) => ({ name: p.name, cutoff: Math.trunc(retentionCutoff(p, now)) }));
      // Whole days go only once every partition, the default one (health events, audit) included, is past them.
      if (all.some((p) => p.name === DEFAULT_PARTITION)) await days.dropBefore(Math.min(...cutoffs.map((c) => c.cutoff)));
      let deleted = 0;
      for (const { name, cutoff } of cutoffs) {
        deleted +=
          name === DEFAULT_PARTITION
            ? await db.count(
                'DELETE FROM messages WHERE messagetime < $1 AND (part_name IS NULL OR part_name NOT IN (SELECT name FROM partitions))',
                [cutoff],
              )
            : await db.count('DELETE FROM messages WHERE messagetime < $1 AND part_name = $2', [cutoff, name]);
      }
      return deleted;
    },
    async diskBytes() {
      // Every table of this schema (day partitions, keys, state) with its indexes and TOAST.
      const [row] = await db.rows<{ bytes: string }>(
        `SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes FROM pg_class c
         WHERE c.relnamespace = to_regnamespace(current_schema())::oid AND c.relkind = 'r'`,
      );
      return Number(row.bytes);
    },
    async dropOldestDay() {
      const [oldest] = await db.rows<{ t: string | null }>('SELECT min(messagetime) AS t FROM messages');
      if (oldest.t === null) return undefined;
      const day = dayOf(Number(oldest.t)) * DAY_MS;
      const end = day + DAY_MS;
      const [counted] = await db.rows<{ n: string; bytes: string }>(
        'SELECT count(*) AS n, coalesce(sum(size), 0) AS bytes FROM messages WHERE messagetime < $1',
        [end],
      );
      // Dropping the day's table gives its space back at once; the delete catches rows outside any day table.
      await days.dropBefore(end);
      await db.count('DELETE FROM messages WHERE messagetime < $1', [end]);
      return { day, deleted: Number(counted.n), bytes: Number(counted.bytes) };
    },
  };
}
