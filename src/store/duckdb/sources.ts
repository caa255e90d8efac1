import { NotFoundError } from '../../core/errors.js';
import type { SourcesRepository } from '../repositories.js';
import {
  checkVersion,
  duplicateNameError,
  INITIAL_SOURCE_STATE,
  newId,
  SOURCE_OWNED_TABLES,
  sourceConfigColumn,
  toSource,
} from '../rules.js';
import { all, exec } from './connection.js';
import type { DuckDbContext } from './context.js';

export function createSources(ctx: DuckDbContext): SourcesRepository {
  const get = async (id: string) => {
    const rows = await ctx.all('SELECT * FROM sources WHERE id = ?', [id]);
    return rows.length === 0 ? undefined : toSource(rows[0], ctx.secrets);
  };
  /** Every request changes the row the runtime watches; a source that is not there is `notfound`. */
  const change = async (id: string, sql: string, params: unknown[] = []) => {
    if ((await ctx.exec(sql, [...params, id])) === 0) throw new NotFoundError('source');
  };
  return {
    async create(collectorId, config) {
      const id = newId();
      await ctx.transaction(async (c) => {
        if ((await all(c, 'SELECT 1 FROM collectors WHERE id = ?', [collectorId])).length === 0) throw new NotFoundError('collector');
        const clash = await all(c, 'SELECT 1 FROM sources WHERE collector_id = ? AND name = ?', [collectorId, config.name]);
        if (clash.length > 0) throw duplicateNameError();
        await exec(
          c,
          `INSERT INTO sources (id, collector_id, name, config, secret, state, deleting, created_at, version, generation, observed_generation)
           VALUES (?, ?, ?, ?, ?, ?, false, ?, 1, 1, 0)`,
          [
            id,
            collectorId,
            config.name,
            sourceConfigColumn(config),
            ctx.secrets.seal(config.clientSecret, id),
            JSON.stringify(INITIAL_SOURCE_STATE),
            ctx.clock.now(),
          ],
        );
      });
      return (await get(id))!;
    },
    async list(collectorId) {
      const rows =
        collectorId === undefined
          ? await ctx.all('SELECT * FROM sources ORDER BY created_at, id')
          : await ctx.all('SELECT * FROM sources WHERE collector_id = ? ORDER BY created_at, id', [collectorId]);
      return rows.map((row) => toSource(row, ctx.secrets));
    },
    get,
    async update(id, config, expectedVersion) {
      await ctx.transaction(async (c) => {
        const current = await all(c, 'SELECT version, collector_id FROM sources WHERE id = ?', [id]);
        if (current.length === 0) throw new NotFoundError('source');
        checkVersion('source', current[0].version, expectedVersion);
        const clash = await all(c, 'SELECT 1 FROM sources WHERE collector_id = ? AND name = ? AND id <> ?', [
          String(current[0].collector_id),
          config.name,
          id,
        ]);
        if (clash.length > 0) throw duplicateNameError();
        await exec(
          c,
          'UPDATE sources SET name = ?, config = ?, secret = ?, version = version + 1, generation = generation + 1 WHERE id = ?',
          [config.name, sourceConfigColumn(config), ctx.secrets.seal(config.clientSecret, id), id],
        );
      });
      return (await get(id))!;
    },
    requestRestart: (id) => change(id, 'UPDATE sources SET generation = generation + 1 WHERE id = ?'),
    setState: (id, state, observedGeneration) =>
      change(id, 'UPDATE sources SET state = ?, observed_generation = coalesce(?, observed_generation) WHERE id = ?', [
        JSON.stringify(state),
        observedGeneration ?? null,
      ]),
    markDeleting: (id) => change(id, 'UPDATE sources SET deleting = true, generation = generation + 1 WHERE id = ?'),
    async delete(id) {
      await ctx.transaction(async (c) => {
        for (const table of SOURCE_OWNED_TABLES) await exec(c, `DELETE FROM ${table} WHERE source_id = ?`, [id]);
        await exec(c, 'DELETE FROM sources WHERE id = ?', [id]);
      });
    },
  };
}
