import type { LookupTable } from '../../model/lookup-table.js';
import { lookupRowUpserts, toLookupRow } from '../lookup-tables.js';
import type { LookupTablesRepository } from '../repositories.js';
import type { PostgresContext } from './context.js';

const toTable = (r: Record<string, unknown>) => JSON.parse(String(r.body)) as LookupTable;

export function createLookupTables({ db, clock }: PostgresContext): LookupTablesRepository {
  return {
    async put(table) {
      await db.rows(
        'INSERT INTO lookup_tables (id, path, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET path = excluded.path, body = excluded.body',
        [table.id, table.contentPath.toLowerCase(), JSON.stringify(table)],
      );
    },
    async get(id) {
      const [row] = await db.rows('SELECT body FROM lookup_tables WHERE id = $1', [id]);
      return row ? toTable(row) : undefined;
    },
    async getByPath(contentPath) {
      const [row] = await db.rows('SELECT body FROM lookup_tables WHERE path = $1', [contentPath.toLowerCase()]);
      return row ? toTable(row) : undefined;
    },
    delete(id) {
      return db.tx(async (client) => {
        await client.query('DELETE FROM lookup_rows WHERE table_id = $1', [id]);
        return ((await client.query('DELETE FROM lookup_tables WHERE id = $1', [id])).rowCount ?? 0) > 0;
      });
    },
    writeRows(id, rows, replace) {
      const statements = lookupRowUpserts('postgres', id, rows, clock.now());
      return db.tx(async (client) => {
        if (replace) await client.query('DELETE FROM lookup_rows WHERE table_id = $1', [id]);
        for (const s of statements) await client.query(s.sql, s.params);
        const { rows: counted } = await client.query('SELECT count(*) AS n FROM lookup_rows WHERE table_id = $1', [id]);
        return Number(counted[0].n);
      });
    },
    async deleteRow(id, key) {
      return (await db.count('DELETE FROM lookup_rows WHERE table_id = $1 AND row_key = $2', [id, key])) > 0;
    },
    async rows(id, limit) {
      return (await db.rows('SELECT row_key, row_values FROM lookup_rows WHERE table_id = $1 ORDER BY row_key LIMIT $2', [id, limit])).map(
        toLookupRow,
      );
    },
    async count(id) {
      return Number((await db.rows('SELECT count(*) AS n FROM lookup_rows WHERE table_id = $1', [id]))[0].n);
    },
  };
}
