import type pg from 'pg';
import { LOCK_NAMESPACE, LOCK_PARTITIONS } from './migrations.js';

export const DAY_MS = 86_400_000;
/** Partitions made ahead of the newest day seen, so the usual batch never waits for DDL. */
export const DAYS_AHEAD = 2;

export function dayOf(time: number): number {
  return Math.floor(time / DAY_MS);
}

export function partitionName(day: number): string {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `messages_p${year < 0 ? `m${-year}` : String(year).padStart(4, '0')}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}

/**
 * Day partitions of the messages table. Creating one is DDL, so it runs in its own short transaction (not
 * the batch's), under an advisory lock so that processes racing for the same new day take turns.
 */
export class Partitions {
  private readonly known = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  /** Forgets what it knew (another process may have dropped partitions) and loads the days that exist. */
  async reload(): Promise<void> {
    this.known.clear();
    await this.load();
  }

  /** Loads the days that already have a partition. */
  async load(): Promise<void> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'messages' AND p.relnamespace = to_regnamespace(current_schema())::oid`,
    );
    const byName = new Set(rows.map((r) => r.name));
    for (const name of byName) {
      const match = /^messages_p(\d{4})(\d{2})(\d{2})$/.exec(name);
      if (match) this.known.add(dayOf(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    }
  }

  /** Makes sure every day of `times` (and the days ahead of today) has its partition. */
  async ensure(times: Iterable<number>, now?: number): Promise<void> {
    const wanted = new Set<number>();
    for (const time of times) wanted.add(dayOf(time));
    if (now !== undefined) for (let d = dayOf(now) - 1; d <= dayOf(now) + DAYS_AHEAD; d++) wanted.add(d);
    const missing = [...wanted].filter((d) => !this.known.has(d)).sort((a, b) => a - b);
    if (missing.length === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_PARTITIONS]);
      for (const day of missing) {
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF messages FOR VALUES FROM (${day * DAY_MS}) TO (${(day + 1) * DAY_MS})`,
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const day of missing) this.known.add(day);
  }

  /**
   * Retention: drops every day partition that ends at or before `cutoff` (whole days only) and forgets the
   * dedupe keys of the dropped messages. Returns the names of the dropped partitions.
   */
  async dropBefore(cutoff: number): Promise<string[]> {
    await this.reload();
    const lastDay = dayOf(cutoff) - 1;
    const days = [...this.known].filter((d) => d <= lastDay && (d + 1) * DAY_MS <= cutoff).sort((a, b) => a - b);
    if (days.length === 0) return [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCK_PARTITIONS]);
      for (const day of days) await client.query(`DROP TABLE IF EXISTS ${partitionName(day)}`);
      await client.query('DELETE FROM message_keys WHERE messagetime < $1', [(lastDay + 1) * DAY_MS]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    for (const day of days) this.known.delete(day);
    return days.map(partitionName);
  }
}
