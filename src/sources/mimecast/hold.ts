import { createHash } from 'node:crypto';
import type { Checkpoint } from '../../model/checkpoint.js';
import { parseMimecastTime } from '../../model/time.js';
import type { PagerContext } from './api-logs.js';
import { CURSOR_VERSION, CursorReader } from './cursor.js';
import { cursorError } from './errors.js';
import { hashKey, idKey } from './identity.js';
import { at, type EventShape, recordsAt } from './records.js';
import { DAY_MS, formatApiTime, WINDOW_LAG_MS } from './time.js';
import type { DataTypePager, PageResult } from './types.js';
import { isRefusedToken } from './window.js';

/**
 * The hold queue (`POST /api/gateway/get-hold-message-list`, `admin: true` for every recipient's mail) is a
 * current state, not a log: every poll lists the same held messages until they are released. Each message
 * is emitted once, by id: the cursor keeps a short digest of every id listed by the last complete scan
 * (`known`) and of those listed so far by the scan in progress (`scan.found`). A message that leaves the
 * queue drops out of `known` at the end of the next scan, so the cursor stays as small as the queue.
 */
const PATH = '/api/gateway/get-hold-message-list';
const ROUTE = `POST ${PATH}`;
/** Held messages expire from the queue; older starts are clamped to this. */
const QUEUE_SPAN_MS = 30 * DAY_MS;

const SHAPE: EventShape = {
  time: (data) => parseMimecastTime(data.dateReceived),
  key: (data) => (typeof data.id === 'string' && data.id !== '' ? idKey('holdMessageList', data.id) : hashKey('holdMessageList', data)),
  logType: () => 'hold',
};

function idDigest(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('base64url').slice(0, 16);
}

interface HoldState {
  since: number;
  known: string[];
  /** The scan in progress: its request dates are frozen, as the page token is bound to them. */
  scan?: { start: number; end: number; token: string; found: string[] };
}

function readHoldState(cursor: Checkpoint): HoldState {
  const reader = CursorReader.open(cursor, 'holdMessageList');
  const since = reader.time('since');
  const known = reader.strings('known');
  const scan = reader.optionalChild('scan');
  if (!scan) return { since, known };
  const start = scan.time('start');
  const end = scan.time('end');
  if (end < start) throw cursorError(scan.field('end'), 'must not be before cursor.scan.start');
  return { since, known, scan: { start, end, token: scan.string('token'), found: scan.strings('found') } };
}

export function holdPager(ctx: PagerContext): DataTypePager {
  const logger = ctx.session.http.logger;

  const listPage = async (start: number, end: number, token: string | undefined, signal?: AbortSignal) => {
    const pagination: Record<string, unknown> = { pageSize: ctx.pageSize };
    if (token !== undefined) pagination.pageToken = token;
    const answer = await ctx.session.call(
      'POST',
      PATH,
      { route: ROUTE, body: { meta: { pagination }, data: [{ admin: true, start: formatApiTime(start), end: formatApiTime(end) }] } },
      signal,
    );
    const next = at(answer.body, ['meta', 'pagination', 'next']);
    return {
      listed: recordsAt(ROUTE, answer.text, answer.body, ['data'], SHAPE, true),
      next: typeof next === 'string' && next !== '' ? next : undefined,
    };
  };

  return {
    async next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult> {
      const now = ctx.session.http.clock.now();
      const state: HoldState = cursor ? readHoldState(cursor) : { since: Math.floor(ctx.startAt(now) / 1000) * 1000, known: [] };
      let start = state.scan ? state.scan.start : Math.max(state.since, Math.floor((now - QUEUE_SPAN_MS) / 1000) * 1000);
      let end = state.scan ? state.scan.end : Math.floor((now - WINDOW_LAG_MS) / 1000) * 1000;
      let page: Awaited<ReturnType<typeof listPage>>;
      try {
        page = await listPage(start, end, state.scan?.token, signal);
      } catch (error) {
        if (!state.scan || !isRefusedToken(error)) throw error;
        // A refused page token: scan again from the top; ids already found in this scan stay found.
        logger.warn('mimecast refused a hold-list page token; scanning the queue again');
        start = Math.max(state.since, Math.floor((now - QUEUE_SPAN_MS) / 1000) * 1000);
        end = Math.floor((now - WINDOW_LAG_MS) / 1000) * 1000;
        page = await listPage(start, end, undefined, signal);
      }
      const known = new Set(state.known);
      const found = new Set(state.scan?.found ?? []);
      const events = [];
      for (const event of page.listed) {
        const digest = idDigest(event.dedupeKey);
        if (!known.has(digest) && !found.has(digest)) events.push(event);
        found.add(digest);
      }
      const base = { v: CURSOR_VERSION, dataType: 'holdMessageList', since: state.since };
      if (page.next !== undefined && page.listed.length > 0) {
        return { events, cursor: { ...base, known: state.known, scan: { start, end, token: page.next, found: [...found] } }, more: true };
      }
      return { events, cursor: { ...base, known: [...found] }, more: false };
    },
  };
}
