import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FieldBody, FieldListAnswer, IdParams } from '../services/schemas.js';

const fieldRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { fields } = app.services;

  app.get('/v1/fields', { schema: { response: { 200: FieldListAnswer } } }, async () => ({ data: await fields.list() }));

  app.post('/v1/fields', { schema: { body: FieldBody } }, async (request) => fields.create(request.body));

  app.delete('/v1/fields/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await fields.delete(request.params.id);
    return reply.status(204).send();
  });
};

export default fieldRoutes;
