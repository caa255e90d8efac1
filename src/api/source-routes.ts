import type { FastifyPluginAsync } from 'fastify';
import { createSource, deleteSource, getSource, listSources, restartSource, sourceViews, updateSource } from '../services/sources.js';
import { etag, sourceDownloadJson } from './views.js';

type CollectorParams = { Params: { cid: string } };
type SourceParams = { Params: { cid: string; sid: string } };

const sourceRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.services;
  const one = async (cid: string, sid: string) => {
    const source = await getSource(ctx, cid, sid);
    const [view] = await sourceViews(ctx, [source]);
    return { source, view };
  };

  app.post<CollectorParams>('/v1/collectors/:cid/sources', async (request, reply) => {
    const created = await createSource(ctx, request.params.cid, request.body);
    const { source, view } = await one(request.params.cid, created.id);
    reply.header('ETag', etag(source.version));
    return { source: view };
  });

  app.get<CollectorParams>('/v1/collectors/:cid/sources', async (request) => ({
    sources: await sourceViews(ctx, await listSources(ctx, request.params.cid)),
  }));

  app.get<SourceParams & { Querystring: { download?: string } }>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    const { source, view } = await one(request.params.cid, request.params.sid);
    reply.header('ETag', etag(source.version));
    return request.query.download === 'true' ? sourceDownloadJson(source) : { source: view };
  });

  app.put<SourceParams>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    const { cid, sid } = request.params;
    await updateSource(ctx, cid, sid, request.body, request.headers['if-match']);
    const { source, view } = await one(cid, sid);
    reply.header('ETag', etag(source.version));
    return { source: view };
  });

  app.delete<SourceParams>('/v1/collectors/:cid/sources/:sid', async (request, reply) => {
    await deleteSource(ctx, request.params.cid, request.params.sid);
    return reply.status(200).send();
  });

  app.post<SourceParams>('/v1/collectors/:cid/sources/:sid/action/restart', async (request) => {
    const { cid, sid } = request.params;
    await restartSource(ctx, cid, sid);
    const { view } = await one(cid, sid);
    return { source: view };
  });
};

export default sourceRoutes;
