import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import type { SourceRecord } from '../model/source.js';
import type { SourceConfig } from '../model/source-config.js';
import { parseSourceConfig } from '../model/source-config.js';
import { validate } from '../model/validate.js';
import { compileRules } from '../pipeline/rules.js';
import { checkIfMatch, type ServiceContext } from './context.js';
import { type SourceBody, sourceBodySchema } from './schemas.js';
import { type SourceViewContext, sourceJson } from './views.js';

const bodySchemas = new Map<number, ReturnType<typeof sourceBodySchema>>();

function schemaFor(minPollSec: number) {
  let schema = bodySchemas.get(minPollSec);
  if (!schema) {
    schema = sourceBodySchema(minPollSec);
    bodySchemas.set(minPollSec, schema);
  }
  return schema;
}

/** sourceType and schemaRef first, so a missing or foreign type gets its own code, as in Sumo Logic. */
function checkType(body: unknown): void {
  const source = (body as { source?: { sourceType?: unknown } } | null)?.source;
  if (typeof source !== 'object' || source === null) return;
  if (source.sourceType === undefined || source.sourceType === '')
    throw new ValidationError('sourceType', 'is required', 'EmptySourceType');
  if (source.sourceType !== 'Universal') throw new ValidationError('sourceType', 'must be Universal', 'InvalidSourceType');
}

/**
 * Validates a source body and fills the documented defaults (model/source-config.ts), then compiles its
 * processing rules: RE2 syntax and capture groups are only known to the engine. `storedSecret` is what
 * the secret mask stands for.
 */
function sourceConfigOf(ctx: ServiceContext, body: unknown, storedSecret?: string): SourceConfig {
  checkType(body);
  const parsed = validate<SourceBody>(schemaFor(ctx.minPollSec), body, 'source.');
  const config = parseSourceConfig(parsed.source.config, { minPollSec: ctx.minPollSec, now: ctx.clock.now(), storedSecret });
  compileRules(config.filters, { hashAlgorithm: config.hashAlgorithm });
  return config;
}

async function assertUniqueName(ctx: ServiceContext, collectorId: string, name: string, exceptId?: string): Promise<void> {
  const siblings = await ctx.store.sources.list(collectorId);
  if (siblings.some((s) => s.config.name === name && s.id !== exceptId && !s.deleting)) {
    throw new AppError('DuplicateResourceName', 'A resource with the same name already exists.', { field: 'config.name' });
  }
}

async function collectorOrThrow(ctx: ServiceContext, collectorId: string): Promise<void> {
  if (!(await ctx.store.collectors.get(collectorId))) throw new NotFoundError(`collector ${collectorId}`);
}

async function getSource(ctx: ServiceContext, collectorId: string, sourceId: string): Promise<SourceRecord> {
  const source = await ctx.store.sources.get(sourceId);
  if (!source || source.collectorId !== collectorId) throw new NotFoundError(`source ${sourceId}`);
  return source;
}

async function createSource(ctx: ServiceContext, collectorId: string, body: unknown): Promise<SourceRecord> {
  await collectorOrThrow(ctx, collectorId);
  const config = sourceConfigOf(ctx, body);
  await assertUniqueName(ctx, collectorId, config.name);
  const source = await ctx.store.sources.create(collectorId, config);
  if (ctx.control) await ctx.control.sourceChanged(source.id);
  return source;
}

/**
 * A full replacement of the config, which the runtime acts on like a restart (the store bumps the
 * generation); checkpoints kept unless the account changed.
 */
async function updateSource(
  ctx: ServiceContext,
  collectorId: string,
  sourceId: string,
  body: unknown,
  ifMatch: string | undefined,
): Promise<SourceRecord> {
  const current = await getSource(ctx, collectorId, sourceId);
  if (current.deleting) throw new NotFoundError(`source ${sourceId}`);
  checkIfMatch(ifMatch, current.version);
  const config = sourceConfigOf(ctx, body, current.config.clientSecret);
  await assertUniqueName(ctx, collectorId, config.name, sourceId);
  await ctx.store.sources.update(sourceId, config, current.version);
  if (config.clientID !== current.config.clientID) await ctx.store.checkpoints.clear(sourceId);
  return requested(ctx, collectorId, sourceId);
}

/** Asks for a restart (a new generation); the runtime moves the source back to Pending. */
async function restartSource(ctx: ServiceContext, collectorId: string, sourceId: string): Promise<SourceRecord> {
  const current = await getSource(ctx, collectorId, sourceId);
  if (current.deleting) throw new NotFoundError(`source ${sourceId}`);
  await ctx.store.sources.requestRestart(sourceId);
  return requested(ctx, collectorId, sourceId);
}

/**
 * After an update or restart request: health events resolved, and the source as it is once this process's
 * runtime has acted on it. With no runtime here the state stays as stored until the lease holder acts.
 */
async function requested(ctx: ServiceContext, collectorId: string, sourceId: string): Promise<SourceRecord> {
  await ctx.health.resolveAll(sourceId);
  if (ctx.control) await ctx.control.sourceChanged(sourceId);
  return getSource(ctx, collectorId, sourceId);
}

/**
 * Answers at once: the runtime moves the source to Stopping, stops its task, then removes it. With no
 * runtime in this process there is no task here to stop, so the source is removed at once.
 */
async function deleteSource(ctx: ServiceContext, collectorId: string, sourceId: string): Promise<void> {
  await getSource(ctx, collectorId, sourceId);
  await ctx.store.sources.markDeleting(sourceId);
  if (ctx.control) {
    ctx.control.sourceDeleted(sourceId).catch((error: unknown) => {
      ctx.logger.error('source deletion failed; retried at the next tick', { sourceId, error: String(error) });
    });
    return;
  }
  await ctx.health.resolveAll(sourceId);
  await ctx.store.sources.delete(sourceId);
}

async function listSources(ctx: ServiceContext, collectorId: string): Promise<SourceRecord[]> {
  await collectorOrThrow(ctx, collectorId);
  return ctx.store.sources.list(collectorId);
}

/** The sources' JSON with their health, progress and dropped fields, read in a few store calls. */
async function sourceViews(ctx: ServiceContext, sources: SourceRecord[]) {
  if (sources.length === 0) return [];
  const schemaFields = new Set((await ctx.store.fields.list()).map((f) => f.fieldName));
  const events = await ctx.store.health.list({
    unresolvedOnly: true,
    resourceIds: sources.map((s) => s.id),
    limit: 10_000,
    offset: 0,
  });
  const views = [];
  for (const source of sources) {
    const view: SourceViewContext = {
      openEvents: events.filter((e) => e.resourceIdentity.id === source.id),
      stats: await ctx.store.checkpoints.stats(source.id),
      pushReceiver: await ctx.store.pushReceivers.get(source.id),
      schemaFields,
      now: ctx.clock.now(),
    };
    views.push(sourceJson(source, view));
  }
  return views;
}

export type SourcesService = ReturnType<typeof createSourcesService>;

/** A collector's Mimecast sources; a change is told to the running collector so it applies at once. */
export function createSourcesService(ctx: ServiceContext) {
  return {
    /** The sourceType check alone, for a caller that checks it before the body's schema (the API's order). */
    checkType,
    /** The smallest pollingIntervalSec a source may have here (the API's body schema takes it). */
    minPollSec: ctx.minPollSec,
    parseConfig: (body: unknown, storedSecret?: string) => sourceConfigOf(ctx, body, storedSecret),
    get: (collectorId: string, sourceId: string) => getSource(ctx, collectorId, sourceId),
    list: (collectorId: string) => listSources(ctx, collectorId),
    create: (collectorId: string, body: unknown) => createSource(ctx, collectorId, body),
    update: (collectorId: string, sourceId: string, body: unknown, ifMatch: string | undefined) =>
      updateSource(ctx, collectorId, sourceId, body, ifMatch),
    restart: (collectorId: string, sourceId: string) => restartSource(ctx, collectorId, sourceId),
    delete: (collectorId: string, sourceId: string) => deleteSource(ctx, collectorId, sourceId),
    views: (sources: SourceRecord[]) => sourceViews(ctx, sources),
  };
}
