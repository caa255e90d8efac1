import type { Logger } from '../../core/logger.js';
import type { RawEvent } from '../../model/message.js';
import type { CursorReader } from './cursor.js';
import { cursorError, MimecastError } from './errors.js';

/**
 * Time-window paging shared by the SIEM stream, DLP and audit pagers.
 *
 * The lower bound `from` only ever moves to the newest event time actually received, together with the
 * identities already delivered at exactly that time (`seen`), so a later window that starts there again
 * skips them: no gap, no duplicate, and no jump past events not yet received (a peer collector moved its
 * cursor to "now" and lost what it had not read). A window's `to` is frozen while its pages are read, and
 * its page token lives only inside that window (another peer carried a token into a new window).
 * `from` moves only when a window is complete, so answers in any order (audit is newest-first) are safe.
 * A window spans at most `maxSpanMs`: catching up runs through bounded windows, each complete long before
 * "now", so after a capped window `from` moves to its end even when it held nothing.
 */
export interface WindowState {
  from: number;
  seen: string[];
  window?: OpenWindow;
}

export interface OpenWindow {
  to: number;
  /** The window was cut at `maxSpanMs` before reaching the polling end: more data waits behind it. */
  capped: boolean;
  token: string;
  /** Newest event time received in this window so far, and the identities at that time. */
  max: number | null;
  maxSeen: string[];
}

export interface WindowPage {
  events: RawEvent[];
  /** Token for the next page of the same window; undefined when the window is complete. */
  next: string | undefined;
}

export type WindowFetch = (from: number, to: number, token: string | undefined, signal?: AbortSignal) => Promise<WindowPage>;

export interface WindowStep {
  events: RawEvent[];
  state: WindowState;
  more: boolean;
}

export async function stepWindow(
  state: WindowState,
  end: number,
  maxSpanMs: number,
  fetchPage: WindowFetch,
  signal?: AbortSignal,
): Promise<WindowStep> {
  const open = state.window;
  if (!open && end <= state.from) return { events: [], state, more: false };
  const to = open ? open.to : Math.min(end, state.from + maxSpanMs);
  const capped = open ? open.capped : to < end;
  const page = await fetchPage(state.from, to, open?.token, signal);
  const seen = new Set(state.seen);
  const events: RawEvent[] = [];
  let max = open ? open.max : null;
  let maxSeen = open ? [...open.maxSeen] : [];
  for (const event of page.events) {
    if (event.time !== null) {
      if (event.time < state.from) continue;
      if (event.time === state.from && seen.has(event.dedupeKey)) continue;
    }
    events.push(event);
    if (event.time === null) continue;
    if (max === null || event.time > max) {
      max = event.time;
      maxSeen = [event.dedupeKey];
    } else if (event.time === max && !maxSeen.includes(event.dedupeKey)) maxSeen.push(event.dedupeKey);
  }
  if (page.next !== undefined && page.events.length > 0) {
    return { events, state: { from: state.from, seen: state.seen, window: { to, capped, token: page.next, max, maxSeen } }, more: true };
  }
  if (capped) {
    const after = max !== null && max >= to ? { from: max, seen: maxSeen } : { from: to, seen: [] };
    return { events, state: after, more: true };
  }
  if (max === null || max < state.from) return { events, state: { from: state.from, seen: state.seen }, more: false };
  if (max === state.from) return { events, state: { from: state.from, seen: [...new Set([...state.seen, ...maxSeen])] }, more: false };
  return { events, state: { from: max, seen: maxSeen }, more: false };
}

/**
 * Whether a call that carried a page token was refused for it (400, or a non-retryable failure inside a
 * 200): a token can expire or be invalidated on Mimecast's side.
 */
export function isRefusedToken(error: unknown): boolean {
  return (
    error instanceof MimecastError && (error.code === 'mimecast.badRequest' || (error.code === 'mimecast.failResponse' && !error.retryable))
  );
}

/**
 * `stepWindow`, except that a refused page token costs a re-read of its window from `from` (the store
 * drops the replays by identity), never a gap and never a stuck cursor.
 */
export async function stepWindowOrRestart(
  state: WindowState,
  end: number,
  maxSpanMs: number,
  fetchPage: WindowFetch,
  logger: Logger,
  signal?: AbortSignal,
): Promise<WindowStep> {
  try {
    return await stepWindow(state, end, maxSpanMs, fetchPage, signal);
  } catch (error) {
    if (!state.window || !isRefusedToken(error)) throw error;
    logger.warn('mimecast refused a page token; reading its window again from the start', {
      code: (error as MimecastError).code,
      from: state.from,
    });
    return stepWindow({ from: state.from, seen: state.seen }, end, maxSpanMs, fetchPage, signal);
  }
}

export function readWindowState(reader: CursorReader): WindowState {
  const from = reader.time('from');
  const seen = reader.strings('seen');
  const w = reader.optionalChild('window');
  if (!w) return { from, seen };
  const window: OpenWindow = {
    to: w.time('to'),
    capped: w.boolean('capped'),
    token: w.string('token'),
    max: w.optionalTime('max'),
    maxSeen: w.strings('maxSeen'),
  };
  if (window.to < from) throw cursorError(w.field('to'), 'must not be before cursor.from');
  return { from, seen, window };
}

export function writeWindowState(state: WindowState): Record<string, unknown> {
  const out: Record<string, unknown> = { from: state.from, seen: state.seen };
  if (state.window) out.window = { ...state.window };
  return out;
}
