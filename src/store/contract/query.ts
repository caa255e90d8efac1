import { beforeEach, describe, expect, it } from 'vitest';
import { makeBatch, makeMessage } from '../__fixtures__/builders.js';
import type { Store } from '../store.js';
import { param as paramOf, type StoreUnderTest } from './context.js';

/** The query part of the Store contract: bound parameters, plain rows, AppError on failure, close() that stops a running query. */
export function queryContract(t: () => StoreUnderTest): void {
  describe('query', () => {
    let store: Store;
    beforeEach(() => {
      ({ store } = t());
    });
    const param = (n: number) => paramOf(store, n);

    it('binds parameters and returns plain JSON-serialisable rows', async () => {
      await store.messages.appendBatch(makeBatch('S1', 'siem', [makeMessage('S1', 'q1', { messageTime: 2_000_000_000_000 })], { v: 1 }));
      const rows = await store.query(
        `SELECT messagetime, source_name, count(*) AS n FROM messages WHERE messagetime >= ${param(1)} AND source_name = ${param(2)}
         GROUP BY messagetime, source_name`,
        [1_999_999_999_999, 'siem'],
      );
      expect(rows).toEqual([{ messagetime: 2_000_000_000_000, source_name: 'siem', n: 1 }]);
      expect(await store.query(`SELECT 1 AS x WHERE 1 = ${param(1)}`, [2])).toEqual([]);
    });

    it('reports a bad statement as an AppError', async () => {
      await expect(store.query('SELECT nope FROM messages', [])).rejects.toMatchObject({ code: 'store.query' });
    });

    it('close() stops a query still running and resolves (a shutdown during a search must not hang)', async () => {
      // Warm the pool so the long query is on its connection before close() comes.
      await store.query('SELECT 1 AS x', []);
      const long =
        store.dialect === 'duckdb'
          ? 'SELECT count(*) AS n FROM range(100000000) a, range(100000) b WHERE a.range + b.range < 0'
          : 'SELECT pg_sleep(600) AS n';
      const running = store.query(long, []).then(
        () => 'finished',
        (error: { code?: string }) => error.code,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.close();
      expect(await running).toBe('store.closed');
      await expect(store.query('SELECT 1 AS x', [])).rejects.toMatchObject({ code: 'store.closed' });
    });
  });
}
