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
  PartitionsRepository,
  SourcesRepository,
  ThreatIndicatorsRepository,
} from './repositories.js';

/**
 * Everything the product keeps, as repositories behind one object with two implementations:
 * `duckdb` (embedded, one file in the data directory) and `postgres` (shared by many processes).
 * Services (collector, API, CLI) only ever talk to this interface.
 */

export type Row = Record<string, unknown>;

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
  /** Lookup tables and their rows (`lookup … from path://"/Library/…"`). */
  readonly lookupTables: LookupTablesRepository;
  /** Runs compiled query SQL with bound parameters (`?` placeholders for DuckDB, `$n` for PostgreSQL). */
  query(sql: string, params: readonly unknown[], signal?: AbortSignal): Promise<Row[]>;
  close(): Promise<void>;
}
