import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEFAULT_MAX_ROWS } from '../query/budget.js';
import { pageNumber } from '../services/paging.js';
import { IdParams, OffsetLimitQuery, SearchJobBody, SearchJobStatusAnswer } from '../services/schemas.js';

/** A job keeps at most 10 000 rows: an offset or limit beyond that is a mistake, and says so. */
const OFFSET = { fallback: 0, min: 0, max: DEFAULT_MAX_ROWS };
const LIMIT = { fallback: 100, min: 0, max: DEFAULT_MAX_ROWS };

const page = { params: IdParams, querystring: OffsetLimitQuery };

/** Search Job API: the routes only translate HTTP to the one search service (services.close() stops its jobs). */
const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { search } = app.services;

  // No body reads as an empty one, so the answer names the missing query rather than the body.
  app.post(
    '/v1/search/jobs',
    {
      schema: { body: SearchJobBody },
      preValidation: async (request) => {
        request.body ??= {} as typeof request.body;
      },
    },
    async (request, reply) => {
      const { id } = search.create(request.body, request.accessId);
      return reply.status(202).send({ id, link: { rel: 'self', href: `/api/v1/search/jobs/${id}` } });
    },
  );

  app.get('/v1/search/jobs/:id', { schema: { params: IdParams, response: { 200: SearchJobStatusAnswer } } }, async (request) =>
    search.status(request.params.id, request.accessId),
  );

  app.get('/v1/search/jobs/:id/messages', { schema: page }, async (request) => {
    const offset = pageNumber(request.query.offset, 'offset', OFFSET);
    const limit = pageNumber(request.query.limit, 'limit', LIMIT);
    const result = search.messages(request.params.id, request.accessId, offset, limit);
    return { fields: result.fields, messages: result.rows };
  });

  app.get('/v1/search/jobs/:id/records', { schema: page }, async (request) => {
    const offset = pageNumber(request.query.offset, 'offset', OFFSET);
    const limit = pageNumber(request.query.limit, 'limit', LIMIT);
    const result = search.records(request.params.id, request.accessId, offset, limit);
    return { fields: result.fields, records: result.rows };
  });

  app.delete('/v1/search/jobs/:id', { schema: { params: IdParams } }, async (request) => {
    search.remove(request.params.id, request.accessId);
    return { id: request.params.id };
  });
};

export default searchRoutes;
