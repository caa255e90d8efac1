import type { FastifyPluginAsync } from 'fastify';

type IdParams = { Params: { id: string } };
type AppParams = { Params: { uuid: string } };

/** Library (content folders, dashboards) and the app catalog, in the shape of Sumo Logic's APIs. */
const libraryRoutes: FastifyPluginAsync = async (app) => {
  const { library, accessKeys } = app.services;

  app.get('/v2/content/folders/personal', async (request) =>
    library.personalFolder((await accessKeys.labelOf(request.accessId)) ?? request.accessId),
  );

  app.get<IdParams>('/v2/content/folders/:id', async (request) => library.getFolder(request.params.id));

  app.post('/v2/content/folders', async (request) => library.createFolder(request.body));

  app.get('/v1/apps', async () => ({ apps: library.listApps() }));

  app.get<AppParams>('/v1/apps/:uuid', async (request) => ({ appDefinition: library.appPreview(request.params.uuid) }));

  app.post<AppParams>('/v1/apps/:uuid/install', async (request) => library.installApp(request.params.uuid, request.body));

  app.get<IdParams>('/v2/dashboards/:id', async (request) => library.getDashboard(request.params.id));
};

export default libraryRoutes;
