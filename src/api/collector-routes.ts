import type { FastifyPluginAsync } from 'fastify';
import { MAX_PAGE_OFFSET, pageNumber } from './paging.js';
import { collectorJson, etag } from './views.js';

type IdParams = { Params: { id: string } };

function pageOf(query: { limit?: string; offset?: string }): { limit: number; offset: number } {
  return {
    limit: pageNumber(query.limit, 'limit', { fallback: 1000, min: 1, max: 1000 }),
    offset: pageNumber(query.offset, 'offset', { fallback: 0, min: 0, max: MAX_PAGE_OFFSET }),
  };
}

const collectorRoutes: FastifyPluginAsync = async (app) => {
  const { collectors } = app.services;

  app.post('/v1/collectors', async (request) => ({
    collector: collectorJson(await collectors.create(request.body), await collectors.liveness()),
  }));

  app.get<{ Querystring: { limit?: string; offset?: string } }>('/v1/collectors', async (request) => {
    const list = await collectors.list(pageOf(request.query));
    const alive = await collectors.liveness();
    return { collectors: list.map((c) => collectorJson(c, alive)) };
  });

  app.get<IdParams>('/v1/collectors/:id', async (request, reply) => {
    const collector = await collectors.get(request.params.id);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await collectors.liveness()) };
  });

  app.put<IdParams>('/v1/collectors/:id', async (request, reply) => {
    const collector = await collectors.update(request.params.id, request.body, request.headers['if-match']);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await collectors.liveness()) };
  });

  app.delete<IdParams>('/v1/collectors/:id', async (request, reply) => {
    await collectors.delete(request.params.id);
    return reply.status(200).send();
  });
};

export default collectorRoutes;
