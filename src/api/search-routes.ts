import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../core/errors.js';
import { validate } from '../model/validate.js';
import { createSearchService, type SearchRequest } from '../search/search-service.js';

/** The Search Job API body (api.md); unknown members are ignored, as Sumo Logic does. */
const SearchJobBody = Type.Object({
  query: Type.String(),
  from: Type.Union([Type.String(), Type.Number()], { description: 'must be an ISO time or epoch milliseconds' }),
  to: Type.Union([Type.String(), Type.Number()], { description: 'must be an ISO time or epoch milliseconds' }),
  timeZone: Type.Optional(Type.String()),
  byReceiptTime: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  autoParsingMode: Type.Optional(Type.Union([Type.Literal('Manual'), Type.Literal('AutoParse')])),
});

function pageParam(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new AppError('createValidationError', `${name}: must be a whole number`, { field: name });
  return Math.min(max, Number(value));
}

type PageRequest = { Params: { id: string }; Querystring: { offset?: string; limit?: string } };

/** Search Job API: the routes only translate HTTP to the search service the CLI also uses. */
const searchRoutes: FastifyPluginAsync = async (app) => {
  const { store, clock, logger } = app.services;
  const search = createSearchService({ store, clock, logger: logger.child({ component: 'search' }) });
  app.addHook('onClose', async () => search.close());

  app.post('/v1/search/jobs', async (request, reply) => {
    const body = validate<SearchRequest>(SearchJobBody, request.body ?? {});
    const { id } = search.create(body);
    return reply.status(202).send({ id, link: { rel: 'self', href: `/api/v1/search/jobs/${id}` } });
  });

  app.get<{ Params: { id: string } }>('/v1/search/jobs/:id', async (request) => search.status(request.params.id));

  app.get<PageRequest>('/v1/search/jobs/:id/messages', async (request) => {
    const offset = pageParam(request.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const limit = pageParam(request.query.limit, 'limit', 100, 10_000);
    const page = search.messages(request.params.id, offset, limit);
    return { fields: page.fields, messages: page.rows };
  });

  app.get<PageRequest>('/v1/search/jobs/:id/records', async (request) => {
    const offset = pageParam(request.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const limit = pageParam(request.query.limit, 'limit', 100, 10_000);
    const page = search.records(request.params.id, offset, limit);
    return { fields: page.fields, records: page.rows };
  });

  app.delete<{ Params: { id: string } }>('/v1/search/jobs/:id', async (request) => {
    search.remove(request.params.id);
    return { id: request.params.id };
  });
};

export default searchRoutes;
