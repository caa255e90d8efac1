import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DUCKDB_ALLOCATOR_ENV, RELEASE_FREED_AT_ONCE, releaseDuckDbMemoryAtOnce } from './allocator.js';

describe('releaseDuckDbMemoryAtOnce', () => {
  it('sets the allocator’s setting when the environment has none, and keeps the operator’s', () => {
    const bare: NodeJS.ProcessEnv = {};
    releaseDuckDbMemoryAtOnce(bare);
    expect(bare[DUCKDB_ALLOCATOR_ENV]).toBe(RELEASE_FREED_AT_ONCE);
    const given: NodeJS.ProcessEnv = { [DUCKDB_ALLOCATOR_ENV]: 'narenas:1' };
    releaseDuckDbMemoryAtOnce(given);
    expect(given[DUCKDB_ALLOCATOR_ENV]).toBe('narenas:1');
  });

  it('takes effect when set in a running process before DuckDB loads: memory freed by a query leaves the process', () => {
    const allocator = fileURLToPath(new URL('./allocator.ts', import.meta.url));
    // A query that allocates a few hundred MB inside DuckDB and frees it; the RSS is read once it returned.
    const script = `
      const { releaseDuckDbMemoryAtOnce } = await import(${JSON.stringify(allocator)});
      releaseDuckDbMemoryAtOnce();
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const connection = await (await DuckDBInstance.create(':memory:', { memory_limit: '1GB', threads: '2' })).connect();
      await connection.run("SELECT count(DISTINCT s) FROM (SELECT range::VARCHAR || repeat('x', 60) AS s FROM range(3000000))");
      process.stdout.write(String(process.memoryUsage().rss));`;
    const rssWith = (env: NodeJS.ProcessEnv) => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', env });
      expect(child.stderr).toBe('');
      return Number(child.stdout);
    };
    const { [DUCKDB_ALLOCATOR_ENV]: _, ...inherited } = process.env;
    const releasing = rssWith(inherited);
    const keeping = rssWith({ ...inherited, [DUCKDB_ALLOCATOR_ENV]: 'dirty_decay_ms:10000,muzzy_decay_ms:10000' });
    expect(releasing).toBeGreaterThan(0);
    expect(releasing).toBeLessThan(keeping * 0.5);
  }, 60_000);
});
