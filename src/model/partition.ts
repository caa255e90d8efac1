import { MAIN_INDEX, METADATA_COLUMNS, type Message } from './message.js';

/**
 * A partition (Sumo's Partitions API): the messages whose metadata match its routing expression when they
 * are stored, kept for its retention period. Messages that match no partition go to DEFAULT_PARTITION.
 */
export interface PartitionRecord {
  id: string;
  name: string;
  /** The scope expression as the user wrote it ('' for the default partition, which takes the rest). */
  routingExpression: string;
  /** The expression compiled once (services/partitions.ts), so the store can route without the query parser. */
  routing: RoutingCondition | null;
  /** Days a message is kept, by its message time. */
  retentionPeriod: number;
  /** A shortened period that takes effect at `retentionEffectiveAt` (Sumo's seven-day grace). */
  newRetentionPeriod: number | null;
  retentionEffectiveAt: number | null;
  analyticsTier: string;
  isCompliant: boolean;
  /** False: a search without `_index` leaves this partition out (Sumo's default scope); `_index=NAME` still finds it. */
  isIncludedInDefaultSearch: boolean;
  createdAt: number;
  createdBy: string;
  modifiedAt: number;
  modifiedBy: string;
}

/** A partition as Sumo's Partitions API answers it. */
export interface PartitionView {
  id: string;
  name: string;
  routingExpression: string;
  analyticsTier: string;
  retentionPeriod: number;
  newRetentionPeriod?: number;
  retentionEffectiveAt?: string;
  isCompliant: boolean;
  isIncludedInDefaultSearch: boolean;
  isActive: boolean;
  totalBytes: number;
  indexType: 'DefaultIndex' | 'Partition';
  createdAt: string;
  createdBy: string;
  modifiedAt: string;
  modifiedBy: string;
}

export const DEFAULT_PARTITION = 'sumologic_default';
export const DEFAULT_PARTITION_ID = '0000000000000001';
export const DEFAULT_RETENTION_DAYS = 30;
export const DAY_MS = 86_400_000;

/**
 * A routing expression reduced to what routing needs: metadata and field comparisons (case-insensitive,
 * `*` wildcards) joined by and, or, not. Patterns are kept lower-case.
 */
export type RoutingCondition =
  | { op: 'and' | 'or'; args: RoutingCondition[] }
  | { op: 'not'; arg: RoutingCondition }
  | { op: 'eq'; field: string; pattern: string };

function fieldValue(message: Message, field: string): string | undefined {
  const meta = METADATA_COLUMNS.find((c) => c.field === field);
  if (meta) return String(meta.value(message));
  for (const [name, value] of Object.entries(message.fields)) if (name.toLowerCase() === field) return value;
  return undefined;
}

const patterns = new Map<string, RegExp>();
function wildcard(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
      's',
    );
    patterns.set(pattern, re);
  }
  return re;
}

export function matchesRouting(condition: RoutingCondition, message: Message): boolean {
  switch (condition.op) {
    case 'and':
      return condition.args.every((c) => matchesRouting(c, message));
    case 'or':
      return condition.args.some((c) => matchesRouting(c, message));
    case 'not':
      return !matchesRouting(condition.arg, message);
    case 'eq': {
      const value = fieldValue(message, condition.field);
      if (value === undefined) return false;
      return condition.pattern.includes('*')
        ? wildcard(condition.pattern).test(value.toLowerCase())
        : value.toLowerCase() === condition.pattern;
    }
  }
}

/** The retention in force at `now`: a shortened period once its effective time has come. */
export function retentionAt(partition: PartitionRecord, now: number): number {
  if (partition.newRetentionPeriod !== null && partition.retentionEffectiveAt !== null && partition.retentionEffectiveAt <= now) {
    return partition.newRetentionPeriod;
  }
  return partition.retentionPeriod;
}

/** The oldest message time a partition keeps at `now`. */
export function retentionCutoff(partition: PartitionRecord, now: number): number {
  return now - retentionAt(partition, now) * DAY_MS;
}

/**
 * Routes collected messages (index MAIN_INDEX; health events and the audit log stay in their own indexes)
 * to the first partition whose expression they match, by name, and leaves out the messages older than the
 * retention of where they would go, so a backfill or an import never stores what the sweep would drop.
 * `partition` is left unset for the default partition.
 */
export function routeMessages(messages: readonly Message[], partitions: readonly PartitionRecord[], now: number): Message[] {
  const routed = partitions.filter((p) => p.routing !== null).sort((a, b) => a.name.localeCompare(b.name));
  const fallback = partitions.find((p) => p.name === DEFAULT_PARTITION);
  const defaultCutoff = fallback ? retentionCutoff(fallback, now) : Number.NEGATIVE_INFINITY;
  const cutoffs = new Map(routed.map((p) => [p.name, retentionCutoff(p, now)]));
  const out: Message[] = [];
  for (const message of messages) {
    const target = message.index === MAIN_INDEX ? routed.find((p) => matchesRouting(p.routing as RoutingCondition, message)) : undefined;
    const cutoff = target ? (cutoffs.get(target.name) as number) : defaultCutoff;
    if (message.messageTime < cutoff) continue;
    out.push(target ? { ...message, partition: target.name } : message);
  }
  return out;
}
