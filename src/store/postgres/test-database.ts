import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * Test support: a fresh database per test file, made next to the run's database and dropped at the end,
 * so files running in parallel never see each other's rows. The run's database is MC2C_TEST_DATABASE_URL,
 * or a server the global setup started (test-global-setup.ts): the PostgreSQL tests always run.
 */
export function testDatabaseUrl(): string {
  const url = inject('postgresUrl');
  if (!url) throw new Error('no PostgreSQL for this file: the global setup starts one for files that call testDatabaseUrl()');
  return url;
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `mc2c_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
