import type { FastifyPluginAsync } from 'fastify';
import { runPanel } from '../search/panels.js';
import { createSearchService } from '../search/search-service.js';
import { PanelRunBody } from './schemas.js';
import { validate } from './validate.js';

/** The UI's dashboard panels, run synchronously: the route only translates HTTP to search/panels.ts. */
const panelRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, logger } = app.services;
  const search = createSearchService({ store, clock, logger: logger.child({ component: 'panels' }) });
  app.addHook('onClose', async () => search.close());

  app.post('/ui/panels/run', async (request) => runPanel({ search }, validate<PanelRunBody>(PanelRunBody, request.body)));
};

export default panelRoutes;
