import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../model/message.js';
import { stepWindow, type WindowFetch, type WindowState } from './window.js';

const SPAN = 1e12;

const ev = (key: string, time: number): RawEvent => ({ raw: `{"k":"${key}"}`, data: { k: key }, dedupeKey: key, time, logType: 'x' });

/** A fixed list of pages of one window, newest first, as the audit endpoint answers. */
function pages(list: RawEvent[][]): { fetch: WindowFetch; calls: { from: number; to: number; token?: string }[] } {
  const calls: { from: number; to: number; token?: string }[] = [];
  const fetch: WindowFetch = async (from, to, token) => {
    calls.push({ from, to, token });
    const i = token === undefined ? 0 : Number(token);
    return { events: list[i] ?? [], next: i + 1 < list.length ? String(i + 1) : undefined };
  };
  return { fetch, calls };
}

describe('stepWindow', () => {
  it('keeps the lower bound until the window is complete, then moves it to the newest event received', async () => {
    const { fetch, calls } = pages([
      [ev('c', 3000), ev('b', 2000)],
      [ev('a', 1000), ev('a2', 3000)],
    ]);
    let state: WindowState = { from: 0, seen: [] };
    const first = await stepWindow(state, 10_000, SPAN, fetch);
    expect(first.more).toBe(true);
    expect(first.state.from).toBe(0);
    expect(first.state.window?.token).toBe('1');
    state = first.state;
    const second = await stepWindow(state, 99_999, SPAN, fetch);
    expect(second.events.map((e) => e.dedupeKey)).toEqual(['a', 'a2']);
    expect(second.more).toBe(false);
    expect(second.state).toEqual({ from: 3000, seen: ['c', 'a2'] });
    expect(calls.map((c) => c.to)).toEqual([10_000, 10_000]);
  });

  // Regression: a cursor that jumped to "now" skipped events; an empty window must not move the cursor.
  it('does not move past a window that returned nothing, and drops events already delivered at the boundary', async () => {
    const empty = pages([[]]);
    const step = await stepWindow({ from: 5000, seen: ['x'] }, 60_000, SPAN, empty.fetch);
    expect(step.state).toEqual({ from: 5000, seen: ['x'] });
    const again = pages([[ev('x', 5000), ev('y', 5000), ev('z', 7000)]]);
    const next = await stepWindow({ from: 5000, seen: ['x'] }, 60_000, SPAN, again.fetch);
    expect(next.events.map((e) => e.dedupeKey)).toEqual(['y', 'z']);
    expect(next.state).toEqual({ from: 7000, seen: ['z'] });
  });

  it('makes no request for an empty time range', async () => {
    const { fetch, calls } = pages([[ev('a', 1)]]);
    const step = await stepWindow({ from: 5000, seen: [] }, 5000, SPAN, fetch);
    expect(step.events).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('walks a long range in capped windows, moving past an empty capped window to its end', async () => {
    const { fetch, calls } = pages([[]]);
    const first = await stepWindow({ from: 0, seen: [] }, 250, 100, fetch);
    expect(first).toEqual({ events: [], state: { from: 100, seen: [] }, more: true });
    const withEdge = pages([[ev('edge', 200), ev('mid', 150)]]);
    const second = await stepWindow(first.state, 250, 100, withEdge.fetch);
    expect(second.state).toEqual({ from: 200, seen: ['edge'] });
    expect(second.more).toBe(true);
    const last = await stepWindow(second.state, 250, 100, fetch);
    expect(last).toEqual({ events: [], state: { from: 200, seen: ['edge'] }, more: false });
    expect(calls.map((c) => [c.from, c.to])).toEqual([
      [0, 100],
      [200, 250],
    ]);
  });
});
