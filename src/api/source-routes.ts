import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CollectorParams, SourceListAnswer, SourceParams, SourceQuery, sourceBodySchema } from '../services/schemas.js';
import { etag, sourceDownloadJson } from '../services/views.js';

const sourceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { sources } = app.services;
  const SourceBody = sourceBodySchema(sources.minPollSec);
  const one = async (cid: string, sid: string) => {
    const source = await sources.get(cid, sid);
    const [view] = await sources.views([source]);
    return { source, view };
  };

  // sourceType before the schema, so a missing or foreign type gets its own code, as in Sumo Logic.
  app.post(
    '/v1/collectors/:cid/sources',
    { schema: { params: CollectorParams, body: SourceBody }, preValidation: async (request) => sources.checkType(request.body) },
    async (request, reply) => {
      const created = await sources.create(request.params.cid, request.body);
      const { source, view } = await one(request.params.cid, created.id);
      reply.header('ETag', etag(source.version));
      return { source: view };
    },
  );

  app.get('/v1/collectors/:cid/sources', { schema: { params: CollectorParams, response: { 200: SourceListAnswer } } }, async (request) => ({
    sources: await sources.views(await sources.list(request.params.cid)),
  }));

  app.get('/v1/collectors/:cid/sources/:sid', { schema: { params: SourceParams, querystring: SourceQuery } }, async (request, reply) => {
    const { source, view } = await one(request.params.cid, request.params.sid);
    reply.header('ETag', etag(source.version));
    return request.query.download === 'true' ? sourceDownloadJson(source) : { source: view };
  });

  // The source must exist and the If-Match header match before the body is judged (the service's order).
  app.put(
    '/v1/collectors/:cid/sources/:sid',
    { schema: { params: SourceParams, body: SourceBody }, attachValidation: true },
    async (request, reply) => {
      const { cid, sid } = request.params;
      await sources.update(cid, sid, request.body, request.headers['if-match']);
      const { source, view } = await one(cid, sid);
      reply.header('ETag', etag(source.version));
      return { source: view };
    },
  );

  app.delete('/v1/collectors/:cid/sources/:sid', { schema: { params: SourceParams } }, async (request, reply) => {
    await sources.delete(request.params.cid, request.params.sid);
    return reply.status(200).send();
  });

  app.post('/v1/collectors/:cid/sources/:sid/action/restart', { schema: { params: SourceParams } }, async (request) => {
    const { cid, sid } = request.params;
    await sources.restart(cid, sid);
    const { view } = await one(cid, sid);
    return { source: view };
  });
};

export default sourceRoutes;
