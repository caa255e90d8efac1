import { AppError } from '../core/errors.js';
import type { AlertsRepository } from './alerts.js';
import type { ConnectionsRepository } from './connections.js';
import type { MonitorsRepository } from './monitors.js';
import type {
  AccessKeysRepository,
  CheckpointsRepository,
  CollectorsRepository,
  FieldsRepository,
  HealthRepository,
  LeasesRepository,
  LibraryRepository,
  LookupTablesRepository,
  MessagesRepository,
  MimecastCredentialsRepository,
  PartitionsRepository,
  PushReceiversRepository,
  SourcesRepository,
  ThreatIndicatorsRepository,
} from './repositories.js';

/**
 * Everything the product keeps, as repositories behind one object with two implementations:
 * `duckdb` (embedded, one file in the data directory) and `postgres` (shared by many processes).
 * Services (collector, API, CLI) only ever talk to this interface.
 */

export type Row = Record<string, unknown>;

/** What `backup` wrote. */
export interface BackupSummary {
  file: string;
  messages: number;
  bytes: number;
  /** False when the key came from MC2C_SECRET_KEY: the operator keeps it, and a restore needs it again. */
  includesSecretKey: boolean;
}

export interface Store {
  readonly dialect: 'duckdb' | 'postgres';
  readonly collectors: CollectorsRepository;
  readonly sources: SourcesRepository;
  readonly checkpoints: CheckpointsRepository;
  readonly messages: MessagesRepository;
  readonly health: HealthRepository;
  readonly accessKeys: AccessKeysRepository;
  readonly fields: FieldsRepository;
  readonly library: LibraryRepository;
  readonly leases: LeasesRepository;
  /** Partitions: where each stored message goes and how long it stays. */
  readonly partitions: PartitionsRepository;
  /** The monitors library and each monitor's evaluation schedule. */
  readonly monitors: MonitorsRepository;
  /** Alert connections (webhooks), secret headers sealed. */
  readonly connections: ConnectionsRepository;
  /** Alert state and the notifications owed for it. */
  readonly alerts: AlertsRepository;
  /** Threat-intelligence indicators (`lookup … from sumo://threat/cs`, `threatlookup`). */
  readonly threatIndicators: ThreatIndicatorsRepository;
  /** Each source's Event Push receiver (token sealed) and its counts. */
  readonly pushReceivers: PushReceiversRepository;
  /** Lookup tables and their rows (`lookup … from path://"/Library/…"`). */
  readonly lookupTables: LookupTablesRepository;
  /** Mimecast tokens and rate budgets shared by several processes: PostgreSQL only (DuckDB has one process). */
  readonly mimecastCredentials?: MimecastCredentialsRepository;
  /** Runs compiled query SQL with bound parameters (`?` placeholders for DuckDB, `$n` for PostgreSQL). */
  query(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]>;
  /**
   * A consistent copy of everything, taken while the store is in use, to a new file (`mimecast-c2c backup`).
   * PostgreSQL refuses (`store.unsupported`): its own `pg_dump` does this for a shared database.
   */
  backup(file: string): Promise<BackupSummary>;
  close(): Promise<void>;
}

/** PostgreSQL's answer to `backup` and `restore`: its own tools do it for a shared database. */
export function backupNeedsPgDump(): AppError {
  return new AppError(
    'store.unsupported',
    'backup and restore copy the embedded store; for PostgreSQL use pg_dump and pg_restore (see docs/running.md#backup-and-restore)',
    { field: 'db' },
  );
}
