import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CONTENT_LIMITS } from '../model/content-sync.js';
import {
  ContentJobParams,
  ContentPathQuery,
  CopyQuery,
  FolderIdParams,
  FolderJobParams,
  IdParams,
  ImportQuery,
  MoveQuery,
} from '../services/schemas.js';

/** Sumo Logic's Content Management API (docs/api.md "Content"); the jobs are done when their POST answers. */
const contentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { content, library } = app.services;

  app.post(
    '/v2/content/folders/:folderId/import',
    // The body is the untrusted definition the job judges (its failure is the job's error), up to the import limit.
    { schema: { params: FolderIdParams, querystring: ImportQuery }, bodyLimit: CONTENT_LIMITS.maxImportBytes },
    async (request) => content.startImport(request.params.folderId, request.body, request.query.overwrite === 'true'),
  );
  app.get('/v2/content/folders/:folderId/import/:jobId/status', { schema: { params: FolderJobParams } }, async (request) =>
    content.importStatus(request.params.folderId, request.params.jobId),
  );

  app.post('/v2/content/:id/export', { schema: { params: IdParams } }, async (request) => content.startExport(request.params.id));
  app.get('/v2/content/:id/export/:jobId/status', { schema: { params: ContentJobParams } }, async (request) =>
    content.exportStatus(request.params.id, request.params.jobId),
  );
  app.get('/v2/content/:id/export/:jobId/result', { schema: { params: ContentJobParams } }, async (request) =>
    content.exportResult(request.params.id, request.params.jobId),
  );

  app.get('/v2/content/path', { schema: { querystring: ContentPathQuery } }, async (request) => content.byPath(request.query.path));
  app.get('/v2/content/:id/path', { schema: { params: IdParams } }, async (request) => content.pathOf(request.params.id));

  app.post('/v2/content/:id/copy', { schema: { params: IdParams, querystring: CopyQuery } }, async (request) =>
    content.startCopy(request.params.id, request.query.destinationFolder),
  );
  app.get('/v2/content/:id/copy/:jobId/status', { schema: { params: ContentJobParams } }, async (request) =>
    content.copyStatus(request.params.id, request.params.jobId),
  );

  app.post('/v2/content/:id/move', { schema: { params: IdParams, querystring: MoveQuery } }, async (request, reply) => {
    await content.move(request.params.id, request.query.destinationFolderId);
    return reply.status(204).send();
  });

  app.delete('/v2/content/:id/delete', { schema: { params: IdParams } }, async (request) => content.startDelete(request.params.id));
  app.get('/v2/content/:id/delete/:jobId/status', { schema: { params: ContentJobParams } }, async (request) =>
    content.deleteStatus(request.params.id, request.params.jobId),
  );

  // Sumo's folder update: a new name and description. The service judges the body after the folder is found.
  app.put('/v2/content/folders/:id', { schema: { params: IdParams } }, async (request) => {
    await library.getFolder(request.params.id);
    await content.rename(request.params.id, request.body);
    return library.getFolder(request.params.id);
  });

  // The UI's rename of any item (dashboards and searches have no folder update of their own here).
  app.put('/ui/content/:id', { schema: { params: IdParams } }, async (request) => content.rename(request.params.id, request.body));
};

export default contentRoutes;
