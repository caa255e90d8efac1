import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { MONITOR_TYPE, MONITORS_ROOT_ID } from '../../model/monitor.js';
import { createSecretBox, deriveKey } from '../secrets.js';
import { connectPostgresStore, type PostgresStore } from './postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

const baseUrl = testDatabaseUrl();

describe.skipIf(!baseUrl)('monitors on PostgreSQL with two processes', () => {
  let db: TestDatabase;
  let a: PostgresStore;
  let b: PostgresStore;
  const clock = new ManualClock();
  beforeAll(async () => {
    db = await createTestDatabase(baseUrl!);
    const open = () => connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('k')), clock, logger: silentLogger });
    a = await open();
    b = await open();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('hands each due evaluation to exactly one of them, and opens an alert once however they race', async () => {
    for (let i = 0; i < 20; i++) {
      await a.monitors.create({
        parentId: MONITORS_ROOT_ID,
        type: MONITOR_TYPE,
        name: `m${i}`,
        body: {},
        isDisabled: false,
        createdBy: 'x',
      });
    }
    const claims = await Promise.all([a, b, a, b].map((s) => s.monitors.claimDue(clock.now(), 60_000, 8)));
    const ids = claims.flat().map((m) => m.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);

    const alert = (id: string) => ({
      id,
      monitorId: ids[0],
      triggerType: 'Critical' as const,
      seriesKey: '',
      value: 1,
      startedAt: clock.now(),
    });
    const opened = await Promise.all([a.alerts.open(alert('X1'), []), b.alerts.open(alert('X2'), []), a.alerts.open(alert('X3'), [])]);
    expect(opened.filter((o) => o !== undefined)).toHaveLength(1);
    expect(await b.alerts.listOpen(ids[0])).toHaveLength(1);
  });
});
