import { AppError } from '../core/errors.js';

/** Names a loopback-bound server always answers to. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'];
/** Addresses that mean "every interface": they name no host a browser would send. */
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '']);

/**
 * The host names this server answers to: loopback, the address it is bound to (unless that is a wildcard),
 * and whatever the operator lists (`--allowed-hosts`, MC2C_ALLOWED_HOSTS). A Host header outside this set is
 * refused: that is what stops DNS rebinding from turning a victim's browser into an API client.
 */
export function allowedHostSet(bindHost: string | undefined, extra: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_HOSTS, ...extra];
  if (bindHost !== undefined && !WILDCARD_BINDS.has(bindHost)) names.push(bindHost);
  return new Set(names.map(normaliseHostName));
}

function normaliseHostName(name: string): string {
  const lower = name.trim().toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

/** The host name of a Host header (`name`, `name:port`, `[v6]`, `[v6]:port`), or undefined when malformed. */
export function hostNameOf(header: string): string | undefined {
  const text = header.trim();
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s/@]+)(?::\d{1,5})?$/.exec(text);
  return match ? normaliseHostName(match[1]) : undefined;
}

export function checkHost(header: string | undefined, allowed: ReadonlySet<string>): void {
  const name = header === undefined ? undefined : hostNameOf(header);
  if (name === undefined || !allowed.has(name)) {
    throw new AppError(
      'host.not.allowed',
      'The Host header names a host this server does not answer to (list it with --allowed-hosts or MC2C_ALLOWED_HOSTS).',
    );
  }
}

// Percent-escapes of characters that never need escaping (RFC 3986 unreserved) or that change the
// path's structure (`/`, `\`, `%`): a client that sends them is either broken or probing the router.
const SUSPICIOUS_ESCAPE = /%(?:[46][1-9a-fA-F]|[57][0-9aA]|3[0-9]|2[dDeEfF]|5[cCfF]|7[eE]|25)/;

/**
 * Refuses request targets that the router and a prefix test could read differently: anything but
 * origin-form (`/path?query`), escaped unreserved characters, empty, `.` or `..` segments and backslashes.
 * Authentication is decided on the matched route, so this is a second wall, not the only one.
 */
export function checkRequestTarget(rawUrl: string | undefined): void {
  const target = rawUrl ?? '';
  const path = target.split('?', 1)[0];
  const refuse = (why: string) => {
    throw new AppError('request.target.invalid', `The request path is not in canonical form: ${why}.`);
  };
  if (!path.startsWith('/')) refuse('it must start with "/"');
  if (path.includes('\\')) refuse('it contains a backslash');
  if (SUSPICIOUS_ESCAPE.test(path)) refuse('it percent-encodes a character that needs no encoding');
  const segments = path.split('/').slice(1);
  segments.forEach((segment, index) => {
    if (segment === '.' || segment === '..') refuse('it contains a "." or ".." segment');
    if (segment === '' && index < segments.length - 1) refuse('it contains an empty segment ("//")');
  });
}
