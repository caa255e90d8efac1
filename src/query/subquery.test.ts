import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadMessages, type TestDb } from './test-support.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await loadMessages(db.connection, MESSAGES);
});
afterAll(() => db.close());

const run = (query: string) => runCompiledQuery(db.runner, compileQuery(query, { dialect: 'duckdb', from: DAY, to: DAY + 86_400_000 }));
const child = (max: number) =>
  `_sourceCategory=mimecast | json "aggregateId" as id | where [subquery: _sourceCategory=mimecast | json "aggregateId" as id | count by id | sort by id asc | compose id maxresults=${max}] | count by id`;

describe('subquery row limit', () => {
  it("warns with Sumo's message when the child has more distinct rows than maxresults, and keeps the first ones", async () => {
    const cut = await run(child(2));
    expect(cut.rows).toEqual([
      { id: 'A2', _count: 3 },
      { id: 'A1', _count: 2 },
    ]);
    expect(cut.warnings).toEqual([expect.stringMatching(/^Subquery returned more records than your current limit allows \(2\)/)]);
    // Five ids (A1 to A5): a limit of five keeps them all, without a warning.
    const whole = await run(child(5));
    expect(whole.rows).toHaveLength(5);
    expect(whole.warnings).toEqual([]);
  });
});
