import type { FastifyPluginAsync } from 'fastify';
import { healthEventsFor, listOpenHealthEvents } from '../services/health.js';

type PageQuery = { Querystring: { limit?: string; token?: string } };

const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  app.get<PageQuery>('/v1/healthEvents', async (request) => listOpenHealthEvents(app.services, request.query.limit, request.query.token));

  app.post<PageQuery>('/v1/healthEvents/resources', async (request) =>
    healthEventsFor(app.services, request.body, request.query.limit, request.query.token),
  );
};

export default healthRoutes;
