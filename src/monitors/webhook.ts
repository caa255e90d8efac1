import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../core/errors.js';
import type { ConnectionHeader } from '../model/connection.js';

/**
 * Sending one webhook. Connection URLs are user-controlled, so: redirects are never followed (a 3xx is a
 * failure), loopback and link-local addresses are refused unless the operator's allow-list names them, and
 * with an allow-list only the hosts on it are reached at all.
 */

export interface WebhookPolicy {
  /** MC2C_WEBHOOK_ALLOWED_HOSTS: host names (`*.example.com` for a domain's hosts) or addresses; empty = any public host. */
  allowedHosts: readonly string[];
  /** One request's deadline. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
const MAX_ANSWER_KEPT = 2048;

/** `retry`: a later attempt may succeed (5xx, 429, 408, network, timeout); `fatal`: it will not (4xx, redirect, refused destination). */
export type SendResult =
  | { ok: true; status: number; body: string }
  | { ok: false; kind: 'retry' | 'fatal'; status: number | null; error: string; retryAfterMs?: number };

function hostAllowed(host: string, allowed: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((rule) => {
    const r = rule.toLowerCase().replace(/^\[|\]$/g, '');
    return r.startsWith('*.') ? h.endsWith(r.slice(1)) : h === r;
  });
}

/** Loopback, unspecified and link-local (cloud metadata) addresses: reachable only when allowed by name. */
function isInternalAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return /^(127\.|0\.|169\.254\.)/.test(a);
  return a === '::1' || a === '::' || a.startsWith('fe80:') || /^::ffff:(127\.|0\.|169\.254\.)/.test(a);
}

/** Throws `webhook.destination` when the policy does not allow `url`. */
export async function checkDestination(url: string, policy: WebhookPolicy): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('webhook.destination', 'url: is not a valid URL', { field: 'url' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('webhook.destination', 'url: must be an http or https URL', { field: 'url' });
  }
  const host = parsed.hostname;
  const named = hostAllowed(host, policy.allowedHosts);
  if (policy.allowedHosts.length > 0 && !named) {
    throw new AppError('webhook.destination', `url: the host ${host} is not in the server's allowed webhook hosts`, { field: 'url' });
  }
  if (named) return;
  const bare = host.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [bare]
    : await lookup(bare, { all: true }).then(
        (list) => list.map((a) => a.address),
        () => [],
      );
  if (bare === 'localhost' || addresses.some(isInternalAddress)) {
    throw new AppError('webhook.destination', `url: ${host} is a loopback or link-local address; allow it in MC2C_WEBHOOK_ALLOWED_HOSTS`, {
      field: 'url',
    });
  }
}

/** fetch() says only "fetch failed": the reason (ECONNREFUSED, ENOTFOUND) is in its cause. */
function causeText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** One POST of `payload`; never throws. */
export async function sendWebhook(
  target: { url: string; headers: readonly ConnectionHeader[] },
  payload: string,
  policy: WebhookPolicy,
  extraHeaders: Record<string, string> = {},
): Promise<SendResult> {
  try {
    await checkDestination(target.url, policy);
  } catch (error) {
    return { ok: false, kind: 'fatal', status: null, error: (error as Error).message };
  }
  const headers = new Headers({ 'content-type': 'application/json', ...extraHeaders });
  for (const h of target.headers) headers.set(h.name, h.value);
  const abort = AbortSignal.timeout(policy.timeoutMs);
  let response: Response;
  try {
    response = await fetch(target.url, { method: 'POST', headers, body: payload, redirect: 'manual', signal: abort });
  } catch (error) {
    const timedOut = abort.aborted;
    return {
      ok: false,
      kind: 'retry',
      status: null,
      error: timedOut ? `no answer within ${policy.timeoutMs} ms` : `unreachable: ${causeText(error)}`,
    };
  }
  const body = (await response.text().catch(() => '')).slice(0, MAX_ANSWER_KEPT);
  const status = response.status;
  if (status >= 200 && status < 300) return { ok: true, status, body };
  if (status >= 300 && status < 400)
    return { ok: false, kind: 'fatal', status, error: `HTTP ${status}, a redirect; redirects are never followed` };
  const retry = status >= 500 || status === 429 || status === 408;
  return {
    ok: false,
    kind: retry ? 'retry' : 'fatal',
    status,
    error: `HTTP ${status}`,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
  };
}
