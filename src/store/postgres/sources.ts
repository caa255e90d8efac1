import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError, NotFoundError } from '../../core/errors.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { CollectorInput, CollectorRecord } from '../../model/collector.js';
import type { DataType } from '../../model/message.js';
import type { CollectionStats, SourceRecord, SourceState } from '../../model/source.js';
import type { SourceConfig } from '../../model/source-config.js';
import type { SecretBox } from '../secrets.js';
import type { Db } from './db.js';

/** Sumo Logic style ids: 16 upper-case hex digits. */
export function newId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

/** A unique index said no: the caller's name (or key) is taken. */
export function isUniqueViolation(error: unknown): boolean {
  return ((error as { cause?: { code?: string } }).cause?.code ?? '') === '23505';
}

const duplicateName = () => new AppError('DuplicateResourceName', 'A resource with the same name already exists.', { status: 400 });
const stale = (what: string) =>
  new AppError('precondition.failed', `the ${what} has changed since it was read (If-Match does not match)`, { status: 412 });

/** Runs a write, turning a unique-name clash into DuplicateResourceName. */
async function named<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

interface CollectorRow {
  id: string;
  name: string;
  description: string;
  category: string;
  fields: string;
  created_at: number;
  version: number;
}

const toCollector = (r: CollectorRow): CollectorRecord => ({
  id: r.id,
  name: r.name,
  description: r.description,
  category: r.category,
  fields: JSON.parse(r.fields) as Record<string, string>,
  collectorType: 'Hosted',
  createdAt: r.created_at,
  version: r.version,
});

interface SourceRow {
  id: string;
  collector_id: string;
  config: string;
  secret: string;
  state: string;
  deleting: boolean;
  generation: number;
  observed_generation: number;
  created_at: number;
  version: number;
}

/** The config as stored: everything but the secret, which lives only sealed in its own column. */
function storedConfig(config: SourceConfig): string {
  const { clientSecret: _secret, ...rest } = config;
  return JSON.stringify(rest);
}

/** Collectors, sources, checkpoints and collection stats. */
export class Records {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly secrets: SecretBox,
  ) {}

  async createCollector(input: CollectorInput): Promise<CollectorRecord> {
    const rows = await named(() =>
      this.db.rows<CollectorRow>(
        `INSERT INTO collectors (id, name, description, category, fields, created_at, version)
         VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING *`,
        [newId(), input.name, input.description, input.category, JSON.stringify(input.fields), this.clock.now()],
      ),
    );
    return toCollector(rows[0]);
  }

  async listCollectors(page?: { limit: number; offset: number }): Promise<CollectorRecord[]> {
    const rows = page
      ? await this.db.rows<CollectorRow>('SELECT * FROM collectors ORDER BY created_at, id LIMIT $1 OFFSET $2', [page.limit, page.offset])
      : await this.db.rows<CollectorRow>('SELECT * FROM collectors ORDER BY created_at, id');
    return rows.map(toCollector);
  }

  async getCollector(id: string): Promise<CollectorRecord | undefined> {
    const rows = await this.db.rows<CollectorRow>('SELECT * FROM collectors WHERE id = $1', [id]);
    return rows[0] && toCollector(rows[0]);
  }

  async updateCollector(id: string, input: CollectorInput, expectedVersion?: number): Promise<CollectorRecord> {
    const rows = await named(() =>
      this.db.rows<CollectorRow>(
        `UPDATE collectors SET name = $2, description = $3, category = $4, fields = $5, version = version + 1
         WHERE id = $1 AND ($6::integer IS NULL OR version = $6) RETURNING *`,
        [id, input.name, input.description, input.category, JSON.stringify(input.fields), expectedVersion ?? null],
      ),
    );
    if (rows[0]) return toCollector(rows[0]);
    if (!(await this.getCollector(id))) throw new NotFoundError('collector');
    throw stale('collector');
  }

  /** The collector with its sources and their checkpoints, stats and leases. */
  async deleteCollector(id: string): Promise<void> {
    await this.db.tx(async (client) => {
      for (const table of ['checkpoints', 'collection_stats', 'leases']) {
        await client.query(`DELETE FROM ${table} WHERE source_id IN (SELECT id FROM sources WHERE collector_id = $1)`, [id]);
      }
      await client.query('DELETE FROM sources WHERE collector_id = $1', [id]);
      await client.query('DELETE FROM collectors WHERE id = $1', [id]);
    });
  }

  private toSource(r: SourceRow): SourceRecord {
    const stored = JSON.parse(r.config) as Omit<SourceConfig, 'clientSecret'>;
    return {
      id: r.id,
      collectorId: r.collector_id,
      config: { ...stored, clientSecret: this.secrets.open(r.secret, r.id) },
      state: JSON.parse(r.state) as SourceState,
      deleting: r.deleting,
      generation: r.generation,
      observedGeneration: r.observed_generation,
      createdAt: r.created_at,
      version: r.version,
    };
  }

  /** The source and its lease row are made together, so every source can be leased from the start. */
  async createSource(collectorId: string, config: SourceConfig): Promise<SourceRecord> {
    const state: SourceState = { state: 'Pending' };
    const id = newId();
    const row = await named(() =>
      this.db.tx(async (client) => {
        // Locks the collector row, so a concurrent deleteCollector cannot leave this source orphaned.
        const collector = await client.query('SELECT 1 FROM collectors WHERE id = $1 FOR SHARE', [collectorId]);
        if (collector.rowCount === 0) throw new NotFoundError('collector');
        const { rows } = await client.query<SourceRow>(
          `INSERT INTO sources (id, collector_id, name, config, secret, state, deleting, created_at, version, generation, observed_generation)
           VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7, 1, 1, 0) RETURNING *`,
          [
            id,
            collectorId,
            config.name,
            storedConfig(config),
            this.secrets.seal(config.clientSecret, id),
            JSON.stringify(state),
            this.clock.now(),
          ],
        );
        await client.query('INSERT INTO leases (source_id) VALUES ($1) ON CONFLICT DO NOTHING', [id]);
        return rows[0];
      }),
    );
    return this.toSource(row);
  }

  async listSources(collectorId?: string): Promise<SourceRecord[]> {
    const rows =
      collectorId === undefined
        ? await this.db.rows<SourceRow>('SELECT * FROM sources ORDER BY created_at, id')
        : await this.db.rows<SourceRow>('SELECT * FROM sources WHERE collector_id = $1 ORDER BY created_at, id', [collectorId]);
    return rows.map((r) => this.toSource(r));
  }

  async getSource(id: string): Promise<SourceRecord | undefined> {
    const rows = await this.db.rows<SourceRow>('SELECT * FROM sources WHERE id = $1', [id]);
    return rows[0] && this.toSource(rows[0]);
  }

  async updateSource(id: string, config: SourceConfig, expectedVersion?: number): Promise<SourceRecord> {
    const rows = await named(() =>
      this.db.rows<SourceRow>(
        `UPDATE sources SET name = $2, config = $3, secret = $4, version = version + 1,
           generation = generation + 1
         WHERE id = $1 AND ($5::integer IS NULL OR version = $5) RETURNING *`,
        [id, config.name, storedConfig(config), this.secrets.seal(config.clientSecret, id), expectedVersion ?? null],
      ),
    );
    if (rows[0]) return this.toSource(rows[0]);
    if (!(await this.getSource(id))) throw new NotFoundError('source');
    throw stale('source');
  }

  async requestSourceRestart(id: string): Promise<void> {
    const changed = await this.db.count('UPDATE sources SET generation = generation + 1 WHERE id = $1', [id]);
    if (changed === 0) throw new NotFoundError('source');
  }

  async setSourceState(id: string, state: SourceState, observedGeneration?: number): Promise<void> {
    const changed = await this.db.count(
      'UPDATE sources SET state = $2, observed_generation = coalesce($3::integer, observed_generation) WHERE id = $1',
      [id, JSON.stringify(state), observedGeneration ?? null],
    );
    if (changed === 0) throw new NotFoundError('source');
  }

  async markSourceDeleting(id: string): Promise<void> {
    const changed = await this.db.count('UPDATE sources SET deleting = TRUE, generation = generation + 1 WHERE id = $1', [id]);
    if (changed === 0) throw new NotFoundError('source');
  }

  async deleteSource(id: string): Promise<void> {
    await this.db.tx(async (client) => {
      for (const table of ['checkpoints', 'collection_stats', 'leases'])
        await client.query(`DELETE FROM ${table} WHERE source_id = $1`, [id]);
      await client.query('DELETE FROM sources WHERE id = $1', [id]);
    });
  }

  async getCheckpoint(sourceId: string, dataType: DataType): Promise<Checkpoint | undefined> {
    const rows = await this.db.rows<{ body: string }>('SELECT body FROM checkpoints WHERE source_id = $1 AND data_type = $2', [
      sourceId,
      dataType,
    ]);
    return rows[0] && (JSON.parse(rows[0].body) as Checkpoint);
  }

  async clearCheckpoints(sourceId: string): Promise<void> {
    await this.db.rows('DELETE FROM checkpoints WHERE source_id = $1', [sourceId]);
  }

  async getCollectionStats(sourceId: string): Promise<Partial<Record<DataType, CollectionStats>>> {
    const rows = await this.db.rows<{
      data_type: DataType;
      messages: number;
      dropped: number;
      last_message_time: number | null;
      last_poll_at: number | null;
    }>('SELECT * FROM collection_stats WHERE source_id = $1', [sourceId]);
    const stats: Partial<Record<DataType, CollectionStats>> = {};
    for (const r of rows) {
      stats[r.data_type] = { messages: r.messages, dropped: r.dropped, lastMessageTime: r.last_message_time, lastPollAt: r.last_poll_at };
    }
    return stats;
  }

  async recordPoll(sourceId: string, dataType: DataType, at: number): Promise<void> {
    await this.db.rows(
      `INSERT INTO collection_stats (source_id, data_type, last_poll_at) VALUES ($1, $2, $3)
       ON CONFLICT (source_id, data_type) DO UPDATE SET last_poll_at = EXCLUDED.last_poll_at`,
      [sourceId, dataType, at],
    );
  }
}
