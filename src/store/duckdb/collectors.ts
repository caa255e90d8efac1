import { NotFoundError } from '../../core/errors.js';
import type { CollectorsRepository } from '../repositories.js';
import { checkVersion, duplicateNameError, newId, SOURCE_OWNED_TABLES, toCollector } from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

/** Names are checked inside the write's transaction: the one writer connection makes that check race-free. */
export function createCollectors(ctx: DuckDbContext): CollectorsRepository {
  const get = async (id: string) => {
    const rows = await ctx.all('SELECT * FROM collectors WHERE id = ?', [id]);
    return rows.length === 0 ? undefined : toCollector(rows[0]);
  };
  return {
    async create(input) {
      const id = newId();
      await ctx.transaction(async (c) => {
        if ((await all(c, 'SELECT 1 FROM collectors WHERE name = ?', [input.name])).length > 0) throw duplicateNameError();
        await exec(c, 'INSERT INTO collectors VALUES (?, ?, ?, ?, ?, ?, 1)', [
          id,
          input.name,
          input.description,
          input.category,
          JSON.stringify(input.fields),
          ctx.clock.now(),
        ]);
      });
      return (await get(id))!;
    },
    async list(page) {
      const rows = await ctx.all('SELECT * FROM collectors ORDER BY created_at, id LIMIT ? OFFSET ?', [
        page?.limit ?? 1_000_000,
        page?.offset ?? 0,
      ]);
      return rows.map(toCollector);
    },
    get,
    async update(id, input, expectedVersion) {
      await ctx.transaction(async (c) => {
        const current = await all(c, 'SELECT version FROM collectors WHERE id = ?', [id]);
        if (current.length === 0) throw new NotFoundError('collector');
        checkVersion('collector', current[0].version, expectedVersion);
        if ((await all(c, 'SELECT 1 FROM collectors WHERE name = ? AND id <> ?', [input.name, id])).length > 0) throw duplicateNameError();
        await exec(c, 'UPDATE collectors SET name = ?, description = ?, category = ?, fields = ?, version = version + 1 WHERE id = ?', [
          input.name,
          input.description,
          input.category,
          JSON.stringify(input.fields),
          id,
        ]);
      });
      return (await get(id))!;
    },
    async delete(id) {
      await ctx.transaction(async (c) => {
        for (const table of SOURCE_OWNED_TABLES) {
          await exec(c, `DELETE FROM ${table} WHERE source_id IN (SELECT id FROM sources WHERE collector_id = ?)`, [id]);
        }
        await exec(c, 'DELETE FROM sources WHERE collector_id = ?', [id]);
        await exec(c, 'DELETE FROM collectors WHERE id = ?', [id]);
      });
    },
  };
}
