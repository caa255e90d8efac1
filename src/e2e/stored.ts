import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import type { DataType } from '../model/message.js';
import { expectedEvents } from '../simulator/index.js';
import { openStore } from '../store/open-store.js';

export const EXACT_TYPES: DataType[] = ['siem', 'dlp', 'auditEvent'];

export interface StoredCounts {
  /** Rows of the source in [from, cutoff), per data type. */
  inRange: Record<string, number>;
  total: number;
  distinctKeys: number;
}

/** Opens a stopped server's data directory and counts what it stored. */
export async function countStored(dataDir: string, sourceId: string, fromMs: number, cutoffMs: number): Promise<StoredCounts> {
  const store = await openStore({ data: dataDir, clock: systemClock, logger: silentLogger, secretKey: 'e2e-secret-key' });
  try {
    const rows = await store.query(
      'SELECT source_name, count(*)::INTEGER AS n FROM messages WHERE source_id = ? AND messagetime >= ? AND messagetime < ? GROUP BY source_name',
      [sourceId, fromMs, cutoffMs],
    );
    const inRange: Record<string, number> = {};
    for (const row of rows) inRange[String(row.source_name)] = Number(row.n);
    const [totals] = await store.query(
      'SELECT count(*)::INTEGER AS total, count(DISTINCT dedupe_key)::INTEGER AS keys FROM messages WHERE source_id = ?',
      [sourceId],
    );
    return { inRange, total: Number(totals.total), distinctKeys: Number(totals.keys) };
  } finally {
    await store.close();
  }
}

/** What the simulator (started with `--seed seed --rate rate`) serves in [from, cutoff), per data type. */
export function expectedInRange(seed: number, ratePerMin: number, fromMs: number, cutoffMs: number): Record<string, number> {
  const options = { seed, siemPerHour: ratePerMin * 60 };
  const out: Record<string, number> = {};
  for (const type of EXACT_TYPES) out[type] = expectedEvents(options, type, fromMs, cutoffMs).length;
  return out;
}
