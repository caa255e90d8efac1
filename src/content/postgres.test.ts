import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import { silentLogger } from '../core/logger.js';
import { createServices, type Services } from '../services/index.js';
import { connectPostgresStore, type PostgresStore } from '../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../store/secrets.js';

const baseUrl = testDatabaseUrl();

/**
 * Two `serve` processes on one PostgreSQL database, as two service instances on two stores: each checks
 * If-Match, and each serializes imports into a folder, in its own process only, so the store's checks
 * (a compare-and-set for saves, a folder lock for imports) are what keep them apart.
 */
describe('content across processes on PostgreSQL', () => {
  let db: TestDatabase;
  const stores: PostgresStore[] = [];
  const services: Services[] = [];
  const clock = new ManualClock();

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
    for (let i = 0; i < 2; i++) {
      const store = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('k')), clock, logger: silentLogger });
      stores.push(store);
      services.push(createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30 } }));
    }
  });
  afterAll(async () => {
    for (const s of services) await s.close();
    for (const s of stores) await s.close();
    await db?.drop();
  });

  it('lets one of two saves over the same version through and refuses the other with 412', async () => {
    const [a, b] = services;
    const { dashboard } = await a.dashboards.create({ title: 'Shared' }, 'editor');
    for (let round = 0; round < 5; round++) {
      const read = await a.dashboards.get(dashboard.id);
      expect((await b.dashboards.get(dashboard.id)).etag).toBe(read.etag);
      const saves = await Promise.allSettled(
        [a, b].map((s, i) => s.dashboards.update(dashboard.id, { title: `Shared ${round} by ${i}` }, read.etag)),
      );
      const won = saves.filter((r) => r.status === 'fulfilled');
      const lost = saves.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(AppError);
      expect((lost[0].reason as AppError).code).toBe('precondition.failed');
      // The one that won is what both processes now read.
      const after = await b.dashboards.get(dashboard.id);
      expect(after.dashboard.title).toBe((won[0] as PromiseFulfilledResult<{ dashboard: { title: string } }>).value.dashboard.title);
    }
  });

  it('lets one of two imports of one name into one folder at the same moment succeed', async () => {
    const [a, b] = services;
    const folder = (await a.library.personalFolder('editor')).id;
    for (let round = 0; round < 5; round++) {
      const definition = { type: 'FolderSyncDefinition', name: `Imported ${round}`, description: '', children: [] };
      const jobs = await Promise.all([a, b].map((s) => s.content.startImport(folder, definition, false)));
      const statuses = jobs.map((job, i) => [a, b][i].content.importStatus(folder, job.id));
      expect(statuses.map((s) => s.error?.code ?? s.status).sort()).toEqual(['DuplicateResourceName', 'Success']);
      const children = await stores[0].library.listChildren(folder);
      expect(children.filter((c) => c.name === definition.name)).toHaveLength(1);
    }
  });

  it('lets only one of a save and a delete over the same version through', async () => {
    const [a, b] = services;
    for (let round = 0; round < 5; round++) {
      const { dashboard } = await a.dashboards.create({ title: `Doomed ${round}` }, 'editor');
      const read = await a.dashboards.get(dashboard.id);
      const [save, remove] = await Promise.allSettled([
        a.dashboards.update(dashboard.id, { title: `Saved ${round}` }, read.etag),
        b.dashboards.delete(dashboard.id, read.etag),
      ]);
      expect([save.status, remove.status].sort()).toEqual(['fulfilled', 'rejected']);
      const lost = (save.status === 'rejected' ? save : remove) as PromiseRejectedResult;
      expect(['precondition.failed', 'notfound']).toContain((lost.reason as AppError).code);
      const after = await stores[1].library.get(dashboard.id);
      if (save.status === 'fulfilled') expect(after?.name).toBe(`Saved ${round}`);
      else expect(after).toBeUndefined();
    }
  });

  it('replaces the item of a name with two overwrite imports at the same moment: both succeed, one item is left', async () => {
    const [a, b] = services;
    const folder = (await a.library.personalFolder('editor')).id;
    const definition = (by: string) => ({
      type: 'FolderSyncDefinition',
      name: 'Overwritten',
      description: by,
      children: [{ type: 'FolderSyncDefinition', name: `inside ${by}`, description: '', children: [] }],
    });
    const first = await a.content.startImport(folder, definition('first'), false);
    expect(a.content.importStatus(folder, first.id).status).toBe('Success');
    for (let round = 0; round < 5; round++) {
      const jobs = await Promise.all([a, b].map((s, i) => s.content.startImport(folder, definition(`${round}.${i}`), true)));
      const statuses = jobs.map((job, i) => [a, b][i].content.importStatus(folder, job.id));
      expect(statuses.map((s) => s.error?.code ?? s.status)).toEqual(['Success', 'Success']);
      const named = (await stores[0].library.listChildren(folder)).filter((c) => c.name === 'Overwritten');
      expect(named).toHaveLength(1);
      // The one left is whole: its own child, nothing of the other import or of the one before.
      const inside = await stores[0].library.listChildren(named[0].id);
      expect(inside.map((c) => c.name)).toEqual([`inside ${named[0].description}`]);
    }
    // Nothing is left of the replaced items below them either.
    const orphans = await stores[0].query(
      'SELECT count(*) AS n FROM content c WHERE c.parent_id IS NOT NULL AND c.parent_id NOT IN (SELECT id FROM content)',
      [],
    );
    expect(Number(orphans[0].n)).toBe(0);
  });
});
