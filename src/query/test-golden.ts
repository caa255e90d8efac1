import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const inCi = Boolean(process.env.CI);
const update = process.env.UPDATE_GOLDEN === '1';

/**
 * Test support: compares generated SQL with its golden file. Outside CI a missing file is written (and
 * UPDATE_GOLDEN=1 rewrites them all) so a new case starts from its output, to be read before committing;
 * in CI nothing is ever written, so a golden file that was not committed fails the run.
 */
export function expectGolden(file: string, text: string): void {
  if (!inCi && (update || !existsSync(file))) writeFileSync(file, text);
  if (!existsSync(file)) {
    throw new Error(`golden file ${path.basename(file)} is missing; CI never writes one: run the test locally, read it, commit it`);
  }
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** A compiled query's golden text: its SQL and parameters, then each requery's (the SQL over the post stages' rows). */
export function goldenSql(compiled: { sql: string; params: unknown[]; requeries: { sql: string; params: unknown[] }[] }): string {
  const requeries = compiled.requeries.map(
    (q, i) => `-- requery ${i + 1}, over the rows of fillmissing or transpose:\n${q.sql}\n-- params: ${JSON.stringify(q.params)}\n`,
  );
  return [`${compiled.sql}\n-- params: ${JSON.stringify(compiled.params)}\n`, ...requeries].join('');
}
