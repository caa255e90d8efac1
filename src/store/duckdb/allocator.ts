/**
 * DuckDB allocates through its own jemalloc, which keeps freed pages resident for a while so it can reuse
 * them. A checkpoint allocates and frees a lot in a burst (compressing the row groups it writes), and the
 * pages kept from one burst were still resident when the next allocation came, which made serve's peak
 * during a backfill 430–470 MB with a 128 MB `memory_limit`. Giving freed pages back at once took it to
 * 361 MB for 1 M events and 386–392 MB for 2 M (`npm run bench -- memory`, docs/running.md#measuring), for
 * up to a fifth of the ingest rate (a system call per freed run of pages).
 */
export const DUCKDB_ALLOCATOR_ENV = 'DUCKDB_JE_MALLOC_CONF';
export const RELEASE_FREED_AT_ONCE = 'dirty_decay_ms:0,muzzy_decay_ms:0';

/**
 * jemalloc reads its settings once, when DuckDB's library loads: this must run before anything imports
 * `@duckdb/node-api`. A setting the operator gave in the environment is kept.
 */
export function releaseDuckDbMemoryAtOnce(env: NodeJS.ProcessEnv = process.env): void {
  env[DUCKDB_ALLOCATOR_ENV] ??= RELEASE_FREED_AT_ONCE;
}
