import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { MONITORS_ROOT_ID } from '../../model/monitor.js';
import { createServices, type Services } from '../../services/index.js';
import { connectPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../../store/secrets.js';
import { MIMECAST_DETECTIONS_APP } from '../mimecast-app.js';
import { CASES, caseRows, setUpCases } from './__fixtures__/detection-cases.js';
import { DETECTIONS_FOLDER, MIMECAST_DETECTIONS } from './pack.js';

const baseUrl = testDatabaseUrl();

/** The same cases as detections.test.ts, on PostgreSQL: each query compiles for it and gives the same alerts. */
describe.skipIf(!baseUrl)('the Mimecast detection pack on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresStore;
  let services: Services;
  let ids: { fire: string; quiet: string }[];
  const clock = new ManualClock();

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl!);
    store = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('k')), clock, logger: silentLogger });
    services = createServices({ store, clock, logger: silentLogger, config: { minPollSec: 30, monitorRunner: { batch: 100 } } });
    ids = await setUpCases(store, services, clock);
    await services.monitors.runOnce();
  });
  afterAll(async () => {
    await services?.close();
    await store?.close();
    await db?.drop();
  });

  it.each(caseRows())('%s: fires on its data (%s), not on the rest', async (_name, type, i) => {
    const fired = await store.alerts.listOpen(ids[i].fire);
    expect(fired.map((a) => a.triggerType)).toEqual(Array(CASES[i].alerts ?? 1).fill(type));
    expect(await store.alerts.listOpen(ids[i].quiet)).toEqual([]);
  });
});

/** Two processes (two stores, two pools) installing the pack at the same moment take turns. */
describe.skipIf(!baseUrl)('the detection pack installed by two processes at once on PostgreSQL', () => {
  let db: TestDatabase;
  const stores: PostgresStore[] = [];
  const services: Services[] = [];
  const clock = new ManualClock();

  beforeAll(async () => {
    db = await createTestDatabase(baseUrl!);
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

  it('makes one folder with each monitor once', async () => {
    const body = { name: 'Detections', destinationFolderId: 'unused', dataSourceValues: { logsrc: '_sourceCategory=mimecast' } };
    const answers = await Promise.all(services.map((s) => s.library.installApp(MIMECAST_DETECTIONS_APP.uuid, body, 'suTEST')));
    const folders = (await stores[0].monitors.children(MONITORS_ROOT_ID)).filter((c) => c.name === DETECTIONS_FOLDER);
    expect(folders).toHaveLength(1);
    expect(answers.map((a) => a.monitorsFolderId)).toEqual([folders[0].id, folders[0].id]);
    const names = (await stores[1].monitors.children(folders[0].id)).map((m) => m.name);
    expect(names.sort()).toEqual(MIMECAST_DETECTIONS.map((m) => m.name).sort());
  });
});
