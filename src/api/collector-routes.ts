import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_LEASE_TTL_MS } from '../collector/runtime.js';
import { ValidationError } from '../core/errors.js';
import { createCollector, deleteCollector, getCollector, updateCollector } from './collectors-service.js';
import type { ServiceContext } from './service-context.js';
import { collectorJson, collectorLiveness, etag } from './views.js';

type IdParams = { Params: { id: string } };

function pageOf(query: { limit?: string; offset?: string }): { limit: number; offset: number } {
  const limit = query.limit === undefined ? 1000 : Number(query.limit);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new ValidationError('limit', 'must be an integer from 1 to 1000');
  if (!Number.isInteger(offset) || offset < 0) throw new ValidationError('offset', 'must be a non-negative integer');
  return { limit, offset };
}

async function liveness(ctx: ServiceContext) {
  return collectorLiveness(await ctx.store.listProcesses(), ctx.clock.now(), DEFAULT_LEASE_TTL_MS);
}

const collectorRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.services;

  app.post('/v1/collectors', async (request) => ({
    collector: collectorJson(await createCollector(ctx, request.body), await liveness(ctx)),
  }));

  app.get<{ Querystring: { limit?: string; offset?: string } }>('/v1/collectors', async (request) => {
    const collectors = await ctx.store.listCollectors(pageOf(request.query));
    const alive = await liveness(ctx);
    return { collectors: collectors.map((c) => collectorJson(c, alive)) };
  });

  app.get<IdParams>('/v1/collectors/:id', async (request, reply) => {
    const collector = await getCollector(ctx, request.params.id);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await liveness(ctx)) };
  });

  app.put<IdParams>('/v1/collectors/:id', async (request, reply) => {
    const collector = await updateCollector(ctx, request.params.id, request.body, request.headers['if-match']);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await liveness(ctx)) };
  });

  app.delete<IdParams>('/v1/collectors/:id', async (request, reply) => {
    await deleteCollector(ctx, request.params.id);
    return reply.status(200).send();
  });
};

export default collectorRoutes;
