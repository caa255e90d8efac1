import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { LOOKUP_LIMITS } from '../model/lookup-table.js';
import { oneOf } from '../model/validate.js';
import { IdParams } from '../services/schemas.js';
import { multipartFile } from './multipart.js';

// Query strings arrive as text: the values are spelled out rather than coerced.
const UploadQuery = Type.Object({
  merge: Type.Optional(oneOf(['true', 'false'] as const)),
  fileEncoding: Type.Optional(Type.Literal('UTF-8')),
});
const RowsQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) });

/** Lookup tables in the shape of Sumo Logic's Lookup Tables API (docs/api.md, "Lookup tables"). */
const lookupTableRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { lookupTables, accessKeys } = app.services;
  const user = async (accessId: string) => (await accessKeys.labelOf(accessId)) ?? accessId;
  // A CSV upload is the one multipart body: kept as bytes for the route to take the file part from.
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: LOOKUP_LIMITS.maxUploadBytes + 64 * 1024 },
    (_r, body, done) => done(null, body),
  );

  app.post('/v1/lookupTables', async (request) => lookupTables.create(request.body, await user(request.accessId)));
  app.get('/v1/lookupTables/:id', { schema: { params: IdParams } }, async (request) => lookupTables.get(request.params.id));
  app.put('/v1/lookupTables/:id', { schema: { params: IdParams } }, async (request) =>
    lookupTables.update(request.params.id, request.body, await user(request.accessId)),
  );
  app.delete('/v1/lookupTables/:id', { schema: { params: IdParams } }, async (request, reply) => {
    await lookupTables.delete(request.params.id);
    return reply.code(204).send();
  });
  app.post(
    '/v1/lookupTables/:id/upload',
    { schema: { params: IdParams, querystring: UploadQuery }, bodyLimit: LOOKUP_LIMITS.maxUploadBytes + 64 * 1024 },
    async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const csv = multipartFile(request.headers['content-type'], body);
      return lookupTables.upload(request.params.id, csv, request.query.merge === 'true', await user(request.accessId));
    },
  );
  app.get('/v1/lookupTables/jobs/:id/status', { schema: { params: IdParams } }, async (request) =>
    lookupTables.jobStatus(request.params.id),
  );
  app.post('/v1/lookupTables/:id/truncate', { schema: { params: IdParams } }, async (request) =>
    lookupTables.truncate(request.params.id, await user(request.accessId)),
  );
  app.put('/v1/lookupTables/:id/row', { schema: { params: IdParams } }, async (request, reply) => {
    await lookupTables.putRow(request.params.id, request.body);
    return reply.code(204).send();
  });
  app.post('/v1/lookupTables/:id/deleteTableRow', { schema: { params: IdParams } }, async (request, reply) => {
    await lookupTables.deleteRow(request.params.id, request.body);
    return reply.code(204).send();
  });
  app.get('/v1/lookupTables/:id/rows', { schema: { params: IdParams, querystring: RowsQuery } }, async (request) =>
    lookupTables.rows(request.params.id, request.query.limit === undefined ? undefined : Number(request.query.limit)),
  );
};

export default lookupTableRoutes;
