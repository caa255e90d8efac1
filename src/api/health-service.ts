import { type HealthEventJson, healthEventJson } from '../collector/health.js';
import { ValidationError } from '../core/errors.js';
import { HealthResourcesBody } from './schemas.js';
import type { ServiceContext } from './service-context.js';
import { validate } from './validate.js';

export interface HealthEventPage {
  data: HealthEventJson[];
  next: string | null;
}

/** `token` is the opaque continuation Sumo Logic clients pass back: here, the offset of the next page. */
function parsePage(limitText: string | undefined, token: string | undefined): { limit: number; offset: number } {
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('limit', 'must be an integer from 1 to 1000');
  const offset = token === undefined || token === '' ? 0 : Number(token);
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('token', 'is not a token this server issued');
  return { limit, offset };
}

async function page(ctx: ServiceContext, resourceIds: string[] | undefined, limitText?: string, token?: string): Promise<HealthEventPage> {
  const { limit, offset } = parsePage(limitText, token);
  const events = await ctx.store.listHealthEvents({ unresolvedOnly: true, resourceIds, limit: limit + 1, offset });
  return {
    data: events.slice(0, limit).map(healthEventJson),
    next: events.length > limit ? String(offset + limit) : null,
  };
}

export function listOpenHealthEvents(ctx: ServiceContext, limit?: string, token?: string): Promise<HealthEventPage> {
  return page(ctx, undefined, limit, token);
}

/** Resources are sources, or collectors (meaning all their sources). */
export async function healthEventsFor(ctx: ServiceContext, body: unknown, limit?: string, token?: string): Promise<HealthEventPage> {
  const { data } = validate<HealthResourcesBody>(HealthResourcesBody, body);
  const ids = new Set<string>();
  for (const resource of data) {
    if (resource.type === 'Source') ids.add(resource.id);
    else for (const source of await ctx.store.listSources(resource.id)) ids.add(source.id);
  }
  if (ids.size === 0) return { data: [], next: null };
  return page(ctx, [...ids], limit, token);
}
