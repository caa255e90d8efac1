import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_LEASE_TTL_MS } from '../collector/runtime.js';
import { createCollector, deleteCollector, getCollector, updateCollector } from '../services/collectors.js';
import type { ServiceContext } from '../services/context.js';
import { MAX_PAGE_OFFSET, pageNumber } from './paging.js';
import { collectorJson, collectorLiveness, etag } from './views.js';

type IdParams = { Params: { id: string } };

function pageOf(query: { limit?: string; offset?: string }): { limit: number; offset: number } {
  return {
    limit: pageNumber(query.limit, 'limit', { fallback: 1000, min: 1, max: 1000 }),
    offset: pageNumber(query.offset, 'offset', { fallback: 0, min: 0, max: MAX_PAGE_OFFSET }),
  };
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
