import type { LibraryRepository } from '../repositories.js';
import { contentColumns, toContent } from '../rules.js';
import { all, exec } from './connection.js';
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
    async replaceIfUnchanged(item, expected) {
      const [id, parentId, itemType, name, description, body] = contentColumns(item);
      const changed = await ctx.exec(
        'UPDATE content SET parent_id = ?, item_type = ?, name = ?, description = ?, body = ? WHERE id = ? AND body = ?',
        [parentId, itemType, name, description, body, id, JSON.stringify(expected)],
      );
      return changed === 1;
    },
    async createIfNameFree(item) {
      // One statement: on the one connection that writes, nothing runs between its check and its insert.
      const created = await ctx.exec(
        `INSERT INTO content SELECT ?, ?, ?, ?, ?, ?, ?
         WHERE NOT EXISTS (SELECT 1 FROM content WHERE parent_id = ? AND lower(name) = lower(?))`,
        [...contentColumns(item), item.parentId, item.name],
      );
      return created === 1;
    },
    createReplacingName(item) {
      return ctx.transaction(async (c) => {
        const replaced = await all(c, 'DELETE FROM content WHERE parent_id = ? AND lower(name) = lower(?) RETURNING *', [
          item.parentId,
          item.name,
        ]);
        await exec(c, 'INSERT INTO content VALUES (?, ?, ?, ?, ?, ?, ?)', contentColumns(item));
        return replaced.map(toContent);
      });
    },
    async get(id) {
      const rows = await ctx.all('SELECT * FROM content WHERE id = ?', [id]);
      return rows.length === 0 ? undefined : toContent(rows[0]);
    },
    async listChildren(parentId) {
      return (await ctx.all('SELECT * FROM content WHERE parent_id = ? ORDER BY created_at, name, id', [parentId])).map(toContent);
    },
    async delete(ids) {
      if (ids.length === 0) return;
      await ctx.exec(`DELETE FROM content WHERE id IN (${ids.map(() => '?').join(', ')})`, ids);
    },
    async deleteIfUnchanged(id, expected) {
      return (await ctx.exec('DELETE FROM content WHERE id = ? AND body = ?', [id, JSON.stringify(expected)])) === 1;
    },
  };
}
