import type { Clock } from '../../core/clock.js';
import type { PartitionRouting } from '../partition-routing.js';
import type { SecretBox } from '../secrets.js';
import type { Db } from './db.js';
import type { Partitions } from './partitions.js';

/** What the repositories of the PostgreSQL store share: the pool, the clock, the secret box and the day partitions. */
export interface PostgresContext {
  db: Db;
  clock: Clock;
  secrets: SecretBox;
  partitions: Partitions;
  /** The Sumo partitions (index-partitions.ts) messages are routed by. */
  routing: PartitionRouting;
}
