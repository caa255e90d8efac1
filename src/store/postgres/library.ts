import type pg from 'pg';
import type { LibraryRepository } from '../repositories.js';
import { contentColumns, toContent } from '../rules.js';
import type { PostgresContext } from './context.js';
import { LOCK_NAMESPACE } from './migrations.js';

/** The lock an import takes on its folder: its name check and its insert run alone among the processes. */
async function lockFolder(client: pg.PoolClient, folderId: string | null): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_NAMESPACE, `content:${folderId}`]);
}

export function createLibrary({ db }: PostgresContext): LibraryRepository {
  return {
    async put(item) {
      await db.rows(
        `INSERT INTO content (id, parent_id, item_type, name, description, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, item_type = EXCLUDED.item_type, name = EXCLUDED.name,
           description = EXCLUDED.description, body = EXCLUDED.body`,
        contentColumns(item),
      );
    },
    async replaceIfUnchanged(item, expected) {
      const [id, parentId, itemType, name, description, body] = contentColumns(item);
      const changed = await db.count(
        `UPDATE content SET parent_id = $2, item_type = $3, name = $4, description = $5, body = $6 WHERE id = $1 AND body = $7`,
        [id, parentId, itemType, name, description, body, JSON.stringify(expected)],
      );
      return changed === 1;
    },
    createIfNameFree(item) {
      return db.tx(async (client) => {
        // Two processes importing one name into one folder: the second waits here, then sees the first's row.
        await lockFolder(client, item.parentId);
        const created = await client.query(
          `INSERT INTO content (id, parent_id, item_type, name, description, body, created_at)
           SELECT $1, $2, $3, $4, $5, $6, $7
           WHERE NOT EXISTS (SELECT 1 FROM content WHERE parent_id = $2 AND lower(name) = lower($4))`,
          contentColumns(item),
        );
        return created.rowCount === 1;
      });
    },
    createReplacingName(item) {
      return db.tx(async (client) => {
        // Two overwrites of one name: the second waits here, then takes out the first's item.
        await lockFolder(client, item.parentId);
        const replaced = await client.query('DELETE FROM content WHERE parent_id = $1 AND lower(name) = lower($2) RETURNING *', [
          item.parentId,
          item.name,
        ]);
        await client.query(
          'INSERT INTO content (id, parent_id, item_type, name, description, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          contentColumns(item),
        );
        return replaced.rows.map(toContent);
      });
    },
    async get(id) {
      const rows = await db.rows('SELECT * FROM content WHERE id = $1', [id]);
      return rows[0] && toContent(rows[0]);
    },
    async listChildren(parentId) {
      return (await db.rows('SELECT * FROM content WHERE parent_id = $1 ORDER BY created_at, name, id', [parentId])).map(toContent);
    },
    async delete(ids) {
      if (ids.length === 0) return;
      await db.rows('DELETE FROM content WHERE id = ANY($1)', [ids]);
    },
    async deleteIfUnchanged(id, expected) {
      return (await db.count('DELETE FROM content WHERE id = $1 AND body = $2', [id, JSON.stringify(expected)])) === 1;
    },
  };
}
