import type { Rng } from './random.js';
import { EXTERNAL_DOMAINS, EXTERNAL_LOCALS, INTERNAL_USERS, SUBJECTS, TENANT_DOMAIN } from './vocab.js';

/** `/api/*` records are generated one hour of simulated time at a time. */
export const API_BUCKET_MS = 3_600_000;

/** One `/api/*` record with the time and identity the simulator sorts, pages and counts by. */
export interface ApiRecord {
  time: number;
  key: string;
  record: Record<string, unknown>;
  /** Hold queue only: when the message leaves the queue (released or rejected). */
  until?: number;
}

export function secondsIn(rng: Rng, bucketStart: number): number {
  // Whole seconds: the API's time format has no milliseconds, so what is served can be filtered exactly.
  return bucketStart + rng.int(API_BUCKET_MS / 1000) * 1000;
}

export function user(rng: Rng): string {
  return `${rng.pick(INTERNAL_USERS)}@${TENANT_DOMAIN}`;
}

export function external(rng: Rng): string {
  return `${rng.pick(EXTERNAL_LOCALS)}@${rng.pick(EXTERNAL_DOMAINS)}`;
}

export function subject(rng: Rng): string {
  return rng.pick(SUBJECTS).replace('{n}', String(rng.between(100, 9999)));
}

export function byTime(a: ApiRecord, b: ApiRecord): number {
  return a.time - b.time || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
