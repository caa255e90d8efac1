import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { silentLogger } from '../../core/logger.js';
import { storeContractTests } from '../store-contract.js';
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
