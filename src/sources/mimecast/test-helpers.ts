import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { silentLogger } from '../../core/logger.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { RawEvent } from '../../model/message.js';
import { createMimecastClient } from './client.js';
import { canonicalJson } from './identity.js';
import type { DataTypePager, MimecastClient, MimecastClientOptions } from './types.js';

/**
 * Virtual time shared by a test's client and simulator: it stands still until a sleep, and a sleep moves it
 * forward at once, so rate-limit resets and backoffs cost no wall-clock time.
 */
export class JumpClock implements Clock {
  slept = 0;
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AppError('aborted', 'aborted');
    this.t += Math.max(0, ms);
    this.slept += Math.max(0, ms);
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A whole second, midday UTC: the test's "now". */
export const T0 = Date.UTC(2026, 10, 20, 12, 0, 0);

export function makeClient(url: string, clock: Clock, over: Partial<MimecastClientOptions> = {}): MimecastClient {
  return createMimecastClient({
    baseUrl: url,
    clientId: 'demo-client-id',
    clientSecret: 'demo-client-secret',
    clock,
    logger: silentLogger,
    ...over,
  });
}

export interface Drained {
  events: RawEvent[];
  /** The cursor after each call, in order (index i = after call i). */
  cursors: Checkpoint[];
  /** Events delivered so far after each call (index i = after call i). */
  delivered: number[];
  cursor: Checkpoint | undefined;
  calls: number;
  /** Retryable errors thrown to the caller (each retried with the same cursor, as the collector does). */
  errors: AppError[];
}

/** Calls `next` until `more` is false, retrying thrown retryable errors with the unchanged cursor. */
export async function drain(
  pager: DataTypePager,
  cursor?: Checkpoint,
  options: { maxCalls?: number; between?: () => void } = {},
): Promise<Drained> {
  const out: Drained = { events: [], cursors: [], delivered: [], cursor, calls: 0, errors: [] };
  const maxCalls = options.maxCalls ?? 20_000;
  for (;;) {
    if (out.calls++ >= maxCalls) throw new Error('drain: too many calls');
    options.between?.();
    let page: Awaited<ReturnType<DataTypePager['next']>>;
    try {
      page = await pager.next(out.cursor);
    } catch (error) {
      if (error instanceof AppError && error.retryable && out.errors.length < 200) {
        out.errors.push(error);
        continue;
      }
      throw error;
    }
    out.events.push(...page.events);
    out.cursors.push(page.cursor);
    out.delivered.push(out.events.length);
    out.cursor = page.cursor;
    if (!page.more) return out;
  }
}

/** Events as comparable multiset entries: the record's canonical JSON. */
export function canon(records: Record<string, unknown>[]): string[] {
  return records.map(canonicalJson).sort();
}

export function keysOf(events: RawEvent[]): string[] {
  return events.map((e) => e.dedupeKey);
}
