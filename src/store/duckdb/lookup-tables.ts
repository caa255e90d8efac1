import type { LookupTable } from '../../model/lookup-table.js';
import { lookupRowUpserts, toLookupRow } from '../lookup-tables.js';
import type { LookupTablesRepository } from '../repositories.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

const toTable = (r: Record<string, unknown>) => JSON.parse(String(r.body)) as LookupTable;

export function createLookupTables(ctx: DuckDbContext): LookupTablesRepository {
  const count = async (c: Parameters<typeof all>[0], id: string) =>
    Number((await all(c, 'SELECT count(*) AS n FROM lookup_rows WHERE table_id = ?', [id]))[0].n);
  return {
    async put(table) {
      await ctx.exec('INSERT OR REPLACE INTO lookup_tables VALUES (?, ?, ?)', [
        table.id,
        table.contentPath.toLowerCase(),
        JSON.stringify(table),
      ]);
    },
    async get(id) {
      const [row] = await ctx.all('SELECT body FROM lookup_tables WHERE id = ?', [id]);
      return row ? toTable(row) : undefined;
    },
    async getByPath(contentPath) {
      const [row] = await ctx.all('SELECT body FROM lookup_tables WHERE path = ?', [contentPath.toLowerCase()]);
      return row ? toTable(row) : undefined;
    },
    delete(id) {
      return ctx.transaction(async (c) => {
        await exec(c, 'DELETE FROM lookup_rows WHERE table_id = ?', [id]);
        return (await exec(c, 'DELETE FROM lookup_tables WHERE id = ?', [id])) > 0;
      });
    },
    writeRows(id, rows, replace) {
      const statements = lookupRowUpserts('duckdb', id, rows, ctx.clock.now());
      return ctx.transaction(async (c) => {
        if (replace) await exec(c, 'DELETE FROM lookup_rows WHERE table_id = ?', [id]);
        for (const s of statements) await exec(c, s.sql, s.params);
        return count(c, id);
      });
    },
    async deleteRow(id, key) {
      return (await ctx.exec('DELETE FROM lookup_rows WHERE table_id = ? AND row_key = ?', [id, key])) > 0;
    },
    async rows(id, limit) {
      return (await ctx.all('SELECT row_key, row_values FROM lookup_rows WHERE table_id = ? ORDER BY row_key LIMIT ?', [id, limit])).map(
        toLookupRow,
      );
    },
    async count(id) {
      return Number((await ctx.all('SELECT count(*) AS n FROM lookup_rows WHERE table_id = ?', [id]))[0].n);
    },
  };
}
