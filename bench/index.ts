/**
 * `npm run bench`: runs every benchmark in turn and prints its figures next to the baseline it is compared
 * with, measured in the same run. Each benchmark is a module exporting `run(log)`; add yours to the list.
 */
import { releaseDuckDbMemoryAtOnce } from '../src/store/duckdb/allocator.js';

// The in-process benchmarks run DuckDB with the allocator settings the CLI gives it (loaded below, after this).
releaseDuckDbMemoryAtOnce();

type Benchmark = { name: string; load: () => Promise<{ run: (log: (line: string) => void) => Promise<void> }> };

const benchmarks: Benchmark[] = [
  { name: 'ingest', load: () => import('./ingest.js') },
  { name: 'e2e-ingest', load: () => import('./e2e-ingest.js') },
  { name: 'freshness', load: () => import('./freshness.js') },
  { name: 'query', load: () => import('./query.js') },
  { name: 'client', load: () => import('./client.js') },
  { name: 'postgres', load: () => import('./postgres.js') },
  { name: 'memory', load: () => import('./memory.js') },
];

// Options (`--messages 10000000`) and their values are the benchmark's own, not benchmark names.
const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
for (const bench of benchmarks) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  console.log(`\n== ${bench.name} ==`);
  const { run } = await bench.load();
  await run((line) => console.log(line));
}
