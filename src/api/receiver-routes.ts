import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../core/errors.js';
import { PUSH_MAX_BODY_BYTES, PUSH_RECEIVER_PATH } from '../model/push.js';
import { PushAnswer, PushTokenParams } from '../services/schemas.js';

/** At the root: Mimecast is given a URL of its own, outside the API. */
export const prefix = '';

declare module 'fastify' {
  interface FastifyRequest {
    /** On the receiver's routes: the source whose push token the request carried. */
    pushSourceId?: string;
  }
}

const tooLarge = () =>
  new AppError('push.tooLarge', `body: is larger than ${PUSH_MAX_BODY_BYTES} bytes`, {
    field: 'body',
    details: { maxBytes: PUSH_MAX_BODY_BYTES },
  });

/** The token of `Authorization: Bearer <token>` or `Splunk <token>` (what HEC clients send). */
function headerToken(request: FastifyRequest): string {
  const match = /^(?:Bearer|Splunk)\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? '';
}

/**
 * The Event Push receiver (docs/api.md "Event Push receiver"). Public to the API's access-key check, since
 * Mimecast cannot sign in: the source's push token, in the path or the Authorization header, is checked
 * before the body is read, and failed checks are throttled per client address as sign-ins are.
 */
const receiverRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { push } = app.services;
  const throttle = app.pushThrottle;

  // Any Content-Type (Mimecast sends NDJSON as application/x-www-form-urlencoded): the body is read as text
  // here, within PUSH_MAX_BODY_BYTES, and parsed by the push service.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > PUSH_MAX_BODY_BYTES) return done(tooLarge(), undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    payload.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > PUSH_MAX_BODY_BYTES) {
        refused = true;
        done(tooLarge(), undefined);
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (!refused) done(null, Buffer.concat(chunks).toString('utf8'));
    });
    payload.on('error', (error) => {
      if (!refused) done(error, undefined);
    });
  });

  const authenticate = async (request: FastifyRequest, token: string) => {
    const address = request.ip;
    throttle.check(address, address);
    const sourceId = await push.authenticate(token);
    if (sourceId === undefined) {
      throttle.failed(address, address);
      throw new AppError('unauthorized', 'Unauthorized');
    }
    request.pushSourceId = sourceId;
  };
  const receive = async (request: FastifyRequest) => {
    const body = typeof request.body === 'string' ? request.body : '';
    const stored = await push.receive(request.pushSourceId ?? '', body);
    return { text: 'Success', code: 0, ...stored };
  };
  const config = { public: true };

  app.post(
    `${PUSH_RECEIVER_PATH}/:token`,
    {
      config: { ...config, secretPath: true },
      schema: { params: PushTokenParams, response: { 200: PushAnswer } },
      onRequest: async (request) => authenticate(request, (request.params as { token: string }).token),
    },
    receive,
  );
  app.post(
    PUSH_RECEIVER_PATH,
    { config, schema: { response: { 200: PushAnswer } }, onRequest: async (request) => authenticate(request, headerToken(request)) },
    receive,
  );
};

export default receiverRoutes;
