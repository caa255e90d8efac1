import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { openStore } from './open-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-open-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('opens DuckDB in the data directory, creating it', async () => {
    const data = path.join(dir, 'nested', 'data');
    const store = await openStore({ data, clock: new ManualClock(), logger: silentLogger });
    try {
      expect(store.dialect).toBe('duckdb');
      expect((await stat(path.join(data, 'mimecast-c2c.duckdb'))).isFile()).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('refuses a database URL that is not PostgreSQL', async () => {
    await expect(openStore({ data: dir, db: 'mysql://localhost/x', clock: new ManualClock(), logger: silentLogger })).rejects.toMatchObject(
      {
        code: 'store.unsupported',
      },
    );
  });
});
