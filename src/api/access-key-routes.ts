import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AccessKeyCreateBody, AccessKeyUpdateBody, IdParams, PageAnswer, TokenLimitQuery } from '../services/schemas.js';

/** Sumo's Access Keys Management API. A change takes effect at once in this process (see Authenticator.forget). */
const accessKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accessKeys } = app.services;

  app.get('/v1/accessKeys', { schema: { querystring: TokenLimitQuery, response: { 200: PageAnswer } } }, async (request) =>
    accessKeys.listPage(request.query),
  );

  app.post('/v1/accessKeys', { schema: { body: AccessKeyCreateBody } }, async (request) =>
    accessKeys.create(request.body, request.accessId),
  );

  app.put('/v1/accessKeys/:id', { schema: { params: IdParams, body: AccessKeyUpdateBody } }, async (request) => {
    const updated = await accessKeys.update(request.params.id, request.body);
    app.authenticator.forget(request.params.id);
    return updated;
  });

  app.delete('/v1/accessKeys/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await accessKeys.delete(request.params.id);
    app.authenticator.forget(request.params.id);
    return reply.status(204).send();
  });
};

export default accessKeyRoutes;
