import { AppError, NotFoundError } from '../../core/errors.js';
import type { CollectorInput, CollectorRecord } from '../../model/collector.js';
import type { SourceRecord, SourceState } from '../../model/source.js';
import type { SourceConfig } from '../../model/source-config.js';
import type { Store } from '../store.js';
import { type DuckDbContext, newId, num, parseJson } from './context.js';

const duplicateName = () => new AppError('DuplicateResourceName', 'A resource with the same name already exists.', { status: 400 });
const stale = (what: string) =>
  new AppError('precondition.failed', `the ${what} has changed since it was read (If-Match does not match)`, { status: 412 });

type CollectorMethods = Pick<Store, 'createCollector' | 'listCollectors' | 'getCollector' | 'updateCollector' | 'deleteCollector'>;

function toCollector(row: Record<string, unknown>): CollectorRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    description: String(row.description),
    category: String(row.category),
    fields: parseJson<Record<string, string>>(row.fields),
    collectorType: 'Hosted',
    createdAt: num(row.created_at),
    version: num(row.version),
  };
}

export function collectorMethods(ctx: DuckDbContext): CollectorMethods {
  const get = async (id: string) => {
    const rows = await ctx.all('SELECT * FROM collectors WHERE id = ?', [id]);
    return rows.length === 0 ? undefined : toCollector(rows[0]);
  };
  return {
    async createCollector(input) {
      const id = newId();
      await ctx.transaction(async (c) => {
        const clash = await c.runAndReadAll('SELECT 1 FROM collectors WHERE name = $1', [input.name]);
        if (clash.currentRowCount > 0) throw duplicateName();
        await c.run('INSERT INTO collectors VALUES ($1, $2, $3, $4, $5, $6, 1)', [
          id,
          input.name,
          input.description,
          input.category,
          JSON.stringify(input.fields),
          BigInt(ctx.clock.now()),
        ]);
      });
      return (await get(id))!;
    },
    async listCollectors(page) {
      const rows = await ctx.all('SELECT * FROM collectors ORDER BY created_at, id LIMIT ? OFFSET ?', [
        page?.limit ?? 1_000_000,
        page?.offset ?? 0,
      ]);
      return rows.map(toCollector);
    },
    getCollector: get,
    async updateCollector(id, input: CollectorInput, expectedVersion) {
      await ctx.transaction(async (c) => {
        const current = await c.runAndReadAll('SELECT version FROM collectors WHERE id = $1', [id]);
        if (current.currentRowCount === 0) throw new NotFoundError('collector');
        if (expectedVersion !== undefined && num(current.getRowsJS()[0][0]) !== expectedVersion) throw stale('collector');
        const clash = await c.runAndReadAll('SELECT 1 FROM collectors WHERE name = $1 AND id <> $2', [input.name, id]);
        if (clash.currentRowCount > 0) throw duplicateName();
        await c.run('UPDATE collectors SET name = $1, description = $2, category = $3, fields = $4, version = version + 1 WHERE id = $5', [
          input.name,
          input.description,
          input.category,
          JSON.stringify(input.fields),
          id,
        ]);
      });
      return (await get(id))!;
    },
    async deleteCollector(id) {
      await ctx.transaction(async (c) => {
        const sources = '(SELECT id FROM sources WHERE collector_id = $1)';
        for (const table of ['checkpoints', 'collection_stats', 'leases']) {
          await c.run(`DELETE FROM ${table} WHERE source_id IN ${sources}`, [id]);
        }
        await c.run('DELETE FROM sources WHERE collector_id = $1', [id]);
        await c.run('DELETE FROM collectors WHERE id = $1', [id]);
      });
    },
  };
}

type SourceMethods = Pick<
  Store,
  | 'createSource'
  | 'listSources'
  | 'getSource'
  | 'updateSource'
  | 'requestSourceRestart'
  | 'setSourceState'
  | 'markSourceDeleting'
  | 'deleteSource'
>;

export function sourceMethods(ctx: DuckDbContext): SourceMethods {
  const toSource = (row: Record<string, unknown>): SourceRecord => {
    const id = String(row.id);
    const stored = parseJson<Omit<SourceConfig, 'clientSecret'>>(row.config);
    return {
      id,
      collectorId: String(row.collector_id),
      config: { ...stored, clientSecret: ctx.secrets.open(String(row.secret), id) },
      state: parseJson<SourceState>(row.state),
      deleting: row.deleting === true,
      generation: num(row.generation),
      observedGeneration: num(row.observed_generation),
      createdAt: num(row.created_at),
      version: num(row.version),
    };
  };
  /** The config as stored: everything but the secret, which lives only sealed in its own column. */
  const storedConfig = (config: SourceConfig) => {
    const { clientSecret: _secret, ...rest } = config;
    return JSON.stringify(rest);
  };
  const get = async (id: string) => {
    const rows = await ctx.all('SELECT * FROM sources WHERE id = ?', [id]);
    return rows.length === 0 ? undefined : toSource(rows[0]);
  };
  return {
    async createSource(collectorId, config) {
      const id = newId();
      await ctx.transaction(async (c) => {
        const collector = await c.runAndReadAll('SELECT 1 FROM collectors WHERE id = $1', [collectorId]);
        if (collector.currentRowCount === 0) throw new NotFoundError('collector');
        const clash = await c.runAndReadAll('SELECT 1 FROM sources WHERE collector_id = $1 AND name = $2', [collectorId, config.name]);
        if (clash.currentRowCount > 0) throw duplicateName();
        await c.run(
          `INSERT INTO sources (id, collector_id, name, config, secret, state, deleting, created_at, version, generation, observed_generation)
           VALUES ($1, $2, $3, $4, $5, $6, false, $7, 1, 1, 0)`,
          [
            id,
            collectorId,
            config.name,
            storedConfig(config),
            ctx.secrets.seal(config.clientSecret, id),
            JSON.stringify({ state: 'Pending' } satisfies SourceState),
            BigInt(ctx.clock.now()),
          ],
        );
      });
      return (await get(id))!;
    },
    async listSources(collectorId) {
      const rows =
        collectorId === undefined
          ? await ctx.all('SELECT * FROM sources ORDER BY created_at, id')
          : await ctx.all('SELECT * FROM sources WHERE collector_id = ? ORDER BY created_at, id', [collectorId]);
      return rows.map(toSource);
    },
    getSource: get,
    async updateSource(id, config, expectedVersion) {
      await ctx.transaction(async (c) => {
        const current = await c.runAndReadAll('SELECT version, collector_id FROM sources WHERE id = $1', [id]);
        if (current.currentRowCount === 0) throw new NotFoundError('source');
        const [version, collectorId] = current.getRowsJS()[0];
        if (expectedVersion !== undefined && num(version) !== expectedVersion) throw stale('source');
        const clash = await c.runAndReadAll('SELECT 1 FROM sources WHERE collector_id = $1 AND name = $2 AND id <> $3', [
          String(collectorId),
          config.name,
          id,
        ]);
        if (clash.currentRowCount > 0) throw duplicateName();
        await c.run(
          'UPDATE sources SET name = $1, config = $2, secret = $3, version = version + 1, generation = generation + 1 WHERE id = $4',
          [config.name, storedConfig(config), ctx.secrets.seal(config.clientSecret, id), id],
        );
      });
      return (await get(id))!;
    },
    async requestSourceRestart(id) {
      const changed = await ctx.exec('UPDATE sources SET generation = generation + 1 WHERE id = ?', [id]);
      if (changed === 0) throw new NotFoundError('source');
    },
    async setSourceState(id, state, observedGeneration) {
      const changed = await ctx.exec('UPDATE sources SET state = ?, observed_generation = coalesce(?, observed_generation) WHERE id = ?', [
        JSON.stringify(state),
        observedGeneration ?? null,
        id,
      ]);
      if (changed === 0) throw new NotFoundError('source');
    },
    async markSourceDeleting(id) {
      const changed = await ctx.exec('UPDATE sources SET deleting = true, generation = generation + 1 WHERE id = ?', [id]);
      if (changed === 0) throw new NotFoundError('source');
    },
    async deleteSource(id) {
      await ctx.transaction(async (c) => {
        for (const table of ['checkpoints', 'collection_stats', 'leases']) {
          await c.run(`DELETE FROM ${table} WHERE source_id = $1`, [id]);
        }
        await c.run('DELETE FROM sources WHERE id = $1', [id]);
      });
    },
  };
}
