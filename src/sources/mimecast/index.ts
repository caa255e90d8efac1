/**
 * Mimecast API 2.0 client: OAuth2 token cache, one HTTP layer with typed errors and rate limiting, and one
 * cursor-in/events-out pager per data type. See docs/mimecast-client.md.
 */
export { createMimecastClient } from './client.js';
export { createCredentialRegistry } from './credentials.js';
export { MimecastError, type MimecastErrorCode } from './errors.js';
export { createRateLimiter, DEFAULT_LOW_WATER, quotaOf } from './rate-limiter.js';
export { REGION_BASE_URLS } from './regions.js';
export type {
  CachedToken,
  CredentialRegistry,
  DataTypePager,
  MimecastClient,
  MimecastClientOptions,
  PageResult,
  RateLimiter,
  SharedTokenSource,
} from './types.js';
