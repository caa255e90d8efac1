import type { FastifyPluginAsync } from 'fastify';
import { createField, deleteField } from '../services/fields.js';

const fieldRoutes: FastifyPluginAsync = async (app) => {
  const ctx = app.services;

  app.get('/v1/fields', async () => ({ data: await ctx.store.listFields() }));

  app.post('/v1/fields', async (request) => createField(ctx, request.body));

  app.delete<{ Params: { id: string } }>('/v1/fields/:id', async (request, reply) => {
    await deleteField(ctx, request.params.id);
    return reply.status(204).send();
  });
};

export default fieldRoutes;
