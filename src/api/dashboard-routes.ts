import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DashboardListQuery } from '../services/dashboard-schemas.js';
import { IdParams } from '../services/schemas.js';

/**
 * Sumo's Dashboard Management API. Every answer with a dashboard carries its ETag; PUT and DELETE check
 * `If-Match` when it is sent (412 when someone else saved in between).
 */
const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { dashboards, accessKeys } = app.services;
  const keyName = async (accessId: string) => (await accessKeys.labelOf(accessId)) ?? accessId;

  app.get('/v2/dashboards', { schema: { querystring: DashboardListQuery } }, async (request) =>
    dashboards.list(request.query, await keyName(request.accessId)),
  );

  // The service reads Sumo's JSON-in-a-string members before it checks the body.
  app.post('/v2/dashboards', async (request, reply) => {
    const { dashboard, etag } = await dashboards.create(request.body, await keyName(request.accessId));
    return reply.header('ETag', etag).send(dashboard);
  });

  app.get('/v2/dashboards/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const { dashboard, etag } = await dashboards.get(request.params.id);
    return reply.header('ETag', etag).send(dashboard);
  });

  app.put('/v2/dashboards/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const { dashboard, etag } = await dashboards.update(request.params.id, request.body, request.headers['if-match']);
    return reply.header('ETag', etag).send(dashboard);
  });

  app.delete('/v2/dashboards/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await dashboards.delete(request.params.id, request.headers['if-match']);
    return reply.status(204).send();
  });
};

export default dashboardRoutes;
