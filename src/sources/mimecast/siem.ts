import type { Checkpoint } from '../../model/checkpoint.js';
import type { RawEvent } from '../../model/message.js';
import { SIEM_TYPES } from '../../model/message.js';
import type { PagerContext } from './api-logs.js';
import { CURSOR_VERSION, CursorReader } from './cursor.js';
import { cursorError, damagedBytes, MimecastError } from './errors.js';
import { downloadBatchFile, withRetries } from './http.js';
import { at, badShape, isRecord, recordsAt } from './records.js';
import { batchLinkName, parseNdjsonCounted, SIEM_SHAPE } from './siem-events.js';
import { DAY_MS, formatSiemDay, formatSiemTime, HOUR_MS, MINUTE_MS, WINDOW_LAG_MS } from './time.js';
import type { DataTypePager, PageResult, SetAsideFile } from './types.js';
import { isRefusedToken, readWindowState, stepWindowOrRestart, type WindowPage, type WindowState, writeWindowState } from './window.js';

/**
 * SIEM Cloud Gateway events. The stream endpoint (`/siem/v1/events/cg`) only serves the last 24 hours;
 * anything older (up to 7 days) comes from the batch endpoint (`/siem/v1/batch/events/cg`, one type per
 * listing, gzip NDJSON files). Batch covers [from, until) and the stream takes over at exactly `until`:
 * both filter on the event `timestamp`, so the hand-over has neither gap nor overlap. A stream cursor that
 * has fallen out of the 24 hours hands back to batch from where it stopped instead of skipping ahead.
 */

const STREAM_ROUTE = 'GET /siem/v1/events/cg';
const BATCH_ROUTE = 'GET /siem/v1/batch/events/cg';
/** A stream start older than this goes to batch; the hour of slack covers a slow batch phase. */
const STREAM_REACH_MS = 23 * HOUR_MS;
/** Beyond 23.5 h the stream would soon refuse the start (24 h): hand back to batch. */
const STREAM_STALE_MS = 23 * HOUR_MS + 30 * MINUTE_MS;
const BATCH_RETENTION_MS = 7 * DAY_MS - 10 * MINUTE_MS;
const BATCH_MAX_PAGE = 100;
const BATCH_FILES_PER_CALL = 50;
/** Stream windows are an hour at most, so catching up moves the cursor on long before it would go stale. */
const STREAM_WINDOW_MS = HOUR_MS;

interface BatchState {
  from: number;
  until: number;
  seen: string[];
  typeIndex: number;
  listToken?: string;
  fileIndex: number;
}

type SiemState = { phase: 'stream'; stream: WindowState } | { phase: 'batch'; batch: BatchState };

interface Listing {
  files: string[];
  next: string | undefined;
}

function readSiemState(cursor: Checkpoint): SiemState {
  const reader = CursorReader.open(cursor, 'siem');
  const phase = reader.oneOf('phase', ['stream', 'batch'] as const);
  if (phase === 'stream') return { phase, stream: readWindowState(reader) };
  const batch: BatchState = {
    from: reader.time('from'),
    until: reader.time('until'),
    seen: reader.strings('seen'),
    typeIndex: reader.int('typeIndex', SIEM_TYPES.length - 1),
    listToken: reader.optionalString('listToken'),
    fileIndex: reader.int('fileIndex'),
  };
  if (batch.until < batch.from) throw cursorError('cursor.until', 'must not be before cursor.from');
  return { phase, batch };
}

function writeSiemState(state: SiemState): Checkpoint {
  if (state.phase === 'stream') return { v: CURSOR_VERSION, dataType: 'siem', phase: 'stream', ...writeWindowState(state.stream) };
  const { listToken, ...rest } = state.batch;
  return { v: CURSOR_VERSION, dataType: 'siem', phase: 'batch', ...rest, ...(listToken === undefined ? {} : { listToken }) };
}

/** Where a position `from` (with `seen` delivered at it) is read from, as of `now`. */
function plan(from: number, seen: string[], now: number): SiemState {
  const earliest = now - BATCH_RETENTION_MS;
  const start = from < earliest ? { from: earliest, seen: [] } : { from, seen };
  if (start.from >= now - STREAM_REACH_MS) return { phase: 'stream', stream: start };
  return { phase: 'batch', batch: { ...start, until: now - STREAM_REACH_MS, typeIndex: 0, fileIndex: 0 } };
}

/**
 * A batch position that has aged out of the 7 days (a slow backfill at the edge) moves up to the oldest
 * time Mimecast still keeps; the type being read starts its listing again there, the types before it are done.
 */
function withinRetention(b: BatchState, now: number): BatchState {
  const earliest = now - BATCH_RETENTION_MS;
  if (b.from >= earliest) return b;
  const { listToken: _expired, ...rest } = b;
  return { ...rest, from: Math.min(earliest, b.until), seen: [], fileIndex: 0 };
}

export function siemPager(ctx: PagerContext): DataTypePager {
  const { session } = ctx;
  const deps = session.http;
  let cached: { key: string; listing: Listing } | undefined;

  const fetchStream = async (from: number, to: number, token: string | undefined, signal?: AbortSignal): Promise<WindowPage> => {
    const answer = await session.call(
      'GET',
      '/siem/v1/events/cg',
      {
        route: STREAM_ROUTE,
        query: {
          dateRangeStartsAt: formatSiemTime(from),
          dateRangeEndsAt: formatSiemTime(to),
          pageSize: String(ctx.pageSize),
          nextPage: token,
        },
      },
      signal,
    );
    const events = recordsAt(STREAM_ROUTE, answer.text, answer.body, ['value'], SIEM_SHAPE, true);
    const next = at(answer.body, ['@nextPage']);
    const caughtUp = at(answer.body, ['isCaughtUp']) === true;
    return { events, next: !caughtUp && typeof next === 'string' && next !== '' ? next : undefined };
  };

  const listingKey = (b: BatchState) => JSON.stringify([b.from, b.until, b.typeIndex, b.listToken ?? null]);

  const fetchListing = async (b: BatchState, signal?: AbortSignal): Promise<Listing> => {
    const answer = await session.call(
      'GET',
      '/siem/v1/batch/events/cg',
      {
        route: BATCH_ROUTE,
        query: {
          type: SIEM_TYPES[b.typeIndex],
          dateRangeStartsAt: formatSiemDay(b.from),
          // `until` is exclusive; the day parameter is inclusive: the last day needed is that of until - 1 ms.
          dateRangeEndsAt: formatSiemDay(b.until - 1),
          pageSize: String(Math.min(BATCH_MAX_PAGE, ctx.pageSize)),
          nextPage: b.listToken,
        },
      },
      signal,
    );
    const value = at(answer.body, ['value']);
    if (value !== undefined && !Array.isArray(value)) throw badShape(BATCH_ROUTE, 'value is not an array');
    const files = (value ?? []).map((item: unknown, i: number) => {
      if (!isRecord(item) || typeof item.url !== 'string') throw badShape(BATCH_ROUTE, `value[${i}].url is not a string`);
      return item.url;
    });
    const next = at(answer.body, ['@nextPage']);
    const caughtUp = at(answer.body, ['isCaughtUp']) === true;
    return { files, next: !caughtUp && files.length > 0 && typeof next === 'string' && next !== '' ? next : undefined };
  };

  const listing = async (b: BatchState, fresh: boolean, signal?: AbortSignal): Promise<Listing> => {
    const key = listingKey(b);
    if (!fresh && cached?.key === key) return cached.listing;
    const result = await fetchListing(b, signal);
    cached = { key, listing: result };
    return result;
  };

  const fetchFile = (url: string, signal?: AbortSignal) =>
    withRetries(deps, 'batch file', () => downloadBatchFile(deps, url, signal), signal);

  /**
   * Downloads one file; an expired link gets one fresh listing of the same page, and is never skipped. A
   * file still damaged after the retries is set aside: it would hold the cursor for good.
   */
  const download = async (b: BatchState, signal?: AbortSignal): Promise<{ text?: string; listing: Listing; setAside?: SetAsideFile }> => {
    let current = await listing(b, false, signal);
    if (b.fileIndex >= current.files.length) return { listing: current };
    try {
      return { text: await fetchFile(current.files[b.fileIndex], signal), listing: current };
    } catch (error) {
      if (error instanceof MimecastError && error.details?.damaged === true) {
        return {
          listing: current,
          setAside: { url: batchLinkName(current.files[b.fileIndex]), reason: error.message, ...damagedBytes(error) },
        };
      }
      if (!(error instanceof MimecastError) || error.details?.expired !== true) throw error;
      deps.logger.info('mimecast batch file link expired; listing the page again', { type: SIEM_TYPES[b.typeIndex] });
      current = await listing(b, true, signal);
      if (b.fileIndex >= current.files.length) return { listing: current };
      try {
        return { text: await fetchFile(current.files[b.fileIndex], signal), listing: current };
      } catch (again) {
        if (!(again instanceof MimecastError) || again.details?.expired !== true) throw again;
        throw new MimecastError('mimecast.badResponse', 'batch file: freshly listed download links are already expired', {
          status: again.status,
          retryable: true,
          details: { route: 'batch file', expired: true },
        });
      }
    }
  };

  /** The position after the current file; a listing page without that file moves on to the next page or type. */
  const advance = (b: BatchState, current: Listing): SiemState => {
    if (b.fileIndex + 1 < current.files.length) return { phase: 'batch', batch: { ...b, fileIndex: b.fileIndex + 1 } };
    if (current.next !== undefined) return { phase: 'batch', batch: { ...b, listToken: current.next, fileIndex: 0 } };
    if (b.typeIndex + 1 < SIEM_TYPES.length) {
      const { listToken: _dropped, ...rest } = b;
      return { phase: 'batch', batch: { ...rest, typeIndex: b.typeIndex + 1, fileIndex: 0 } };
    }
    return { phase: 'stream', stream: { from: b.until, seen: [] } };
  };

  /**
   * Reads batch files until a page's worth of events (or a bounded number of files) is in hand, so the
   * caller commits one cursor per page rather than one per small file.
   */
  const batchStep = async (first: BatchState, signal?: AbortSignal): Promise<PageResult> => {
    const events: RawEvent[] = [];
    const setAside: SetAsideFile[] = [];
    let state: SiemState = { phase: 'batch', batch: first };
    for (let files = 0; state.phase === 'batch' && files < BATCH_FILES_PER_CALL && events.length < ctx.pageSize; files++) {
      let b: BatchState = state.batch;
      let got: Awaited<ReturnType<typeof download>>;
      try {
        got = await download(b, signal);
      } catch (error) {
        if (b.listToken === undefined || !isRefusedToken(error)) throw error;
        // A refused listing token: list this type again from its start (replayed files are dropped by identity).
        deps.logger.warn('mimecast refused a batch listing token; listing the type again', { type: SIEM_TYPES[b.typeIndex] });
        const { listToken: _refused, ...rest } = b;
        b = { ...rest, fileIndex: 0 };
        got = await download(b, signal);
      }
      if (got.setAside) setAside.push(got.setAside);
      if (got.text !== undefined) {
        const seen = new Set(b.seen);
        const parsed = parseNdjsonCounted(got.text, deps.logger, SIEM_SHAPE);
        if (parsed.skipped > 0) {
          setAside.push({
            url: batchLinkName(got.listing.files[b.fileIndex] ?? ''),
            reason: `${parsed.skipped} lines are not JSON objects`,
            bytes: Buffer.from(got.text),
          });
        }
        for (const event of parsed.events) {
          if (event.time === null || event.time < b.from || event.time >= b.until) continue;
          if (event.time === b.from && seen.has(event.dedupeKey)) continue;
          events.push(event);
        }
      }
      state = advance(b, got.listing);
    }
    return { events, cursor: writeSiemState(state), more: true, ...(setAside.length > 0 ? { setAside } : {}) };
  };

  return {
    async next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult> {
      const now = deps.clock.now();
      let state = cursor ? readSiemState(cursor) : plan(ctx.startAt(now), [], now);
      if (state.phase === 'stream' && state.stream.from < now - STREAM_STALE_MS) state = plan(state.stream.from, state.stream.seen, now);
      if (state.phase === 'batch') return batchStep(withinRetention(state.batch, now), signal);
      const step = await stepWindowOrRestart(state.stream, now - WINDOW_LAG_MS, STREAM_WINDOW_MS, fetchStream, deps.logger, signal);
      return { events: step.events, cursor: writeSiemState({ phase: 'stream', stream: step.state }), more: step.more };
    },
  };
}
