import type { FastifyPluginAsync } from 'fastify';

type PageQuery = { Querystring: { limit?: string; token?: string } };

const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  app.get<PageQuery>('/v1/healthEvents', async (request) => app.services.health.listOpen(request.query.limit, request.query.token));

  app.post<PageQuery>('/v1/healthEvents/resources', async (request) =>
    app.services.health.forResources(request.body, request.query.limit, request.query.token),
  );
};

export default healthRoutes;
