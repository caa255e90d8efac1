import { NotFoundError } from '../../core/errors.js';
import type { SourcesRepository } from '../repositories.js';
import { INITIAL_SOURCE_STATE, newId, SOURCE_OWNED_TABLES, sourceConfigColumn, staleError, toSource } from '../rules.js';
import type { PostgresContext } from './context.js';
import { uniqueName } from './db.js';

export function createSources({ db, clock, secrets }: PostgresContext): SourcesRepository {
  const get = async (id: string) => {
    const rows = await db.rows('SELECT * FROM sources WHERE id = $1', [id]);
    return rows[0] && toSource(rows[0], secrets);
  };
  /** Every request changes the row the runtime watches; a source that is not there is `notfound`. */
  const change = async (id: string, sql: string, params: unknown[] = []) => {
    if ((await db.count(sql, [id, ...params])) === 0) throw new NotFoundError('source');
  };
  return {
    /** The source and its lease row are made together, so every source can be leased from the start. */
    async create(collectorId, config) {
      const id = newId();
      const row = await uniqueName(() =>
        db.tx(async (client) => {
          // Locks the collector row, so a concurrent collector delete cannot leave this source orphaned.
          const collector = await client.query('SELECT 1 FROM collectors WHERE id = $1 FOR SHARE', [collectorId]);
          if (collector.rowCount === 0) throw new NotFoundError('collector');
          const { rows } = await client.query(
            `INSERT INTO sources (id, collector_id, name, config, secret, state, deleting, created_at, version, generation, observed_generation)
             VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, 1, 1, 0) RETURNING *`,
            [
              id,
              collectorId,
              config.name,
              sourceConfigColumn(config),
              secrets.seal(config.clientSecret, id),
              JSON.stringify(INITIAL_SOURCE_STATE),
              clock.now(),
            ],
          );
          await client.query('INSERT INTO leases (source_id) VALUES ($1) ON CONFLICT DO NOTHING', [id]);
          return rows[0];
        }),
      );
      return toSource(row, secrets);
    },
    async list(collectorId) {
      const rows =
        collectorId === undefined
          ? await db.rows('SELECT * FROM sources ORDER BY created_at, id')
          : await db.rows('SELECT * FROM sources WHERE collector_id = $1 ORDER BY created_at, id', [collectorId]);
      return rows.map((row) => toSource(row, secrets));
    },
    get,
    async update(id, config, expectedVersion) {
      const rows = await uniqueName(() =>
        db.rows(
          `UPDATE sources SET name = $2, config = $3, secret = $4, version = version + 1, generation = generation + 1
           WHERE id = $1 AND ($5::integer IS NULL OR version = $5) RETURNING *`,
          [id, config.name, sourceConfigColumn(config), secrets.seal(config.clientSecret, id), expectedVersion ?? null],
        ),
      );
      if (rows[0]) return toSource(rows[0], secrets);
      if (!(await get(id))) throw new NotFoundError('source');
      throw staleError('source');
    },
    requestRestart: (id) => change(id, 'UPDATE sources SET generation = generation + 1 WHERE id = $1'),
    setState: (id, state, observedGeneration) =>
      change(id, 'UPDATE sources SET state = $2, observed_generation = coalesce($3::integer, observed_generation) WHERE id = $1', [
        JSON.stringify(state),
        observedGeneration ?? null,
      ]),
    markDeleting: (id) => change(id, 'UPDATE sources SET deleting = TRUE, generation = generation + 1 WHERE id = $1'),
    async delete(id) {
      await db.tx(async (client) => {
        for (const table of SOURCE_OWNED_TABLES) await client.query(`DELETE FROM ${table} WHERE source_id = $1`, [id]);
        await client.query('DELETE FROM sources WHERE id = $1', [id]);
      });
    },
  };
}
