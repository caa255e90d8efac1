import type { Clock } from '../core/clock.js';
import type { Message } from '../model/message.js';
import { type PartitionRecord, routeMessages } from '../model/partition.js';

/** How stale a process's view of the partitions may be when another process (PostgreSQL) changed them. */
export const PARTITIONS_TTL_MS = 10_000;

/**
 * The partitions as the messages repository routes by: read once and kept, forgotten when this process
 * changes them and re-read after PARTITIONS_TTL_MS, so a batch costs no extra query.
 */
export class PartitionRouting {
  private cached: { at: number; partitions: PartitionRecord[] } | undefined;

  constructor(
    private readonly load: () => Promise<PartitionRecord[]>,
    private readonly clock: Clock,
  ) {}

  invalidate(): void {
    this.cached = undefined;
  }

  /** The messages to store, each with its partition; the ones past their retention left out. */
  async route(messages: readonly Message[]): Promise<Message[]> {
    const now = this.clock.now();
    if (this.cached === undefined || now - this.cached.at > PARTITIONS_TTL_MS) this.cached = { at: now, partitions: await this.load() };
    return routeMessages(messages, this.cached.partitions, now);
  }
}

/** A partition as its row's body keeps it (everything but the id and name, which are columns). */
export function partitionBody(record: PartitionRecord): string {
  const { id: _id, name: _name, ...body } = record;
  return JSON.stringify(body);
}

/** Partitions stored before `isIncludedInDefaultSearch` existed are in the default scope, as every partition was. */
export function toPartition(row: Record<string, unknown>): PartitionRecord {
  const body = JSON.parse(String(row.body)) as Omit<PartitionRecord, 'id' | 'name'>;
  return { id: String(row.id), name: String(row.name), ...body, isIncludedInDefaultSearch: body.isIncludedInDefaultSearch ?? true };
}
