import { NotFoundError } from '../../core/errors.js';
import type { CollectorsRepository } from '../repositories.js';
import { newId, SOURCE_OWNED_TABLES, staleError, toCollector } from '../rules.js';
import type { PostgresContext } from './context.js';
import { uniqueName } from './db.js';

export function createCollectors({ db, clock }: PostgresContext): CollectorsRepository {
  const get = async (id: string) => {
    const rows = await db.rows('SELECT * FROM collectors WHERE id = $1', [id]);
    return rows[0] && toCollector(rows[0]);
  };
  return {
    async create(input) {
      const rows = await uniqueName(() =>
        db.rows(
          `INSERT INTO collectors (id, name, description, category, fields, created_at, version)
           VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING *`,
          [newId(), input.name, input.description, input.category, JSON.stringify(input.fields), clock.now()],
        ),
      );
      return toCollector(rows[0]);
    },
    async list(page) {
      const rows = page
        ? await db.rows('SELECT * FROM collectors ORDER BY created_at, id LIMIT $1 OFFSET $2', [page.limit, page.offset])
        : await db.rows('SELECT * FROM collectors ORDER BY created_at, id');
      return rows.map(toCollector);
    },
    get,
    /** The version check is the UPDATE's own WHERE: no row back means gone or stale, told apart by a read. */
    async update(id, input, expectedVersion) {
      const rows = await uniqueName(() =>
        db.rows(
          `UPDATE collectors SET name = $2, description = $3, category = $4, fields = $5, version = version + 1
           WHERE id = $1 AND ($6::integer IS NULL OR version = $6) RETURNING *`,
          [id, input.name, input.description, input.category, JSON.stringify(input.fields), expectedVersion ?? null],
        ),
      );
      if (rows[0]) return toCollector(rows[0]);
      if (!(await get(id))) throw new NotFoundError('collector');
      throw staleError('collector');
    },
    async delete(id) {
      await db.tx(async (client) => {
        for (const table of SOURCE_OWNED_TABLES) {
          await client.query(`DELETE FROM ${table} WHERE source_id IN (SELECT id FROM sources WHERE collector_id = $1)`, [id]);
        }
        await client.query('DELETE FROM sources WHERE collector_id = $1', [id]);
        await client.query('DELETE FROM collectors WHERE id = $1', [id]);
      });
    },
  };
}
