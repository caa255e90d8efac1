import type { FastifyReply, FastifyRequest } from 'fastify';

/** Every response: no sniffing, no framing, no referrer, not readable by other origins' pages. */
const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

/** The UI renders only its own bundle: no inline scripts, no third-party origins. */
const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
/** API answers are data, never a document: a browser that renders one anyway may load and run nothing. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Over TLS, browsers are told to use HTTPS for this host for a year, so a later `http://` link or a
 * downgrade by someone on the network cannot expose the session cookie. Not includeSubDomains: other
 * services under the same name may not serve HTTPS. Never over plain HTTP, where browsers ignore it anyway.
 */
const HSTS = 'max-age=31536000';

/**
 * Puts the security headers on a response. A UI page sets its own cache-control; everything else is never
 * stored by a cache, since API answers hold collected messages and configuration.
 */
export function applySecurityHeaders(reply: FastifyReply, ui: boolean): void {
  reply.headers(COMMON_HEADERS);
  reply.header('content-security-policy', ui ? UI_CSP : API_CSP);
  if (!ui || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  if (reply.request.protocol === 'https') reply.header('strict-transport-security', HSTS);
}

/** The onSend hook: a route that serves the UI says so with `config: { ui: true }`. */
export async function securityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  applySecurityHeaders(reply, request.routeOptions.config?.ui === true && reply.statusCode < 400);
  return payload;
}
