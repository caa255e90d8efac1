import type { Checkpoint } from '../../model/checkpoint.js';
import type { RawEvent } from '../../model/message.js';
import type { PagerContext } from './api-logs.js';
import { CURSOR_VERSION, CursorReader } from './cursor.js';
import { cursorError, damagedBytes, MimecastError } from './errors.js';
import { downloadBatchFile, withRetries } from './http.js';
import { hashKey } from './identity.js';
import { at, badShape, type EventShape, isRecord } from './records.js';
import { batchLinkName, parseNdjsonCounted } from './siem-events.js';
import { DAY_MS, formatSiemDay, MINUTE_MS } from './time.js';
import type { DataTypePager, PageResult, SetAsideFile } from './types.js';
import { isRefusedToken } from './window.js';

/**
 * Cloud Integrated logs (Mimecast for Microsoft 365): `GET /siem/v1/batch/events/ci`, one type per
 * listing, gzip NDJSON files like the Cloud Gateway batch. Each type keeps its own listing token, kept
 * even when the listing is caught up (the token then points after the last file, so the next poll lists
 * only newer files). `urlclick` is the type name Elastic's integration sends; the field notes' "url
 * protect" is the Cloud Gateway spelling.
 */
export const CI_TYPES = ['entities', 'mailflow', 'urlclick'] as const;

const ROUTE = 'GET /siem/v1/batch/events/ci';
const RETENTION_MS = 7 * DAY_MS - 10 * MINUTE_MS;
const MAX_PAGE = 100;
const FILES_PER_CALL = 50;

/** Batch files carry Kafka `_offset`/`_partition`: left out of the identity, as for SIEM batch events. */
export const CI_SHAPE: EventShape = {
  time: (data) => (typeof data.timestamp === 'number' && Number.isFinite(data.timestamp) ? data.timestamp : null),
  key: (data) => {
    const { _offset, _partition, ...rest } = data;
    return hashKey('cloudIntegrated', rest);
  },
  logType: (data) => (typeof data.type === 'string' && data.type !== '' ? data.type : 'cloud integrated'),
};

interface CiState {
  /** Where collection started (events before it are dropped); the first listing of a type starts on its day. */
  from: number;
  typeIndex: number;
  /** Per type, the listing token to continue from; '' before the first listing. */
  tokens: string[];
  /** The next file of the current listing page. */
  fileIndex: number;
}

interface Listing {
  files: string[];
  next: string | undefined;
  caughtUp: boolean;
}

function readState(cursor: Checkpoint): CiState {
  const reader = CursorReader.open(cursor, 'cloudIntegrated');
  const tokens = reader.strings('tokens');
  if (tokens.length !== CI_TYPES.length) throw cursorError('cursor.tokens', `must list ${CI_TYPES.length} tokens`);
  return { from: reader.time('from'), typeIndex: reader.int('typeIndex', CI_TYPES.length - 1), tokens, fileIndex: reader.int('fileIndex') };
}

function writeState(state: CiState): Checkpoint {
  return { v: CURSOR_VERSION, dataType: 'cloudIntegrated', ...state };
}

export function cloudIntegratedPager(ctx: PagerContext): DataTypePager {
  const deps = ctx.session.http;
  let cached: { key: string; listing: Listing } | undefined;

  const fetchListing = async (s: CiState, signal?: AbortSignal): Promise<Listing> => {
    const token = s.tokens[s.typeIndex] || undefined;
    const answer = await ctx.session.call(
      'GET',
      '/siem/v1/batch/events/ci',
      {
        route: ROUTE,
        query: {
          type: CI_TYPES[s.typeIndex],
          // The token carries the range; the first listing starts on the start's day.
          dateRangeStartsAt: token === undefined ? formatSiemDay(s.from) : undefined,
          pageSize: String(Math.min(MAX_PAGE, ctx.pageSize)),
          nextPage: token,
        },
      },
      signal,
    );
    const value = at(answer.body, ['value']);
    if (value !== undefined && !Array.isArray(value)) throw badShape(ROUTE, 'value is not an array');
    const files = (value ?? []).map((item: unknown, i: number) => {
      if (!isRecord(item) || typeof item.url !== 'string') throw badShape(ROUTE, `value[${i}].url is not a string`);
      return item.url;
    });
    const next = at(answer.body, ['@nextPage']);
    if (next !== undefined && typeof next !== 'string') throw badShape(ROUTE, '@nextPage is not a string');
    return { files, next: next === '' ? undefined : next, caughtUp: at(answer.body, ['isCaughtUp']) === true || files.length === 0 };
  };

  const listing = async (s: CiState, fresh: boolean, signal?: AbortSignal): Promise<Listing> => {
    const key = JSON.stringify([s.from, s.typeIndex, s.tokens[s.typeIndex]]);
    if (!fresh && cached?.key === key) return cached.listing;
    const result = await fetchListing(s, signal);
    cached = { key, listing: result };
    return result;
  };

  const fetchFile = (url: string, signal?: AbortSignal) =>
    withRetries(deps, 'batch file', () => downloadBatchFile(deps, url, signal), signal);

  /** One file's text; an expired link gets one fresh listing of the same page. Undefined: set aside. */
  const download = async (s: CiState, signal?: AbortSignal): Promise<{ text?: string; listing: Listing; setAside?: SetAsideFile }> => {
    let current = await listing(s, false, signal);
    for (let attempt = 0; ; attempt++) {
      const url = current.files[s.fileIndex];
      if (url === undefined) return { listing: current };
      try {
        return { text: await fetchFile(url, signal), listing: current };
      } catch (error) {
        if (!(error instanceof MimecastError)) throw error;
        // A file still damaged after the retries would hold the cursor for good: it is set aside instead.
        if (error.details?.damaged === true)
          return { listing: current, setAside: { url: batchLinkName(url), reason: error.message, ...damagedBytes(error) } };
        if (error.details?.expired !== true || attempt > 0) throw error;
        current = await listing(s, true, signal);
      }
    }
  };

  /** The position after the current file (or after a listing with no file left there). */
  const advance = (s: CiState, current: Listing): { state: CiState; wrapped: boolean } => {
    if (s.fileIndex + 1 < current.files.length) return { state: { ...s, fileIndex: s.fileIndex + 1 }, wrapped: false };
    const tokens = [...s.tokens];
    if (current.next !== undefined) tokens[s.typeIndex] = current.next;
    if (!current.caughtUp) return { state: { ...s, tokens, fileIndex: 0 }, wrapped: false };
    const typeIndex = (s.typeIndex + 1) % CI_TYPES.length;
    return { state: { ...s, tokens, typeIndex, fileIndex: 0 }, wrapped: typeIndex === 0 };
  };

  return {
    async next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult> {
      const now = deps.clock.now();
      const earliest = now - RETENTION_MS;
      let state: CiState = cursor
        ? readState(cursor)
        : { from: Math.max(ctx.startAt(now), earliest), typeIndex: 0, tokens: CI_TYPES.map(() => ''), fileIndex: 0 };
      const events: RawEvent[] = [];
      const setAside: SetAsideFile[] = [];
      for (let files = 0; files < FILES_PER_CALL && events.length < ctx.pageSize; files++) {
        let got: Awaited<ReturnType<typeof download>>;
        try {
          got = await download(state, signal);
        } catch (error) {
          if (state.tokens[state.typeIndex] === '' || !isRefusedToken(error)) throw error;
          // A refused (or aged-out) token: list this type again from the start; replays are dropped by identity.
          deps.logger.warn('mimecast refused a CI listing token; listing the type again', { type: CI_TYPES[state.typeIndex] });
          const tokens = [...state.tokens];
          tokens[state.typeIndex] = '';
          state = { ...state, tokens, from: Math.max(state.from, earliest), fileIndex: 0 };
          got = await download(state, signal);
        }
        if (got.setAside) setAside.push(got.setAside);
        if (got.text !== undefined) {
          const parsed = parseNdjsonCounted(got.text, deps.logger, CI_SHAPE);
          for (const event of parsed.events) if (event.time === null || event.time >= state.from) events.push(event);
          if (parsed.skipped > 0) {
            setAside.push({
              url: batchLinkName(got.listing.files[state.fileIndex] ?? ''),
              reason: `${parsed.skipped} lines are not JSON objects`,
              bytes: Buffer.from(got.text),
            });
          }
        }
        const step = advance(state, got.listing);
        state = step.state;
        if (step.wrapped) return { events, cursor: writeState(state), more: false, ...(setAside.length ? { setAside } : {}) };
      }
      return { events, cursor: writeState(state), more: true, ...(setAside.length ? { setAside } : {}) };
    },
  };
}
