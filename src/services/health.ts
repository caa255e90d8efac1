import { healthEventJson } from '../collector/health.js';
import type { HealthEventView } from '../model/api-views.js';
import { validate } from '../model/validate.js';
import type { ServiceContext } from './context.js';
import { MAX_PAGE_OFFSET, pageNumber } from './paging.js';
import { HealthResourcesBody } from './schemas.js';

export interface HealthEventPage {
  data: HealthEventView[];
  next: string | null;
}

/** `token` is the opaque continuation Sumo Logic clients pass back: here, the offset of the next page. */
function parsePage(limitText: unknown, token: unknown): { limit: number; offset: number } {
  return {
    limit: pageNumber(limitText, 'limit', { fallback: 100, min: 1, max: 1000 }),
    offset: pageNumber(token, 'token', { fallback: 0, min: 0, max: MAX_PAGE_OFFSET }, 'is not a token this server issued'),
  };
}

async function page(
  ctx: ServiceContext,
  resourceIds: string[] | undefined,
  { limit, offset }: { limit: number; offset: number },
): Promise<HealthEventPage> {
  const events = await ctx.store.health.list({ unresolvedOnly: true, resourceIds, limit: limit + 1, offset });
  return {
    data: events.slice(0, limit).map(healthEventJson),
    next: events.length > limit ? String(offset + limit) : null,
  };
}

function listOpenHealthEvents(ctx: ServiceContext, limit?: unknown, token?: unknown): Promise<HealthEventPage> {
  return page(ctx, undefined, parsePage(limit, token));
}

/** Resources are sources, monitors, or collectors (meaning all their sources). */
async function healthEventsFor(ctx: ServiceContext, body: unknown, limit?: unknown, token?: unknown): Promise<HealthEventPage> {
  const paging = parsePage(limit, token);
  const { data } = validate<HealthResourcesBody>(HealthResourcesBody, body);
  const ids = new Set<string>();
  for (const resource of data) {
    if (resource.type === 'Source' || resource.type === 'Monitor') ids.add(resource.id);
    else for (const source of await ctx.store.sources.list(resource.id)) ids.add(source.id);
  }
  if (ids.size === 0) return { data: [], next: null };
  return page(ctx, [...ids], paging);
}

export type HealthService = ReturnType<typeof createHealthService>;

/** Open health events, as Sumo Logic's Health Events API pages them. */
export function createHealthService(ctx: ServiceContext) {
  return {
    listOpen: (limit?: unknown, token?: unknown) => listOpenHealthEvents(ctx, limit, token),
    forResources: (body: unknown, limit?: unknown, token?: unknown) => healthEventsFor(ctx, body, limit, token),
  };
}
