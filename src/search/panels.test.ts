import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { DAY, MESSAGES } from '../query/__fixtures__/messages.js';
import { compileQuery } from '../query/index.js';
import { toStoreMessage } from '../query/test-support.js';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.js';
import type { Store } from '../store/store.js';
import { runPanel } from './panels.js';
import { createSearchService, type SearchService } from './search-service.js';

let dir: string;
let store: Store;
let search: SearchService;
/** Every statement the search service sent to the (real) store. */
const statements: string[] = [];
const clock = new ManualClock(DAY + 86_400_000);

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'mc2c-panels-'));
  store = await openDuckDbStore({ dataDir: dir, clock, logger: silentLogger });
  await store.messages.append(MESSAGES.map(toStoreMessage));
  const recording = {
    dialect: store.dialect,
    lookupTables: store.lookupTables,
    query: (sql: string, params: readonly unknown[], signal?: AbortSignal) => {
      statements.push(sql);
      return store.query(sql, params, signal);
    },
  };
  search = createSearchService({ store: recording, clock, logger: silentLogger });
});

afterAll(async () => {
  search.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runPanel', () => {
  it('runs an aggregate panel query without asking the store for a histogram', async () => {
    const query = '_sourceCategory=mimecast | json "direction" as direction | where direction matches "{{direction}}" | count';
    const range = { from: DAY, to: DAY + 86_400_000 };
    statements.length = 0;
    const result = await runPanel({ search }, { query, variables: { direction: 'Inbound' }, ...range });
    expect(result.rows).toEqual([{ _count: 6 }]);
    const compiled = compileQuery(query, { dialect: 'duckdb', ...range, variables: { direction: 'Inbound' } });
    expect(statements).toEqual([compiled.sql]);
    expect(statements).not.toContain(compiled.histogram.sql);
  });
});
