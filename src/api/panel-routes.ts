import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PanelRunBody } from '../services/schemas.js';

/** The UI's dashboard panels, run synchronously on the one search service. */
const panelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/ui/panels/run', { schema: { body: PanelRunBody } }, async (request) => app.services.panels.run(request.body));
};

export default panelRoutes;
