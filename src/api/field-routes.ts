import type { FastifyPluginAsync } from 'fastify';

const fieldRoutes: FastifyPluginAsync = async (app) => {
  const { fields } = app.services;

  app.get('/v1/fields', async () => ({ data: await fields.list() }));

  app.post('/v1/fields', async (request) => fields.create(request.body));

  app.delete<{ Params: { id: string } }>('/v1/fields/:id', async (request, reply) => {
    await fields.delete(request.params.id);
    return reply.status(204).send();
  });
};

export default fieldRoutes;
