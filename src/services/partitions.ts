import { type Static, Type } from '@sinclair/typebox';
import type { Clock } from '../core/clock.js';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import {
  DEFAULT_PARTITION,
  DEFAULT_PARTITION_ID,
  DEFAULT_RETENTION_DAYS,
  type PartitionRecord,
  type PartitionView,
  type RoutingCondition,
  retentionAt,
} from '../model/partition.js';
import { validate } from '../model/validate.js';
import { parseScopeExpression, type ScopeExpr } from '../query/index.js';
import { PARTITIONS_TTL_MS } from '../store/partition-routing.js';
import { newId } from '../store/rules.js';
import type { Store } from '../store/store.js';
import { createStoreBudget } from './store-budget.js';

/** How often retention runs; a period shortened with reduceRetentionPeriodImmediately applies within this. */
export const SWEEP_EVERY_MS = 5 * 60_000;
/** Sumo's grace before a shortened retention period applies (unless reduceRetentionPeriodImmediately). */
export const RETENTION_GRACE_MS = 7 * 86_400_000;
const MAX_RETENTION_DAYS = 36_500;

const Retention = Type.Integer({ minimum: 1, maximum: MAX_RETENTION_DAYS });
export const PartitionCreateBody = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9_]{1,255}$' }),
  routingExpression: Type.String({ minLength: 1, maxLength: 4096 }),
  retentionPeriod: Type.Optional(Retention),
  analyticsTier: Type.Optional(Type.String({ maxLength: 64 })),
  isCompliant: Type.Optional(Type.Boolean()),
  isIncludedInDefaultSearch: Type.Optional(Type.Boolean()),
});
export const PartitionUpdateBody = Type.Object({
  routingExpression: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
  retentionPeriod: Type.Optional(Retention),
  reduceRetentionPeriodImmediately: Type.Optional(Type.Boolean()),
  isCompliant: Type.Optional(Type.Boolean()),
  isIncludedInDefaultSearch: Type.Optional(Type.Boolean()),
});
type CreateBody = Static<typeof PartitionCreateBody>;
type UpdateBody = Static<typeof PartitionUpdateBody>;

/**
 * A routing expression as routing evaluates it: Sumo routes on metadata (`_sourceCategory=mimecast/siem*`,
 * `_collector`, custom fields), so keywords and phrases, which would need the message text, are refused.
 */
export function compileRouting(text: string): RoutingCondition {
  let scope: ScopeExpr;
  try {
    scope = parseScopeExpression(text);
  } catch (error) {
    throw new ValidationError('routingExpression', `does not parse: ${(error as Error).message}`);
  }
  const convert = (e: ScopeExpr): RoutingCondition => {
    switch (e.type) {
      case 'meta': {
        const eq: RoutingCondition = { op: 'eq', field: e.field.toLowerCase(), pattern: e.value.toLowerCase() };
        return e.op === '=' ? eq : { op: 'not', arg: eq };
      }
      case 'and':
      case 'or':
        return { op: e.type, args: e.args.map(convert) };
      case 'not':
        return { op: 'not', arg: convert(e.expr) };
      default:
        throw new ValidationError(
          'routingExpression',
          'takes metadata or field comparisons only (such as _sourceCategory=mimecast/siem*), no keywords',
        );
    }
  };
  return convert(scope);
}

/** Two routing expressions overlap when they are the same text, ignoring case and spacing. */
function sameExpression(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return norm(a) === norm(b);
}

export interface PartitionsDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** MC2C_RETENTION_DAYS: the default partition's retention (DEFAULT_RETENTION_DAYS when unset). */
  retentionDays?: number;
  /** `--max-store-gb` in bytes: enforced after each retention sweep; none when unset. */
  maxStoreBytes?: number;
}

export type PartitionsService = ReturnType<typeof createPartitionsService>;

export function createPartitionsService(deps: PartitionsDeps) {
  const { store, clock } = deps;
  const defaultDays = deps.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const budget = deps.maxStoreBytes === undefined ? undefined : createStoreBudget({ ...deps, maxBytes: deps.maxStoreBytes });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();

  /** The default partition takes its retention from the server configuration at every start. */
  const ensureDefault = async () => {
    const found = await store.partitions.get(DEFAULT_PARTITION_ID);
    if (found && found.retentionPeriod === defaultDays && found.newRetentionPeriod === null) return;
    const now = clock.now();
    await store.partitions.put({
      ...(found ?? { createdAt: now, createdBy: 'system', analyticsTier: 'continuous', isCompliant: false }),
      isIncludedInDefaultSearch: true,
      id: DEFAULT_PARTITION_ID,
      name: DEFAULT_PARTITION,
      routingExpression: '',
      routing: null,
      retentionPeriod: defaultDays,
      newRetentionPeriod: null,
      retentionEffectiveAt: null,
      modifiedAt: now,
      modifiedBy: 'system',
    });
  };
  /** Names (lower case) of the partitions a search without `_index` leaves out: read by the synchronous compiler. */
  let excluded: readonly string[] = [];
  const refreshScope = async () => {
    excluded = (await store.partitions.list()).filter((p) => !p.isIncludedInDefaultSearch).map((p) => p.name.toLowerCase());
  };
  let scopeTimer: NodeJS.Timeout | undefined;
  let ready: Promise<void> | undefined;
  const whenReady = () => {
    ready ??= ensureDefault()
      .then(refreshScope)
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return ready;
  };

  const view = (p: PartitionRecord, sizes: Record<string, number>): PartitionView => {
    const pending = p.newRetentionPeriod !== null && p.retentionEffectiveAt !== null && p.retentionEffectiveAt > clock.now();
    return {
      id: p.id,
      name: p.name,
      routingExpression: p.routingExpression,
      analyticsTier: p.analyticsTier,
      retentionPeriod: retentionAt(p, clock.now()),
      ...(pending
        ? {
            newRetentionPeriod: p.newRetentionPeriod as number,
            retentionEffectiveAt: new Date(p.retentionEffectiveAt as number).toISOString(),
          }
        : {}),
      isCompliant: p.isCompliant,
      isIncludedInDefaultSearch: p.isIncludedInDefaultSearch,
      isActive: true,
      totalBytes: sizes[p.name] ?? 0,
      indexType: p.name === DEFAULT_PARTITION ? 'DefaultIndex' : 'Partition',
      createdAt: new Date(p.createdAt).toISOString(),
      createdBy: p.createdBy,
      modifiedAt: new Date(p.modifiedAt).toISOString(),
      modifiedBy: p.modifiedBy,
    };
  };

  const find = async (id: string): Promise<PartitionRecord> => {
    await whenReady();
    const found = await store.partitions.get(id);
    if (!found) throw new NotFoundError(`partition ${id}`);
    return found;
  };

  const refuseOverlap = async (routingExpression: string, id: string) => {
    const clash = (await store.partitions.list()).find((p) => p.id !== id && sameExpression(p.routingExpression, routingExpression));
    if (clash) throw new ValidationError('routingExpression', `overlaps partition ${clash.name}, which has the same expression`);
  };

  const sweep = async () => {
    await whenReady();
    const deleted = await store.partitions.sweep(clock.now());
    if (deleted > 0) deps.logger.info('retention deleted old messages', { deleted });
    return deleted + ((await budget?.enforce()) ?? 0);
  };

  return {
    /** Every partition in one page (there are few): `next` is always null. */
    async list(): Promise<{ data: PartitionView[]; next: null }> {
      await whenReady();
      const [all, sizes] = await Promise.all([store.partitions.list(), store.partitions.sizes()]);
      return { data: all.map((p) => view(p, sizes)), next: null };
    },
    async get(id: string): Promise<PartitionView> {
      const found = await find(id);
      return view(found, await store.partitions.sizes());
    },
    async create(body: unknown, by = 'system'): Promise<PartitionView> {
      await whenReady();
      const input = validate<CreateBody>(PartitionCreateBody, body);
      if (input.name.toLowerCase().startsWith('sumologic_')) throw new ValidationError('name', 'may not start with sumologic_ (reserved)');
      const routing = compileRouting(input.routingExpression);
      await refuseOverlap(input.routingExpression, '');
      const now = clock.now();
      const record = await store.partitions.put({
        id: newId(),
        name: input.name,
        routingExpression: input.routingExpression,
        routing,
        retentionPeriod: input.retentionPeriod ?? defaultDays,
        newRetentionPeriod: null,
        retentionEffectiveAt: null,
        analyticsTier: input.analyticsTier ?? 'continuous',
        isCompliant: input.isCompliant ?? false,
        isIncludedInDefaultSearch: input.isIncludedInDefaultSearch ?? true,
        createdAt: now,
        createdBy: by,
        modifiedAt: now,
        modifiedBy: by,
      });
      await refreshScope();
      return view(record, {});
    },
    async update(id: string, body: unknown, by = 'system'): Promise<PartitionView> {
      const input = validate<UpdateBody>(PartitionUpdateBody, body);
      const found = await find(id);
      if (found.name === DEFAULT_PARTITION && input.isIncludedInDefaultSearch === false) {
        throw new ValidationError('isIncludedInDefaultSearch', `${DEFAULT_PARTITION} is always in the default search scope`);
      }
      if (found.name === DEFAULT_PARTITION && (input.retentionPeriod !== undefined || input.routingExpression !== undefined)) {
        throw new ValidationError(
          input.retentionPeriod !== undefined ? 'retentionPeriod' : 'routingExpression',
          `of ${DEFAULT_PARTITION} is set by the server (MC2C_RETENTION_DAYS)`,
        );
      }
      // Sumo's rule: a compliant partition stays compliant and its retention only grows.
      if (found.isCompliant && input.isCompliant === false)
        throw new ValidationError('isCompliant', 'cannot be unset on a compliant partition');
      if (found.isCompliant && input.retentionPeriod !== undefined && input.retentionPeriod < retentionAt(found, clock.now())) {
        throw new ValidationError('retentionPeriod', 'of a compliant partition can only grow');
      }
      const next: PartitionRecord = {
        ...found,
        modifiedAt: clock.now(),
        modifiedBy: by,
        isCompliant: input.isCompliant ?? found.isCompliant,
        isIncludedInDefaultSearch: input.isIncludedInDefaultSearch ?? found.isIncludedInDefaultSearch,
      };
      if (input.routingExpression !== undefined) {
        next.routing = compileRouting(input.routingExpression);
        await refuseOverlap(input.routingExpression, id);
        next.routingExpression = input.routingExpression;
      }
      if (input.retentionPeriod !== undefined) {
        const current = retentionAt(found, clock.now());
        const shorter = input.retentionPeriod < current;
        if (shorter && input.reduceRetentionPeriodImmediately !== true) {
          next.retentionPeriod = current;
          next.newRetentionPeriod = input.retentionPeriod;
          next.retentionEffectiveAt = clock.now() + RETENTION_GRACE_MS;
        } else {
          next.retentionPeriod = input.retentionPeriod;
          next.newRetentionPeriod = null;
          next.retentionEffectiveAt = null;
        }
      }
      await store.partitions.put(next);
      await refreshScope();
      const view_ = view(next, await store.partitions.sizes());
      if (input.reduceRetentionPeriodImmediately === true) await sweep();
      return view_;
    },
    async delete(id: string): Promise<void> {
      const found = await find(id);
      if (found.name === DEFAULT_PARTITION) throw new AppError('forbidden', `${DEFAULT_PARTITION} cannot be deleted`);
      await store.partitions.delete(id);
      await refreshScope();
    },
    /** The partitions left out of a search without `_index` (isIncludedInDefaultSearch false), lower case. */
    excludedFromDefaultSearch: (): readonly string[] => excluded,
    /** Makes the default partition (with the configured retention), so what a CLI `import` stores obeys it too. */
    ready: whenReady,
    /** Runs retention (then the disk budget) now; `start` runs it every SWEEP_EVERY_MS. */
    sweep,
    /**
     * `serve`: the default partition made and the disk budget checked (before collection starts), then retention
     * now and every SWEEP_EVERY_MS.
     */
    async start(): Promise<void> {
      if (timer) return;
      await whenReady();
      await budget?.checkAtStart();
      const run = () => {
        sweeping = sweep().catch((error: unknown) => deps.logger.warn('retention sweep failed', { error: (error as Error).message }));
      };
      run();
      timer = setInterval(run, SWEEP_EVERY_MS);
      timer.unref();
      // Another process on the same PostgreSQL database may change a partition: seen within the routing's TTL.
      scopeTimer = setInterval(() => {
        refreshScope().catch((error: unknown) => deps.logger.warn('partitions not re-read', { error: (error as Error).message }));
      }, PARTITIONS_TTL_MS);
      scopeTimer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      if (scopeTimer) clearInterval(scopeTimer);
      timer = undefined;
      scopeTimer = undefined;
      await sweeping;
    },
  };
}
