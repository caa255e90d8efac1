import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ConnectionBody, ConnectionDeleteQuery, EmailTestBody, IdParams, PageAnswer, TokenLimitQuery } from '../services/schemas.js';
import { etag } from '../services/views.js';

/** Sumo's Connections API (webhook connections); secret header values are answered masked. */
const connectionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { connections } = app.services;

  app.get('/v1/connections', { schema: { querystring: TokenLimitQuery, response: { 200: PageAnswer } } }, async (request) =>
    connections.listPage(request.query),
  );

  app.post('/v1/connections', { schema: { body: ConnectionBody } }, async (request, reply) => {
    const created = await connections.create(request.body, request.accessId);
    return reply.header('ETag', etag(created.version)).send(created);
  });

  // Before /:id, which would otherwise match `test` (and `email`).
  app.post('/v1/connections/test', { schema: { body: ConnectionBody } }, async (request) => connections.test(request.body));

  app.get('/v1/connections/email', async () => connections.emailServer());
  app.post('/v1/connections/email/test', { schema: { body: EmailTestBody } }, async (request) => connections.testEmail(request.body));

  app.get('/v1/connections/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const found = await connections.get(request.params.id);
    return reply.header('ETag', etag(found.version)).send(found);
  });

  app.put('/v1/connections/:id', { schema: { params: IdParams, body: ConnectionBody } }, async (request, reply) => {
    const updated = await connections.update(request.params.id, request.body, request.headers['if-match'], request.accessId);
    return reply.header('ETag', etag(updated.version)).send(updated);
  });

  app.delete('/v1/connections/:id', { schema: { params: IdParams, querystring: ConnectionDeleteQuery } }, async (request, reply) => {
    await connections.delete(request.params.id, request.query.type, request.headers['if-match']);
    return reply.status(204).send();
  });
};

export default connectionRoutes;
