import type { DuckDBConnection } from '@duckdb/node-api';
import { all } from './connection.js';

/**
 * The on-disk format a new store file is created in. DuckDB's default (v1.0.0) cannot hold ZSTD-compressed
 * strings; a v1.5.0 file can, and only DuckDB 1.5 or later opens it (the version this package pins).
 * An existing file keeps the format it was created in.
 */
export const STORAGE_VERSION = 'v1.5.0';

/** The first storage version with ZSTD for strings. */
const ZSTD_SINCE: readonly [number, number] = [1, 2];

/**
 * How `messages.raw` is compressed: with ZSTD in a file of the current format, else as DuckDB chooses per
 * segment (FSST, dictionary). Choosing means analysing the column at every checkpoint, and for the largest
 * column that analysis was the biggest spike of serve's memory during a backfill (docs/running.md#measuring).
 * The other columns keep DuckDB's choice: its dictionary encodings are what make grouping by a typed column
 * fast (with ZSTD for every string the app's panels ran a median 1.39 times slower, for `raw` alone 0.99).
 */
export type Compression = 'zstd' | 'automatic';

/** The storage version from a file's `storage_version` tag (`v1.5.0+`), or undefined. */
export function parseStorageVersion(tag: string | undefined): [number, number] | undefined {
  const match = /^v(\d+)\.(\d+)\./.exec(tag ?? '');
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

/** In an older format DuckDB writes a ZSTD column uncompressed (2.6 times the disk): only from ZSTD_SINCE on. */
export function compressionFor(version: [number, number] | undefined): Compression {
  if (version === undefined) return 'automatic';
  const [major, minor] = version;
  return major > ZSTD_SINCE[0] || (major === ZSTD_SINCE[0] && minor >= ZSTD_SINCE[1]) ? 'zstd' : 'automatic';
}

/** The storage version tag of the connection's database file (`v1.0.0+`, `v1.5.0+`), or undefined. */
export async function storageVersionOf(connection: DuckDBConnection): Promise<string | undefined> {
  const [row] = await all(
    connection,
    "SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()",
  );
  return typeof row?.version === 'string' ? row.version : undefined;
}
