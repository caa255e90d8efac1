import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test support: a fresh database per test file, made from MC2C_TEST_DATABASE_URL and dropped at the end,
 * so files running in parallel never see each other's rows. In CI the variable must be set; elsewhere the
 * PostgreSQL tests are skipped without it.
 */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.MC2C_TEST_DATABASE_URL;
  if (!url && process.env.CI) {
    throw new Error('MC2C_TEST_DATABASE_URL is not set: the PostgreSQL tests need it in CI (see .ci/run)');
  }
  return url || undefined;
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
