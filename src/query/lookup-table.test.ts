import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOOKUP_TABLES } from './__fixtures__/lookup-tables.js';
import { DAY, MESSAGES } from './__fixtures__/messages.js';
import { runCompiledQuery } from './execute.js';
import { compileQuery } from './index.js';
import { createTestDb, loadLookupTables, loadMessages, type TestDb } from './test-support.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await loadMessages(db.connection, MESSAGES);
  await loadLookupTables(db.connection, LOOKUP_TABLES);
});
afterAll(() => db.close());

const run = (query: string) => runCompiledQuery(db.runner, compileQuery(query, { dialect: 'duckdb', from: DAY, to: DAY + 86_400_000 }));

describe('lookup from a lookup table', () => {
  it.each([
    [
      '* | lookup owner from path://"/Library/Users/x/none" on ip=ip',
      /^line 1, column 5: there is no lookup table at \/Library\/Users\/x\/none$/,
    ],
    ['* | lookup colour from path://"/Library/Users/analyst@example.com/Senders" on ip=ip', /no field colour$/],
    ['* | lookup tag from /Library/Users/analyst@example.com/Pairs on ip=x', /is keyed on ip, category: 'on' must name exactly those$/],
    ['cat path://"/Library/Users/x/none" | count', /^line 1, column 12: there is no lookup table at \/Library\/Users\/x\/none$/],
    ['* | lookup * from /Library/Users/analyst@example.com/Pairs on ip', /is keyed on ip, category: 'on' must name exactly those$/],
  ])('refuses %s before running it, with its position', async (query, message) => {
    await expect(run(query)).rejects.toMatchObject({ code: 'searchQueryError', message: expect.stringMatching(message) });
  });

  it("cat's records name the table's fields, and the query's own first", async () => {
    const result = await run('cat path://"/Library/Users/analyst@example.com/Senders" | risk * 2 as double');
    expect(result.fields.map((f) => f.name)).toEqual(['double', 'ip', 'owner', 'risk']);
    expect(result.rows[1]).toEqual({ double: 10, ip: '89.160.20.112', owner: 'partner', risk: '5' });
  });
});
