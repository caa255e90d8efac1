import { DEFAULT_LEASE_TTL_MS } from '../collector/runtime.js';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import type { CollectorInput, CollectorRecord } from '../model/collector.js';
import { FieldNameKey } from '../model/names.js';
import { validate, validateKeys } from '../model/validate.js';
import { checkIfMatch, type ServiceContext } from './context.js';
import { CollectorBody } from './schemas.js';
import { collectorLiveness } from './views.js';

const MAX_NAME = 128;
const MAX_DESCRIPTION = 1024;

function toInput(body: unknown): CollectorInput {
  const { collector } = validate<CollectorBody>(CollectorBody, body, 'collector.');
  validateKeys(FieldNameKey, collector.fields, 'fields');
  if (collector.name.length > MAX_NAME) throw new ValidationError('name', `must be at most ${MAX_NAME} characters`, 'CollectorNameTooLong');
  const description = collector.description ?? '';
  if (description.length > MAX_DESCRIPTION) {
    throw new ValidationError('description', `must be at most ${MAX_DESCRIPTION} characters`, 'CollectorDescriptionTooLong');
  }
  return { name: collector.name, description, category: collector.category ?? '', fields: collector.fields ?? {} };
}

async function assertUniqueName(ctx: ServiceContext, name: string, exceptId?: string): Promise<void> {
  const all = await ctx.store.collectors.list();
  if (all.some((c) => c.name === name && c.id !== exceptId)) {
    throw new AppError('DuplicateResourceName', 'A resource with the same name already exists.', { field: 'name' });
  }
}

async function createCollector(ctx: ServiceContext, body: unknown): Promise<CollectorRecord> {
  const input = toInput(body);
  await assertUniqueName(ctx, input.name);
  return ctx.store.collectors.create(input);
}

async function getCollector(ctx: ServiceContext, id: string): Promise<CollectorRecord> {
  const collector = await ctx.store.collectors.get(id);
  if (!collector) throw new NotFoundError(`collector ${id}`);
  return collector;
}

async function updateCollector(ctx: ServiceContext, id: string, body: unknown, ifMatch: string | undefined): Promise<CollectorRecord> {
  const current = await getCollector(ctx, id);
  checkIfMatch(ifMatch, current.version);
  const input = toInput(body);
  await assertUniqueName(ctx, input.name, id);
  return ctx.store.collectors.update(id, input, current.version);
}

/** Stops and deletes the collector's sources first (their messages stay searchable). */
async function deleteCollector(ctx: ServiceContext, id: string): Promise<void> {
  await getCollector(ctx, id);
  for (const source of await ctx.store.sources.list(id)) {
    await ctx.store.sources.markDeleting(source.id);
    if (ctx.control) await ctx.control.sourceDeleted(source.id);
    if (await ctx.store.sources.get(source.id)) {
      await ctx.health.resolveAll(source.id);
      await ctx.store.sources.delete(source.id);
    }
  }
  await ctx.store.collectors.delete(id);
}

export type CollectorsService = ReturnType<typeof createCollectorsService>;

/** Hosted collectors: create, read, replace (If-Match), delete; and which serve processes are alive. */
export function createCollectorsService(ctx: ServiceContext) {
  return {
    create: (body: unknown) => createCollector(ctx, body),
    get: (id: string) => getCollector(ctx, id),
    list: (page?: { limit: number; offset: number }) => ctx.store.collectors.list(page),
    update: (id: string, body: unknown, ifMatch: string | undefined) => updateCollector(ctx, id, body, ifMatch),
    delete: (id: string) => deleteCollector(ctx, id),
    liveness: async () => collectorLiveness(await ctx.store.leases.listProcesses(), ctx.clock.now(), DEFAULT_LEASE_TTL_MS),
  };
}
