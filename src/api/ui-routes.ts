import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, NotFoundError, ValidationError } from '../core/errors.js';
import { compileRules, ruleOutcome } from '../pipeline/rules.js';
import { RuleTestBody, SignInBody } from '../services/schemas.js';
import { SESSION_COOKIE } from './session.js';

export interface UiOptions {
  /** The built UI (`vite build` → dist/ui). */
  distDir?: string;
  /** Shown as a "Demo data" badge: the server collects from the built-in simulator. */
  demo?: boolean;
}

/** dist/ui of the checkout: this file is src/api/ui-routes.ts, or dist/server/api/ui-routes.js when compiled. */
const DEFAULT_DIST = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  import.meta.url.endsWith('.js') ? '../../ui' : '../../dist/ui',
);

/**
 * The web UI's server side: sign-in sessions (an HttpOnly, SameSite=Strict cookie), a live test of a
 * processing rule for the source form, and the built UI at / (any other path gets index.html).
 * Registered without a prefix: its API routes spell out /api.
 */
const uiRoutes: FastifyPluginAsyncTypebox<UiOptions> = async (app, options) => {
  const distDir = path.resolve(options.distDir ?? DEFAULT_DIST);
  const demo = options.demo ?? false;
  const { accessKeys } = app.services;

  async function sessionInfo(accessId: string) {
    return { accessId, name: (await accessKeys.labelOf(accessId)) ?? '', demo };
  }

  function setCookie(request: FastifyRequest, reply: FastifyReply, value: string, maxAgeSec: number) {
    reply.setCookie(SESSION_COOKIE, value, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: maxAgeSec,
    });
  }

  app.post('/api/session', { config: { public: true }, schema: { body: SignInBody } }, async (request, reply) => {
    const { accessId, accessKey } = request.body;
    if (!(await app.authenticator.verifyKey(accessId, accessKey, request.ip))) {
      throw new AppError('unauthorized', 'The access id or key is not valid.');
    }
    setCookie(request, reply, app.sessions.createSession(accessId), Math.floor(app.sessions.ttlMs / 1000));
    return sessionInfo(accessId);
  });

  app.get('/api/session', async (request) => sessionInfo(request.accessId));

  // Public: signing out must work even when the session has already expired. Revoking the token makes a
  // copy of the cookie (another tab, a stolen one) useless too, not just the browser's own.
  app.delete('/api/session', { config: { public: true } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined) app.sessions.revokeSession(token);
    setCookie(request, reply, '', 0);
    return reply.status(204).send();
  });

  app.post('/api/ui/processing-rules/test', { schema: { body: RuleTestBody } }, async (request) => {
    const { body } = request;
    let compiled: ReturnType<typeof compileRules>;
    try {
      compiled = compileRules([body.rule], { hashAlgorithm: body.hashAlgorithm ?? 'MD5' });
    } catch (error) {
      // The one rule is tested alone: name its fields as this body does, not as a source config would.
      if (error instanceof ValidationError && error.field) {
        throw new ValidationError(error.field.replace(/^config\.filters\[0\]/, 'rule'), error.rule, error.code);
      }
      throw error;
    }
    // One sample of bounded size: evaluated at once. A Mask or Hash that grows it past the limit drops it, as a source would.
    const outcome = ruleOutcome(compiled, body.sample);
    const { kept } = outcome;
    const output = outcome.kept ? outcome.text : '';
    const matched =
      body.rule.filterType === 'Include' ? kept : body.rule.filterType === 'Exclude' ? !kept : !kept || output !== body.sample;
    return { kept, matched, output };
  });

  await app.register(fastifyStatic, { root: distDir, serve: false });

  // Public so that the sign-in page loads; an /api path that reaches it matched no API route, and answers
  // 404 only to a caller with credentials (default deny).
  app.get('/*', { config: { public: true, ui: true } }, async (request, reply) => {
    const urlPath = safeDecode(request.url.split('?')[0]);
    if (urlPath === undefined) throw new NotFoundError('GET path');
    if (urlPath === '/api' || urlPath.startsWith('/api/')) {
      await app.authenticator.authenticate(request);
      throw new NotFoundError(`GET ${urlPath}`);
    }
    const file = path.resolve(distDir, `.${path.posix.normalize(urlPath)}`);
    const inside = file.startsWith(`${distDir}${path.sep}`);
    const found = inside ? await stat(file).catch(() => undefined) : undefined;
    if (found?.isFile()) {
      const relative = path.relative(distDir, file);
      const hashed = relative.startsWith(`assets${path.sep}`);
      return reply.sendFile(relative, { maxAge: hashed ? 31_536_000_000 : 0, immutable: hashed });
    }
    const index = await stat(path.join(distDir, 'index.html')).catch(() => undefined);
    if (!index) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built. Run `npm run build:ui` (npm run demo, start and test build it first).\n');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  });
};

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

export default uiRoutes;
