import type { FastifyPluginAsync } from 'fastify';
import { createAccessKey, deleteAccessKey, listAccessKeyPage, updateAccessKey } from '../services/access-keys.js';

type IdParams = { Params: { id: string } };

/** Sumo's Access Keys Management API. A change takes effect at once in this process (see Authenticator.forget). */
const accessKeyRoutes: FastifyPluginAsync = async (app) => {
  const { store } = app.services;

  app.get<{ Querystring: { limit?: string; token?: string } }>('/v1/accessKeys', async (request) =>
    listAccessKeyPage(store, request.query),
  );

  app.post('/v1/accessKeys', async (request) => createAccessKey(store, request.body, request.accessId));

  app.put<IdParams>('/v1/accessKeys/:id', async (request) => {
    const updated = await updateAccessKey(store, request.params.id, request.body);
    app.authenticator.forget(request.params.id);
    return updated;
  });

  app.delete<IdParams>('/v1/accessKeys/:id', async (request, reply) => {
    await deleteAccessKey(store, request.params.id);
    app.authenticator.forget(request.params.id);
    return reply.status(204).send();
  });
};

export default accessKeyRoutes;
