import type { FastifyPluginAsync } from 'fastify';

/** At the root, where Prometheus looks by default; not public, so a scrape sends an access key (basic_auth). */
export const prefix = '';

const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', async (_request, reply) => {
    const { contentType, text } = await app.services.metrics.render();
    return reply.type(contentType).send(text);
  });
};

export default metricsRoutes;
