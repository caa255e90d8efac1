import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import {
  type CredentialRegistry,
  createCredentialRegistry,
  DEFAULT_LOW_WATER,
  quotaOf,
  type RateLimiter,
  type SharedTokenSource,
} from '../sources/mimecast/index.js';
import type { MimecastCredentialsRepository } from '../store/repositories.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The credential registry of a store shared by several `serve` processes: Mimecast's quotas and tokens are
 * per API application, whichever process calls, so the rate budget and the token of each application live
 * in the store (`store.mimecastCredentials`) and every process takes from them. Each process keeps its
 * in-memory registry too: it dedupes the token requests of its own sources, and it paces alone (from the
 * same rate-limit headers) while the store cannot answer, rather than stopping collection.
 */
export function createSharedCredentialRegistry(repo: MimecastCredentialsRepository, clock: Clock, logger: Logger): CredentialRegistry {
  const local = createCredentialRegistry(clock);
  const limiters = new Map<string, RateLimiter>();
  const log = logger.child({ component: 'shared-credentials' });
  return {
    get(credential) {
      const own = local.get(credential);
      const app = sha256(`${credential.baseUrl}\u0000${credential.clientId}`);
      let limiter = limiters.get(app);
      if (limiter === undefined) {
        limiter = sharedLimiter(repo, app, clock, own.limiter, log);
        limiters.set(app, limiter);
      }
      own.tokens.shared ??= sharedTokens(repo, app, sha256(credential.clientSecret), clock, log);
      return { limiter, tokens: own.tokens };
    },
  };
}

function sharedTokens(repo: MimecastCredentialsRepository, app: string, secretHash: string, clock: Clock, log: Logger): SharedTokenSource {
  return {
    async tokenOrLogin(login) {
      let loggedIn = false;
      try {
        return await repo.tokenOrLogin(
          app,
          secretHash,
          () => clock.now(),
          () => {
            loggedIn = true;
            return login();
          },
        );
      } catch (error) {
        // The login's own failure is the answer; a store failure only loses the sharing.
        if (loggedIn) throw error;
        log.warn('shared token unavailable; logging in alone', { error: error instanceof Error ? error.message : String(error) });
        return login();
      }
    },
    forget(value) {
      repo.forgetToken(app, value).catch((error: unknown) => {
        log.warn('could not forget a refused token', { error: error instanceof Error ? error.message : String(error) });
      });
    },
  };
}

/**
 * Paces calls by the budget in the store. What the answers say is written there in order (and told to the
 * process's own limiter, the fallback); a call waits for those writes, so it never takes from a budget this
 * process already knows to be spent.
 */
function sharedLimiter(repo: MimecastCredentialsRepository, app: string, clock: Clock, own: RateLimiter, log: Logger): RateLimiter {
  let writes: Promise<void> = Promise.resolve();
  const write = (what: string, run: () => Promise<void>) => {
    writes = writes.then(run).catch((error: unknown) => {
      log.warn(`could not share ${what}`, { error: error instanceof Error ? error.message : String(error) });
    });
  };
  return {
    async acquire(signal) {
      await writes;
      for (;;) {
        let waitMs: number;
        try {
          waitMs = await repo.takeCall(app, clock.now());
        } catch (error) {
          log.warn('shared rate budget unavailable; pacing alone', { error: error instanceof Error ? error.message : String(error) });
          return own.acquire(signal);
        }
        if (waitMs <= 0) return;
        await clock.sleep(waitMs, signal);
      }
    },
    observe(headers) {
      own.observe(headers);
      const quota = quotaOf(headers);
      if (quota === undefined) return;
      const now = clock.now();
      write('the rate-limit headers', () => repo.observeQuota(app, now, { ...quota, lowWater: DEFAULT_LOW_WATER }));
    },
    blockFor(waitMs) {
      own.blockFor(waitMs);
      const until = clock.now() + Math.max(0, waitMs);
      write('a 429 block', () => repo.blockUntil(app, until));
    },
  };
}
