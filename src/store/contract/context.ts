import type { ManualClock } from '../../core/clock.js';
import type { CollectorRecord } from '../../model/collector.js';
import type { Store } from '../store.js';

/** The fresh, empty store of the running contract test and the clock it was opened on. */
export interface StoreUnderTest {
  store: Store;
  clock: ManualClock;
}

/** `?` for DuckDB, `$n` for PostgreSQL. */
export function param(store: Store, n: number): string {
  return store.dialect === 'duckdb' ? '?' : `$${n}`;
}

export async function count(store: Store, sql: string, params: unknown[]): Promise<number> {
  return Number((await store.query(sql, params))[0].n);
}

export function createCollector(store: Store, name = 'Hosted collector'): Promise<CollectorRecord> {
  return store.collectors.create({ name, description: 'd', category: 'c', fields: {} });
}
