import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { DEFAULT_MAX_ROWS } from '../query/budget.js';
import type { SearchRequest } from '../search/search-service.js';
import { pageNumber } from './paging.js';
import { validate } from './validate.js';

/** The Search Job API body (api.md); unknown members are ignored, as Sumo Logic does. */
const SearchJobBody = Type.Object({
  query: Type.String(),
  from: Type.Union([Type.String(), Type.Number()], { description: 'must be an ISO time or epoch milliseconds' }),
  to: Type.Union([Type.String(), Type.Number()], { description: 'must be an ISO time or epoch milliseconds' }),
  timeZone: Type.Optional(Type.String()),
  byReceiptTime: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  autoParsingMode: Type.Optional(Type.Union([Type.Literal('Manual'), Type.Literal('AutoParse')])),
});

/** A job keeps at most 10 000 rows: an offset or limit beyond that is a mistake, and says so. */
const OFFSET = { fallback: 0, min: 0, max: DEFAULT_MAX_ROWS };
const LIMIT = { fallback: 100, min: 0, max: DEFAULT_MAX_ROWS };

type PageRequest = { Params: { id: string }; Querystring: { offset?: unknown; limit?: unknown } };

/** Search Job API: the routes only translate HTTP to the one search service (services.close() stops its jobs). */
const searchRoutes: FastifyPluginAsync = async (app) => {
  const { search } = app.services;

  app.post('/v1/search/jobs', async (request, reply) => {
    const body = validate<SearchRequest>(SearchJobBody, request.body ?? {});
    const { id } = search.create(body, request.accessId);
    return reply.status(202).send({ id, link: { rel: 'self', href: `/api/v1/search/jobs/${id}` } });
  });

  app.get<{ Params: { id: string } }>('/v1/search/jobs/:id', async (request) => search.status(request.params.id, request.accessId));

  app.get<PageRequest>('/v1/search/jobs/:id/messages', async (request) => {
    const offset = pageNumber(request.query.offset, 'offset', OFFSET);
    const limit = pageNumber(request.query.limit, 'limit', LIMIT);
    const page = search.messages(request.params.id, request.accessId, offset, limit);
    return { fields: page.fields, messages: page.rows };
  });

  app.get<PageRequest>('/v1/search/jobs/:id/records', async (request) => {
    const offset = pageNumber(request.query.offset, 'offset', OFFSET);
    const limit = pageNumber(request.query.limit, 'limit', LIMIT);
    const page = search.records(request.params.id, request.accessId, offset, limit);
    return { fields: page.fields, records: page.rows };
  });

  app.delete<{ Params: { id: string } }>('/v1/search/jobs/:id', async (request) => {
    search.remove(request.params.id, request.accessId);
    return { id: request.params.id };
  });
};

export default searchRoutes;
