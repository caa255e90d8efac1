import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createServices, type Services } from '../../services/index.js';
import { connectPostgresStore, type PostgresStore } from '../../store/postgres/postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from '../../store/postgres/test-database.js';
import { createSecretBox, deriveKey } from '../../store/secrets.js';
import { CASES, caseRows, setUpCases } from './__fixtures__/detection-cases.js';

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
