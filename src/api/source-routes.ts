import type { FastifyPluginAsync } from 'fastify';
import { etag, sourceDownloadJson } from './views.js';

type CollectorParams = { Params: { cid: string } };
type SourceParams = { Params: { cid: string; sid: string } };

const sourceRoutes: FastifyPluginAsync = async (app) => {
  const { sources } = app.services;
  const one = async (cid: string, sid: string) => {
    const source = await sources.get(cid, sid);
    const [view] = await sources.views([source]);
    return { source, view };
  };

  app.post<CollectorParams>('/v1/collectors/:cid/sources', async (request, reply) => {
    const created = await sources.create(request.params.cid, request.body);
    const { source, view } = await one(request.params.cid, created.id);
    reply.header('ETag', etag(source.version));
    return { source: view };
  });

  app.get<CollectorParams>('/v1/collectors/:cid/sources', async (request) => ({
    sources: await sources.views(await sources.list(request.params.cid)),
  }));

  app.get<SourceParams & { Querystring: { download?: string } }>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    const { source, view } = await one(request.params.cid, request.params.sid);
    reply.header('ETag', etag(source.version));
    return request.query.download === 'true' ? sourceDownloadJson(source) : { source: view };
  });

  app.put<SourceParams>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    const { cid, sid } = request.params;
    await sources.update(cid, sid, request.body, request.headers['if-match']);
    const { source, view } = await one(cid, sid);
    reply.header('ETag', etag(source.version));
    return { source: view };
  });

  app.delete<SourceParams>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    await sources.delete(request.params.cid, request.params.sid);
    return reply.status(200).send();
  });

  app.post<SourceParams>('/v1/collectors/:cid/sources/:sid/action/restart', async (request) => {
    const { cid, sid } = request.params;
    await sources.restart(cid, sid);
    const { view } = await one(cid, sid);
    return { source: view };
  });
};

export default sourceRoutes;
