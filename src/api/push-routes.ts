import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PushReceiverAnswer, SourceParams } from '../services/schemas.js';

/** A source's Event Push receiver, for administrators: read it (with its token), make or regenerate it, remove it. */
const pushRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { push } = app.services;
  const path = '/v1/collectors/:cid/sources/:sid/push';

  app.get(path, { schema: { params: SourceParams, response: { 200: PushReceiverAnswer } } }, async (request) => ({
    receiver: await push.get(request.params.cid, request.params.sid),
  }));

  app.post(path, { schema: { params: SourceParams, response: { 200: PushReceiverAnswer } } }, async (request) => ({
    receiver: await push.regenerate(request.params.cid, request.params.sid),
  }));

  app.delete(path, { schema: { params: SourceParams } }, async (request, reply) => {
    await push.remove(request.params.cid, request.params.sid);
    return reply.status(200).send();
  });
};

export default pushRoutes;
