import type { FastifyPluginAsync } from 'fastify';
import { PanelRunBody } from './schemas.js';
import { validate } from './validate.js';

/** The UI's dashboard panels, run synchronously on the one search service. */
const panelRoutes: FastifyPluginAsync = async (app) => {
  app.post('/ui/panels/run', async (request) => app.services.panels.run(validate<PanelRunBody>(PanelRunBody, request.body)));
};

export default panelRoutes;
