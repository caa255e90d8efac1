import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_PAGE_OFFSET, pageNumber } from '../services/paging.js';
import { CollectorAnswer, CollectorBody, CollectorListAnswer, IdParams, OffsetLimitQuery } from '../services/schemas.js';
import { collectorJson, etag } from '../services/views.js';

function pageOf(query: { limit?: unknown; offset?: unknown }): { limit: number; offset: number } {
  return {
    limit: pageNumber(query.limit, 'limit', { fallback: 1000, min: 1, max: 1000 }),
    offset: pageNumber(query.offset, 'offset', { fallback: 0, min: 0, max: MAX_PAGE_OFFSET }),
  };
}

const collectorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { collectors } = app.services;

  app.post('/v1/collectors', { schema: { body: CollectorBody } }, async (request) => ({
    collector: collectorJson(await collectors.create(request.body), await collectors.liveness()),
  }));

  app.get('/v1/collectors', { schema: { querystring: OffsetLimitQuery, response: { 200: CollectorListAnswer } } }, async (request) => {
    const list = await collectors.list(pageOf(request.query));
    const alive = await collectors.liveness();
    return { collectors: list.map((c) => collectorJson(c, alive)) };
  });

  app.get('/v1/collectors/:id', { schema: { params: IdParams, response: { 200: CollectorAnswer } } }, async (request, reply) => {
    const collector = await collectors.get(request.params.id);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await collectors.liveness()) };
  });

  // The collector must exist and the If-Match header match before the body is judged: the service checks
  // in that order, so the schema's verdict waits for it (attachValidation).
  app.put('/v1/collectors/:id', { schema: { params: IdParams, body: CollectorBody }, attachValidation: true }, async (request, reply) => {
    const collector = await collectors.update(request.params.id, request.body, request.headers['if-match']);
    reply.header('ETag', etag(collector.version));
    return { collector: collectorJson(collector, await collectors.liveness()) };
  });

  app.delete('/v1/collectors/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await collectors.delete(request.params.id);
    return reply.status(200).send();
  });
};

export default collectorRoutes;
