import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PartitionCreateBody, PartitionUpdateBody } from '../services/partitions.js';
import { IdParams } from '../services/schemas.js';

/** Sumo's Partitions API (Partition Management): where messages are routed and how long they are kept. */
const partitionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { partitions } = app.services;

  app.get('/v1/partitions', async () => partitions.list());

  app.post('/v1/partitions', { schema: { body: PartitionCreateBody } }, async (request) =>
    partitions.create(request.body, request.accessId ?? undefined),
  );

  app.get('/v1/partitions/:id', { schema: { params: IdParams } }, async (request) => partitions.get(request.params.id));

  app.put('/v1/partitions/:id', { schema: { params: IdParams, body: PartitionUpdateBody } }, async (request) =>
    partitions.update(request.params.id, request.body, request.accessId ?? undefined),
  );

  app.delete('/v1/partitions/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await partitions.delete(request.params.id);
    return reply.status(204).send();
  });
};

export default partitionRoutes;
