import type { Checkpoint } from '../../model/checkpoint.js';
import type { DataType } from '../../model/message.js';
import { CURSOR_VERSION, CursorReader } from './cursor.js';
import { at, type EventShape, recordsAt } from './records.js';
import type { MimecastSession } from './session.js';
import { formatApiTime, WINDOW_LAG_MS } from './time.js';
import type { DataTypePager, PageResult } from './types.js';
import { readWindowState, stepWindowOrRestart, type WindowPage, type WindowState, writeWindowState } from './window.js';

/** One `/api/*` log endpoint read by time windows (DLP logs, audit events). */
export interface ApiLogSpec {
  dataType: DataType;
  path: string;
  /** Where the records are in the answer: `['data', 0, 'dlpLogs']` or `['data']`. */
  recordsPath: readonly (string | number)[];
  /** The one `data[]` item of the request for a window. */
  requestItem: (from: string, to: string) => Record<string, unknown>;
  shape: EventShape;
  /** How far back Mimecast keeps this data, ms; older starts are clamped. */
  retentionMs: number;
  /** The longest time window one request asks for. */
  maxWindowMs: number;
}

export interface PagerContext {
  session: MimecastSession;
  pageSize: number;
  /** Where a data type without a cursor starts, epoch ms (before clamping). */
  startAt: (now: number) => number;
}

/** `/api/*` dates have second resolution: windows end on a whole second. */
function windowEnd(now: number): number {
  return Math.floor((now - WINDOW_LAG_MS) / 1000) * 1000;
}

/** Mimecast refuses starts beyond retention; a minute of slack keeps a start at the edge from being refused. */
function clampStart(state: WindowState, earliest: number): WindowState {
  if (state.window || state.from >= earliest) return state;
  return { from: Math.ceil(earliest / 1000) * 1000, seen: [] };
}

export function apiLogPager(ctx: PagerContext, spec: ApiLogSpec): DataTypePager {
  const route = `POST ${spec.path}`;
  const fetchPage = async (from: number, to: number, token: string | undefined, signal?: AbortSignal): Promise<WindowPage> => {
    const pagination: Record<string, unknown> = { pageSize: ctx.pageSize };
    if (token !== undefined) pagination.pageToken = token;
    const answer = await ctx.session.call(
      'POST',
      spec.path,
      { route, body: { meta: { pagination }, data: [spec.requestItem(formatApiTime(from), formatApiTime(to))] } },
      signal,
    );
    const events = recordsAt(route, answer.text, answer.body, spec.recordsPath, spec.shape, true);
    const next = at(answer.body, ['meta', 'pagination', 'next']);
    return { events, next: typeof next === 'string' && next !== '' ? next : undefined };
  };
  return {
    async next(cursor: Checkpoint | undefined, signal?: AbortSignal): Promise<PageResult> {
      const now = ctx.session.http.clock.now();
      const earliest = now - spec.retentionMs + 60_000;
      const state: WindowState = cursor
        ? readWindowState(CursorReader.open(cursor, spec.dataType))
        : { from: Math.floor(Math.max(ctx.startAt(now), earliest) / 1000) * 1000, seen: [] };
      const step = await stepWindowOrRestart(
        clampStart(state, earliest),
        windowEnd(now),
        spec.maxWindowMs,
        fetchPage,
        ctx.session.http.logger,
        signal,
      );
      return {
        events: step.events,
        cursor: { v: CURSOR_VERSION, dataType: spec.dataType, ...writeWindowState(step.state) },
        more: step.more,
      };
    },
  };
}
