import type { FastifyPluginAsync } from 'fastify';

type IdParams = { Params: { id: string } };

/** Sumo's Access Keys Management API. A change takes effect at once in this process (see Authenticator.forget). */
const accessKeyRoutes: FastifyPluginAsync = async (app) => {
  const { accessKeys } = app.services;

  app.get<{ Querystring: { limit?: string; token?: string } }>('/v1/accessKeys', async (request) => accessKeys.listPage(request.query));

  app.post('/v1/accessKeys', async (request) => accessKeys.create(request.body, request.accessId));

  app.put<IdParams>('/v1/accessKeys/:id', async (request) => {
    const updated = await accessKeys.update(request.params.id, request.body);
    app.authenticator.forget(request.params.id);
    return updated;
  });

  app.delete<IdParams>('/v1/accessKeys/:id', async (request, reply) => {
    await accessKeys.delete(request.params.id);
    app.authenticator.forget(request.params.id);
    return reply.status(204).send();
  });
};

export default accessKeyRoutes;
