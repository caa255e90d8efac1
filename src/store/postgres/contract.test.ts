import { afterAll, beforeAll, describe } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { storeContractTests } from '../contract/index.js';
import { createSecretBox, deriveKey } from '../secrets.js';
import { connectPostgresStore } from './postgres-store.js';
import { createTestDatabase, type TestDatabase, testDatabaseUrl } from './test-database.js';

const baseUrl = testDatabaseUrl();

describe('postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(baseUrl);
  });
  afterAll(async () => {
    await db?.drop();
  });

  // Each contract test gets an empty store: every table is emptied before it opens (DELETE: TRUNCATE's fsyncs cost ~0.6 s a test).
  storeContractTests('postgres', async (clock) => {
    const store = await connectPostgresStore({ url: db.url, secrets: createSecretBox(deriveKey('contract')), clock, logger: silentLogger });
    const tables = await store.query(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT LIKE 'messages_p%' AND tablename <> 'schema_migrations'",
      [],
    );
    for (const t of tables) await store.query(`DELETE FROM ${t.tablename}`, []);
    return store;
  });
});
