import { readText } from './body.js';
import { MimecastError, parseFailure } from './errors.js';
import { checkFailInside, errorForStatus, type HttpDeps, parseJson, sendOnce, withRetries } from './http.js';
import type { CachedToken, TokenCache } from './types.js';

/** Refresh this long before `expires_in` runs out (Mimecast's own examples use 60 s), or at half-life for short tokens. */
const REFRESH_MARGIN_MS = 60_000;

export interface SessionOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shared by every session of the credential (see createCredentialRegistry); a session of its own when absent. */
  tokens?: TokenCache;
}

export interface JsonAnswer {
  body: unknown;
  text: string;
  headers: Headers;
}

/**
 * An authenticated Mimecast API 2.0 session: the OAuth2 token cache and every JSON call made with it.
 * Concurrent callers, and the sessions of other sources with the same credential, share one token request.
 */
export class MimecastSession {
  private readonly cache: TokenCache;

  constructor(
    private readonly deps: HttpDeps,
    private readonly options: SessionOptions,
  ) {
    this.cache = options.tokens ?? {};
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  get http(): HttpDeps {
    return this.deps;
  }

  /**
   * The cached token, or a new one. `retry` retries the token request itself; a data call passes false,
   * as its own retry loop already covers the token request.
   */
  async accessToken(signal?: AbortSignal, retry = true): Promise<string> {
    const cache = this.cache;
    const now = this.deps.clock.now();
    if (cache.token && now < cache.token.refreshAt) return cache.token.value;
    if (!cache.pending) {
      // Each try asks the shared token first: another process may have logged in meanwhile.
      const once = () => (cache.shared ? cache.shared.tokenOrLogin(() => this.requestToken(signal)) : this.requestToken(signal));
      const request = retry ? withRetries(this.deps, 'POST /oauth/token', once, signal) : once();
      const pending = request.finally(() => {
        if (cache.pending === pending) cache.pending = undefined;
      });
      cache.pending = pending;
    }
    cache.token = await cache.pending;
    return cache.token.value;
  }

  /** Forgets a token the API refused, unless another call has already replaced it. */
  invalidate(value: string): void {
    if (this.cache.token?.value === value) this.cache.token = undefined;
    this.cache.shared?.forget(value);
  }

  private async requestToken(signal?: AbortSignal): Promise<CachedToken> {
    const route = 'POST /oauth/token';
    const form = new URLSearchParams({
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
      grant_type: 'client_credentials',
    });
    const response = await sendOnce(
      this.deps,
      {
        method: 'POST',
        url: `${this.options.baseUrl}/oauth/token`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        rateLimited: true,
        route,
      },
      signal,
    );
    const text = await readText(response, route, signal);
    if (response.status === 400 || response.status === 401) {
      const error = errorForStatus({ status: 401, headers: response.headers, text }, route, this.deps.clock.now());
      throw new MimecastError('mimecast.credentials', error.message, { status: response.status, retryable: false, details: error.details });
    }
    if (response.status !== 200)
      throw errorForStatus({ status: response.status, headers: response.headers, text }, route, this.deps.clock.now());
    const body = parseJson(text, route, 200);
    checkFailInside(body, route);
    const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const value = record.access_token;
    const tokenType = record.token_type;
    if (typeof value !== 'string' || value === '' || (tokenType !== undefined && String(tokenType).toLowerCase() !== 'bearer'))
      throw new MimecastError('mimecast.badResponse', `${route}: the answer holds no bearer access_token`, {
        status: 200,
        retryable: true,
      });
    const expiresInMs = (typeof record.expires_in === 'number' && record.expires_in > 0 ? record.expires_in : 1800) * 1000;
    const margin = Math.min(REFRESH_MARGIN_MS, expiresInMs / 2);
    return { value, refreshAt: this.deps.clock.now() + expiresInMs - margin };
  }

  /**
   * One data call, retried within the client's budget. A 401 gets one fresh token and one more try;
   * a second 401 is a credentials error. Every 200 is checked for a failure inside.
   */
  async call(
    method: 'GET' | 'POST',
    path: string,
    options: {
      query?: Record<string, string | undefined>;
      body?: unknown;
      route: string;
      /** `fail[]` codes that are an answer, not an error (the threat feed's "no result found"): returned as is. */
      answerCodes?: readonly string[];
    },
    signal?: AbortSignal,
  ): Promise<JsonAnswer> {
    const url = new URL(`${this.options.baseUrl}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers = (token: string): Record<string, string> => ({
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    });
    const route = options.route;
    return withRetries(
      this.deps,
      route,
      async () => {
        let token = await this.accessToken(signal, false);
        let response = await sendOnce(
          this.deps,
          { method, url: url.toString(), headers: headers(token), body, rateLimited: true, route },
          signal,
        );
        if (response.status === 401) {
          await response.body?.cancel();
          this.invalidate(token);
          token = await this.accessToken(signal, false);
          response = await sendOnce(
            this.deps,
            { method, url: url.toString(), headers: headers(token), body, rateLimited: true, route },
            signal,
          );
        }
        const text = await readText(response, route, signal);
        if (response.status !== 200) {
          if (response.status === 401) this.invalidate(token);
          throw errorForStatus({ status: response.status, headers: response.headers, text }, route, this.deps.clock.now());
        }
        const parsed = parseJson(text, route, 200);
        const code = options.answerCodes === undefined ? undefined : parseFailure(parsed)?.code;
        if (code === undefined || !options.answerCodes?.includes(code)) checkFailInside(parsed, route);
        return { body: parsed, text, headers: response.headers };
      },
      signal,
    );
  }
}
