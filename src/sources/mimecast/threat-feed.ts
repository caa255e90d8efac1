import { AppError } from '../../core/errors.js';
import type { Checkpoint } from '../../model/checkpoint.js';
import type { RawEvent } from '../../model/message.js';
import { fromStixObject } from '../../model/stix.js';
import type { ThreatIndicator } from '../../model/threat-indicator.js';
import type { PagerContext } from './api-logs.js';
import { CURSOR_VERSION, CursorReader } from './cursor.js';
import { cursorError } from './errors.js';
import { idKey } from './identity.js';
import { at, badShape, type EventShape, recordsAt } from './records.js';
import { DAY_MS, formatApiTime, WINDOW_LAG_MS } from './time.js';
import type { DataTypePager, PageResult } from './types.js';
import { isRefusedToken } from './window.js';

/**
 * The threat-intel feed (`POST /api/ttp/threat-intel/get-feed`): malware indicators seen at this customer
 * (`malware_customer`) and across Mimecast's grid (`malware_grid`), as STIX 2.1 bundles. Each feed is read
 * by windows [from, to): the next page's token comes in the `X-Mc-Threat-Feed-Next-Token` header, and an
 * empty window answers the fail code `err_threat_intel_feed_no_result_found`, which is the end of the
 * window, not an error. Every STIX object is a message; its indicators are also upserted into the threat
 * indicator table, in the same transaction as the cursor (PageResult.indicators).
 */
export const FEED_TYPES = ['malware_customer', 'malware_grid'] as const;
const PATH = '/api/ttp/threat-intel/get-feed';
const ROUTE = `POST ${PATH}`;
const NO_RESULT = 'err_threat_intel_feed_no_result_found';
const NEXT_TOKEN = 'x-mc-threat-feed-next-token';
/** The indicator table's `source` for what this feed brings. */
export const FEED_SOURCE = 'mimecast';
const RETENTION_MS = 30 * DAY_MS - 60_000;
const MAX_WINDOW_MS = DAY_MS;

const SHAPE: EventShape = {
  time: (data) => {
    const t = Date.parse(String(data.modified ?? data.created ?? ''));
    return Number.isNaN(t) ? null : t;
  },
  // A STIX object that changes gets a new `modified`: a new message, and the indicator replaced in place.
  key: (data) => idKey('threatIntelFeed', `${String(data.id)}|${String(data.modified ?? '')}`),
  logType: (data) => (typeof data.type === 'string' ? `stix ${data.type}` : 'stix'),
};

interface FeedState {
  from: number;
  /** Set while a window is being paged, with the token of its next page. */
  to?: number;
  token?: string;
}

interface ThreatState {
  feedIndex: number;
  feeds: FeedState[];
}

function readState(cursor: Checkpoint): ThreatState {
  const reader = CursorReader.open(cursor, 'threatIntelFeed');
  const feedIndex = reader.int('feedIndex', FEED_TYPES.length - 1);
  const feeds = FEED_TYPES.map((name) => {
    const r = reader.child(name);
    const to = r.has('to') ? r.time('to') : null;
    const token = r.optionalString('token');
    const from = r.time('from');
    if (to !== null && to < from) throw cursorError(`cursor.${name}.to`, 'must not be before from');
    return { from, ...(to === null ? {} : { to }), ...(token === undefined ? {} : { token }) };
  });
  return { feedIndex, feeds };
}

function writeState(state: ThreatState): Checkpoint {
  return {
    v: CURSOR_VERSION,
    dataType: 'threatIntelFeed',
    feedIndex: state.feedIndex,
    ...Object.fromEntries(FEED_TYPES.map((name, i) => [name, state.feeds[i]])),
  };
}

/** The indicators of a page's STIX objects; an object the table cannot hold is skipped (it is still a message). */
function indicatorsOf(events: RawEvent[]): ThreatIndicator[] {
  const out: ThreatIndicator[] = [];
  for (const e of events) {
    if (e.data.type !== 'indicator') continue;
    try {
      const read = fromStixObject(e.data, 'threat-intel feed', FEED_SOURCE);
      if (read !== 'skipped') out.push(read);
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'indicators.invalid')) throw error;
    }
  }
  return out;
}

export function threatFeedPager(ctx: PagerContext): DataTypePager {
  const deps = ctx.session.http;
  const fetchPage = async (feed: string, f: FeedState & { to: number }, signal?: AbortSignal) => {
    const item: Record<string, unknown> = { feedType: feed, fileType: 'stix' };
    if (f.token !== undefined) item.token = f.token;
    else Object.assign(item, { start: formatApiTime(f.from), end: formatApiTime(f.to) });
    const answer = await ctx.session.call('POST', PATH, { route: ROUTE, body: { data: [item] }, answerCodes: [NO_RESULT] }, signal);
    if (at(answer.body, ['fail', 0, 'errors', 0, 'code']) === NO_RESULT) return { events: [], next: undefined };
    if (at(answer.body, ['type']) !== 'bundle') throw badShape(ROUTE, 'not a STIX bundle');
    const events = recordsAt(ROUTE, answer.text, answer.body, ['objects'], SHAPE, true);
    const next = answer.headers.get(NEXT_TOKEN);
    return { events, next: next === null || next === '' ? undefined : next };
  };
  return {
    async next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult> {
      const now = deps.clock.now();
      const earliest = now - RETENTION_MS;
      const end = Math.floor((now - WINDOW_LAG_MS) / 1000) * 1000;
      const state: ThreatState = cursor
        ? readState(cursor)
        : { feedIndex: 0, feeds: FEED_TYPES.map(() => ({ from: Math.floor(Math.max(ctx.startAt(now), earliest) / 1000) * 1000 })) };
      const i = state.feedIndex;
      let f = state.feeds[i];
      if (f.to === undefined && f.from < earliest) f = { from: Math.ceil(earliest / 1000) * 1000 };
      const window = { ...f, to: f.to ?? Math.min(end, f.from + MAX_WINDOW_MS) };
      if (window.to <= window.from) {
        // Nothing new for this feed yet: on to the next feed; a full round ends the poll.
        const feedIndex = (i + 1) % FEED_TYPES.length;
        return { events: [], cursor: writeState({ ...state, feedIndex }), more: feedIndex !== 0 };
      }
      let page: Awaited<ReturnType<typeof fetchPage>>;
      try {
        page = await fetchPage(FEED_TYPES[i], window, signal);
      } catch (error) {
        if (window.token === undefined || !isRefusedToken(error)) throw error;
        // A refused token: the window again from its start (replays are dropped by identity, indicators replaced).
        deps.logger.warn('mimecast refused a threat feed token; reading the window again', { feed: FEED_TYPES[i] });
        const { token: _refused, ...rest } = window;
        page = await fetchPage(FEED_TYPES[i], rest, signal);
      }
      const feeds = [...state.feeds];
      let feedIndex = i;
      if (page.next !== undefined) feeds[i] = { from: window.from, to: window.to, token: page.next };
      else {
        feeds[i] = { from: window.to };
        // A window that reached the end moves to the next feed; one short of it reads on.
        if (window.to >= end) feedIndex = (i + 1) % FEED_TYPES.length;
      }
      const more = page.next !== undefined || feedIndex !== 0 || window.to < end;
      return { events: page.events, cursor: writeState({ feedIndex, feeds }), more, indicators: indicatorsOf(page.events) };
    },
  };
}
