import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AlertListAnswer, AlertListQuery, IdParams } from '../services/schemas.js';

/** The alerts monitors open (our shape, docs/api.md#alerts): list, get, acknowledge, resolve by hand. */
const alertRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { alerts } = app.services;

  app.get('/v1/alerts', { schema: { querystring: AlertListQuery, response: { 200: AlertListAnswer } } }, async (request) =>
    alerts.list(request.query),
  );

  app.get('/v1/alerts/:id', { schema: { params: IdParams } }, async (request) => alerts.get(request.params.id));

  app.post('/v1/alerts/:id/acknowledge', { schema: { params: IdParams } }, async (request) =>
    alerts.acknowledge(request.params.id, request.accessId),
  );

  app.post('/v1/alerts/:id/resolve', { schema: { params: IdParams } }, async (request) =>
    alerts.resolve(request.params.id, request.accessId),
  );
};

export default alertRoutes;
