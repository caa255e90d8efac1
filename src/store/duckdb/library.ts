import type { LibraryRepository } from '../repositories.js';
import { contentColumns, toContent } from '../rules.js';
import type { DuckDbContext } from './context.js';

export function createLibrary(ctx: DuckDbContext): LibraryRepository {
  return {
    async put(item) {
      await ctx.exec(
        `INSERT INTO content VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, item_type = excluded.item_type, name = excluded.name,
           description = excluded.description, body = excluded.body`,
        contentColumns(item),
      );
    },
    async get(id) {
      const rows = await ctx.all('SELECT * FROM content WHERE id = ?', [id]);
      return rows.length === 0 ? undefined : toContent(rows[0]);
    },
    async listChildren(parentId) {
      return (await ctx.all('SELECT * FROM content WHERE parent_id = ? ORDER BY created_at, name, id', [parentId])).map(toContent);
    },
    async delete(id) {
      return (await ctx.exec('DELETE FROM content WHERE id = ?', [id])) > 0;
    },
  };
}
