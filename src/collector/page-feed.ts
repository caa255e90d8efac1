import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Checkpoint } from '../model/checkpoint.js';
import { type DataType, EXTRACTED_FIELDS, type Message, type RawEvent } from '../model/message.js';
import type { ThreatIndicator } from '../model/threat-indicator.js';
import type { MimecastClient, PageResult, SetAsideFile } from '../sources/mimecast/types.js';

/**
 * Turns one page of a data type's events into stored messages (processing rules, metadata); `oversized`
 * counts the dropped messages that rules grew past their limit.
 */
export type BatchBuilder = (
  events: RawEvent[],
  dataType: DataType,
  receiptTime: number,
) => Promise<{ messages: Message[]; dropped: number; oversized: number }>;

/** One page of a data type, built into messages, and the cursor after it. */
export interface BuiltPage {
  messages: Message[];
  dropped: number;
  /** Dropped messages that rules grew past their limit. */
  oversized: number;
  cursor: Checkpoint;
  more: boolean;
  /** Batch files the pager moved past, damaged: reported once the cursor past them is stored. */
  setAside?: SetAsideFile[];
  /** Threat indicators the events carry, stored with them. */
  indicators?: ThreatIndicator[];
}

/**
 * A data type's pages from one cursor on, each already built, until one says `more: false`. Pages after the
 * one being stored may already be fetched: closing the feed abandons them, and since the checkpoint only
 * moves with a stored batch, they are fetched again.
 */
export interface PageFeed {
  next(): Promise<BuiltPage>;
  close(): void;
}

/** What a source task collects through: in this thread, or in the fetch worker (see worker-fetcher.ts). */
export interface SourceFetcher {
  /** Gets a token now (cached): a `mimecast.credentials` error means the client id or secret is wrong. */
  authenticate(signal: AbortSignal): Promise<void>;
  feed(dataType: DataType, cursor: Checkpoint | undefined, signal: AbortSignal): PageFeed;
}

/**
 * Fetches and builds in the calling thread, one page ahead: the next page is fetched while the current one
 * is built and stored. Tests that drive time with a ManualClock use this one.
 */
export function inThreadFetcher(client: MimecastClient, build: BatchBuilder, clock: Clock): SourceFetcher {
  return {
    authenticate: (signal) => client.authenticate(signal),
    feed(dataType, cursor, signal) {
      const pager = client.pager(dataType);
      let prefetched: Promise<PageResult> | undefined = pager.next(cursor, signal);
      prefetched.catch(() => {});
      return {
        async next() {
          const current = prefetched ?? Promise.reject(new AppError('internal', 'the feed is past its last page'));
          prefetched = undefined;
          const page = await current;
          if (page.more) {
            prefetched = pager.next(page.cursor, signal);
            prefetched.catch(() => {});
          }
          const built = await build(page.events, dataType, clock.now());
          return {
            ...built,
            messages: keepExtractedOnly(built.messages),
            cursor: page.cursor,
            more: page.more,
            ...(page.setAside ? { setAside: page.setAside } : {}),
            ...(page.indicators ? { indicators: page.indicators } : {}),
          };
        },
        close() {
          prefetched?.catch(() => {});
          prefetched = undefined;
        },
      };
    },
  };
}

const EXTRACTED_KEYS = EXTRACTED_FIELDS.map((f) => f.key);

/**
 * The store reads only the extracted keys from `parsed` (the typed columns), so only those are kept: a
 * message waits in memory from its page's fetch until its batch commits, up to MAX_GROUP_MESSAGES of them
 * beside the batch being stored, and the whole parsed event would hold about as much again as its raw text
 * (`npm run bench -- memory`). From the fetch worker, it also spares the main thread rebuilding every object
 * of a page it copies.
 */
export function keepExtractedOnly(messages: Message[]): Message[] {
  for (const message of messages) {
    const parsed = message.parsed;
    if (parsed === undefined) continue;
    const kept: Record<string, unknown> = {};
    for (const key of EXTRACTED_KEYS) if (parsed[key] !== undefined) kept[key] = parsed[key];
    message.parsed = kept;
  }
  return messages;
}
