import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, MonitorCreateQuery, MonitorItemBody } from '../services/schemas.js';

/** Sumo's Monitor Management API: the monitors library tree of folders and Logs monitors. */
const monitorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { monitors } = app.services;

  app.get('/v1/monitors/root', async () => monitors.root());

  app.post('/v1/monitors', { schema: { querystring: MonitorCreateQuery, body: MonitorItemBody } }, async (request) =>
    monitors.create(request.query.parentId, request.body, request.accessId),
  );

  app.get('/v1/monitors/:id', { schema: { params: IdParams } }, async (request) => monitors.get(request.params.id));

  app.put('/v1/monitors/:id', { schema: { params: IdParams, body: MonitorItemBody } }, async (request) =>
    monitors.update(request.params.id, request.body, request.accessId),
  );

  app.delete('/v1/monitors/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await monitors.delete(request.params.id, request.headers['if-match']);
    return reply.status(204).send();
  });
};

export default monitorRoutes;
