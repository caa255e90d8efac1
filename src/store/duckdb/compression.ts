import type { DuckDBConnection } from '@duckdb/node-api';
import type { Logger } from '../../core/logger.js';
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
 * Strings are compressed with ZSTD instead of DuckDB choosing per segment among FSST and dictionary
 * encodings. Choosing means analysing every string column of every row group at each checkpoint, and during
 * a backfill that analysis is the store's largest spike of memory outside its `memory_limit`: serve's peak
 * fell from 518–598 to 391–437 MB over a 400 000-event backfill, and the file is smaller (78 against 102 MB
 * for 200 000 SIEM messages) at the same ingest rate (docs/running.md#measuring).
 */
export type Compression = 'zstd' | 'automatic';

/** The storage version of the attached file, from its `storage_version` tag (`v1.5.0+`), or undefined. */
export function parseStorageVersion(tag: string | undefined): [number, number] | undefined {
  const match = /^v(\d+)\.(\d+)\./.exec(tag ?? '');
  return match === null ? undefined : [Number(match[1]), Number(match[2])];
}

export function compressionFor(version: [number, number] | undefined): Compression {
  if (version === undefined) return 'automatic';
  const [major, minor] = version;
  return major > ZSTD_SINCE[0] || (major === ZSTD_SINCE[0] && minor >= ZSTD_SINCE[1]) ? 'zstd' : 'automatic';
}

/**
 * Sets the store's compression from its file's format. In a file of an older format DuckDB would store forced
 * ZSTD strings uncompressed (2.6 times the disk), so such a store keeps DuckDB's choice until a backup and
 * restore rewrites it in the current format.
 */
export async function applyCompression(connection: DuckDBConnection, logger: Logger, dataDir: string): Promise<Compression> {
  const [row] = await all(
    connection,
    "SELECT tags['storage_version'] AS version FROM duckdb_databases() WHERE database_name = current_database()",
  );
  const storageVersion = typeof row?.version === 'string' ? row.version : undefined;
  const compression = compressionFor(parseStorageVersion(storageVersion));
  if (compression === 'zstd') await connection.run("SET force_compression = 'zstd'");
  else
    logger.info(
      'the store file is in an older DuckDB format: it keeps DuckDB’s own compression (a backup and restore rewrites it in the current one)',
      {
        dataDir,
        storageVersion: storageVersion ?? 'unknown',
      },
    );
  return compression;
}
