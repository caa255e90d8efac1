import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthResourcesBody, PageAnswer, TokenLimitQuery } from '../services/schemas.js';

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { health } = app.services;

  app.get('/health', { config: { public: true } }, async () => ({ status: 'ok' }));

  app.get('/v1/healthEvents', { schema: { querystring: TokenLimitQuery, response: { 200: PageAnswer } } }, async (request) =>
    health.listOpen(request.query.limit, request.query.token),
  );

  // The paging parameters are judged before the body (the service's order).
  app.post(
    '/v1/healthEvents/resources',
    { schema: { querystring: TokenLimitQuery, body: HealthResourcesBody, response: { 200: PageAnswer } }, attachValidation: true },
    async (request) => health.forResources(request.body, request.query.limit, request.query.token),
  );
};

export default healthRoutes;
