import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import type { Clock } from '../core/clock.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Services } from '../services/index.js';
import type { Store } from '../store/store.js';
import { AuditLog, registerAudit } from './audit.js';
import { type Authenticator, createAuthenticator, createRateLimiter } from './auth.js';
import { sendError } from './errors.js';
import { allowedHostSet, checkHost, checkRequestTarget } from './request-guard.js';
import { routeValidatorCompiler } from './route-validator.js';
import { applySecurityHeaders, securityHeaders } from './security-headers.js';
import { createSessionService, type SessionService } from './session.js';
import { createSignInThrottle, type SignInThrottle } from './sign-in-throttle.js';
import type { UiOptions } from './ui-routes.js';

/**
 * Shared services that route plugins read from the Fastify instance (decorations):
 * - `app.services`: the services built once by createServices() (src/services/): a handler calls them,
 *   never the store.
 * - `app.authenticator`: `authenticate(request)` → access id (throws `unauthorized`), `verifyKey(id, key,
 *   address)` (throttled: throws `rate.limit.exceeded` after repeated failures).
 * - `app.sessions`: the UI session service (`createSession(accessId)`, `verifySession(token)`,
 *   `revokeSession(token)`); the cookie is SESSION_COOKIE from ./session.js, set HttpOnly +
 *   SameSite=Strict; @fastify/cookie is registered.
 * - Security headers go on every response from one onSend hook (./security-headers.ts); a route serving
 *   the UI sets `config: { ui: true }`.
 * - `app.pushThrottle`: throttles failed Event Push token checks per client address (./receiver-routes.ts).
 * - `request.accessId`: the authenticated caller on every authenticated route.
 * Every route needs authentication unless it sets `config: { public: true }` (sign-in, liveness, the UI's
 * static files): the decision is made on the route the router matched, never on the URL's text.
 * Errors thrown anywhere become the Sumo error body through one handler (./errors.ts).
 */
declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    authenticator: Authenticator;
    sessions: SessionService;
    pushThrottle: SignInThrottle;
    /** Every registered route with its method and whether it is public (the default-deny test walks it). */
    routeTable: readonly RegisteredRoute[];
  }
  interface FastifyRequest {
    accessId: string;
  }
  interface FastifyContextConfig {
    public?: boolean;
    /** Serves the web UI: it gets the UI's content security policy and keeps its own cache-control. */
    ui?: boolean;
    /** The path holds a secret (a push token): logs name the route's pattern instead of the path. */
    secretPath?: boolean;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  public: boolean;
}

export interface ApiOptions {
  /** Requests per second allowed per access key. */
  apiRateLimitPerSec: number;
  /** Signs session cookies; random per process when absent (a restart then signs users out). */
  sessionKey?: Buffer;
  /** The server collects from the built-in simulator (`demo`): the UI labels everything as demo data. */
  demo?: boolean;
  /** The address the server listens on; when it names one host, that name is allowed in Host headers. */
  host?: string;
  /** Host names allowed in the Host header besides loopback (`--allowed-hosts`). */
  allowedHosts?: string[];
}

export interface ServerDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Built by createServices(); the caller closes them after the server (see cli/serve.ts). */
  services: Services;
  config: ApiOptions;
  /** The web UI: where its build is, and whether to label the data as demo data. */
  ui?: UiOptions;
  /** Serve HTTPS with this certificate and key (checked by cli/tls.ts); plain HTTP when absent. */
  https?: { cert: Buffer; key: Buffer };
}

/**
 * Route plugins, registered in this order. Each module's default export is a Fastify plugin, registered
 * under `/api` unless the module exports another `prefix` (e.g. `''` for the UI's static files; a UI that
 * wants an SPA fallback registers its own wildcard GET route, which wins over the not-found handler).
 */
type RouteModule = { default: FastifyPluginAsync; prefix?: string };
const routeModules: (() => Promise<RouteModule>)[] = [
  () => import('./health-routes.js'),
  () => import('./collector-routes.js'),
  () => import('./source-routes.js'),
  () => import('./push-routes.js'),
  () => import('./receiver-routes.js'),
  () => import('./field-routes.js'),
  () => import('./library-routes.js'),
  () => import('./content-routes.js'),
  () => import('./dashboard-routes.js'),
  () => import('./lookup-table-routes.js'),
  () => import('./search-routes.js'),
  () => import('./access-key-routes.js'),
  () => import('./panel-routes.js'),
  () => import('./metrics-routes.js'),
  () => import('./connection-routes.js'),
  () => import('./monitor-routes.js'),
  () => import('./partition-routes.js'),
  () => import('./alert-routes.js'),
];

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { store, clock, logger } = deps;
  // Typed as the plain HTTP instance either way: routes and hooks do not depend on the transport.
  const app = Fastify({
    ...(deps.https ? { https: deps.https } : {}),
    logger: false,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // The router's own refusals (a malformed escape, an over-long parameter) get our body, not Fastify's;
    // they bypass the onSend hooks, hence the explicit headers.
    frameworkErrors: (error, request, reply) => {
      applySecurityHeaders(reply, false);
      sendError(reply, logger, request, error);
    },
  });
  const sessions = createSessionService({ clock, key: deps.config.sessionKey });
  const authenticator = createAuthenticator(store, sessions, clock);
  const limit = createRateLimiter(deps.config.apiRateLimitPerSec, clock);
  app.decorate('services', deps.services);
  app.decorate('authenticator', authenticator);
  app.decorate('sessions', sessions);
  app.decorate('pushThrottle', createSignInThrottle(clock, 'push token checks'));
  app.decorateRequest('accessId', '');
  const routeTable: RegisteredRoute[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routeTable.push({ method, url: route.url, public: route.config?.public === true });
    }
  });
  await app.register(cookie);
  registerAudit(app, new AuditLog(store, clock, logger.child({ component: 'audit' })));

  // Only JSON bodies; an empty one counts as no body, so `POST …/action/restart` works with or without a header.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ValidationError('body', 'is not valid JSON'), undefined);
    }
  });

  // Declared route schemas are checked by TypeBox with validate()'s messages, not by Fastify's default ajv.
  app.setValidatorCompiler(routeValidatorCompiler);
  app.setErrorHandler((error, request, reply) => sendError(reply, logger, request, error));
  app.addHook('onSend', securityHeaders);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, logger, request, new NotFoundError(`${request.method} ${request.url.split('?')[0]}`)),
  );

  const allowedHosts = allowedHostSet(deps.config.host, deps.config.allowedHosts);
  // Default deny: a route is open only if it says so, and unmatched paths need credentials too.
  app.addHook('onRequest', async (request) => {
    checkRequestTarget(request.raw.url);
    checkHost(request.headers.host, allowedHosts);
    if (request.routeOptions.config?.public === true) return;
    request.accessId = await authenticator.authenticate(request);
    limit(request.accessId);
  });

  for (const load of routeModules) {
    const mod = await load();
    await app.register(mod.default, { prefix: mod.prefix ?? '/api' });
  }
  // Last and without a prefix: sign-in routes under /api/session, the UI at / with its fallback.
  await app.register((await import('./ui-routes.js')).default, { demo: deps.config.demo ?? false, ...deps.ui });
  return app;
}
