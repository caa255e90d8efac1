import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppListAnswer, FolderBody, IdParams, InstallBody, UuidParams } from '../services/schemas.js';

/** Library (content folders, dashboards) and the app catalog, in the shape of Sumo Logic's APIs. */
const libraryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { library, accessKeys } = app.services;

  app.get('/v2/content/folders/personal', async (request) =>
    library.personalFolder((await accessKeys.labelOf(request.accessId)) ?? request.accessId),
  );

  app.get('/v2/content/folders/:id', { schema: { params: IdParams } }, async (request) => library.getFolder(request.params.id));

  app.post('/v2/content/folders', { schema: { body: FolderBody } }, async (request) => library.createFolder(request.body));

  app.get('/v1/apps', { schema: { response: { 200: AppListAnswer } } }, async () => ({ apps: library.listApps() }));

  app.get('/v1/apps/:uuid', { schema: { params: UuidParams } }, async (request) => ({
    appDefinition: library.appPreview(request.params.uuid),
  }));

  // An unknown app is a 404 before the body is judged (the service's order).
  app.post('/v1/apps/:uuid/install', { schema: { params: UuidParams, body: InstallBody }, attachValidation: true }, async (request) =>
    library.installApp(request.params.uuid, request.body, request.accessId),
  );
};

export default libraryRoutes;
