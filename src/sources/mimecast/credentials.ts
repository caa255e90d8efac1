import type { Clock } from '../../core/clock.js';
import { createRateLimiter } from './rate-limiter.js';
import type { CredentialRegistry, RateLimiter, TokenCache } from './types.js';

/** One per process (or fetch worker): see CredentialRegistry for why credentials share their limiter and token. */
export function createCredentialRegistry(clock: Clock): CredentialRegistry {
  const apps = new Map<string, { limiter: RateLimiter; tokens: Map<string, TokenCache> }>();
  return {
    get({ baseUrl, clientId, clientSecret }) {
      const appKey = `${baseUrl}\u0000${clientId}`;
      let app = apps.get(appKey);
      if (app === undefined) {
        app = { limiter: createRateLimiter(clock), tokens: new Map() };
        apps.set(appKey, app);
      }
      let tokens = app.tokens.get(clientSecret);
      if (tokens === undefined) {
        // Only the current secret's token is worth keeping: a rotated secret's would never be asked for again.
        app.tokens.clear();
        tokens = {};
        app.tokens.set(clientSecret, tokens);
      }
      return { limiter: app.limiter, tokens };
    },
  };
}
