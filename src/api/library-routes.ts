import { type Static, Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { LibraryService } from '../content/library.js';
import { parseScopeExpression } from '../content/scope-parser.js';
import { nameString } from '../model/names.js';
import { validate } from '../model/validate.js';

const FolderBody = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    parentId: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

const InstallBody = Type.Object(
  {
    name: nameString({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(Type.String({ maxLength: 1024 })),
    destinationFolderId: Type.String({ minLength: 1 }),
    dataSourceValues: Type.Object({ logsrc: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** Library (content folders, dashboards) and the app catalog, in the shape of Sumo Logic's APIs. */
const libraryRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock } = app.services;
  const library = new LibraryService({ store, parseScope: parseScopeExpression, now: () => clock.now() });

  app.get('/v2/content/folders/personal', async (request) => {
    const key = (await store.listAccessKeys()).find((k) => k.accessId === request.accessId);
    return library.personalFolder(key?.name ?? request.accessId);
  });

  app.get<{ Params: { id: string } }>('/v2/content/folders/:id', async (request) => library.getFolder(request.params.id));

  app.post('/v2/content/folders', async (request) => {
    const body = validate<Static<typeof FolderBody>>(FolderBody, request.body);
    return library.createFolder(body);
  });

  app.get('/v1/apps', async () => ({ apps: library.listApps() }));

  /** The app's definition, for the catalog's dashboard preview. */
  app.get<{ Params: { uuid: string } }>('/v1/apps/:uuid', async (request) => {
    const definition = library.getApp(request.params.uuid);
    return {
      appDefinition: {
        uuid: definition.uuid,
        name: definition.name,
        description: definition.description,
        dashboards: definition.dashboards.map((d) => ({
          title: d.title,
          description: d.description,
          variables: d.variables.map((v) => v.name),
          panels: d.panels.map((p) => ({ title: p.title, visualisation: p.visualisation, position: p.position })),
        })),
      },
    };
  });

  app.post<{ Params: { uuid: string } }>('/v1/apps/:uuid/install', async (request) => {
    library.getApp(request.params.uuid);
    const body = validate<Static<typeof InstallBody>>(InstallBody, request.body);
    return library.installApp(request.params.uuid, body);
  });

  app.get<{ Params: { id: string } }>('/v2/dashboards/:id', async (request) => library.getDashboard(request.params.id));
};

export default libraryRoutes;
