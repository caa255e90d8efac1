import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { storeContractTests } from '../contract/index.js';
import { openDuckDbStore } from './duckdb-store.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

storeContractTests('duckdb', async (clock) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-store-'));
  dirs.push(dataDir);
  return openDuckDbStore({ dataDir, clock, logger: silentLogger });
});

describe('DuckDB settings', () => {
  it('caps memory and threads: 128 MB and 2 threads unless told otherwise', async () => {
    const settings = async (options: { memoryLimit?: string; threads?: number }) => {
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mc2c-store-'));
      dirs.push(dataDir);
      const store = await openDuckDbStore({ dataDir, clock: new ManualClock(), logger: silentLogger, ...options });
      const [row] = await store.query("SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads", []);
      await store.close();
      return row;
    };
    expect(await settings({})).toEqual({ memory: '122.0 MiB', threads: 2 });
    expect(await settings({ memoryLimit: '1GiB', threads: 1 })).toEqual({ memory: '1.0 GiB', threads: 1 });
  });
});
