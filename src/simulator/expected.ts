import type { DataType } from '../model/message.js';
import { ApiDataCache, MAX_HOLD_MS } from './api-data.js';
import type { LogKind } from './log-data.js';
import { resolveOptions, type SimulatorOptions } from './options.js';
import { LOG_ROUTES } from './routes-logs.js';
import { batchJson, SiemCache, streamJson } from './siem-cache.js';
import { SIEM_BUCKET_MS } from './siem-data.js';

/** Which SIEM shape to return: the stream's (`eventType`/`subType`) or the batch files' (`type`/`subtype`, `_offset`). */
export type SiemForm = 'stream' | 'batch';

export interface ExpectedEvent {
  /** Unique per event: SIEM `processingId`, audit/hold `id`, DLP `messageId|action`, see log-data.ts for the others. */
  key: string;
  /** Event time, epoch ms. */
  time: number;
  /** SIEM type (`receipt`, …) or `dlp`, `audit`, `hold`, or the simulator's kind of the other logs (`ttpUrl`, …). */
  logType: string;
  /** The record exactly as the simulator serves it. */
  record: Record<string, unknown>;
}

/**
 * Every event of `dataType` the simulator built from `options` serves with fromMs ≤ time < toMs, oldest
 * first (SIEM, DLP, audit). For `holdMessageList` it is the hold queue as it stands at `toMs`, restricted
 * to messages received in [fromMs, toMs]. Only seed and volume options matter; `now` and faults do not.
 */
export function expectedEvents(
  options: SimulatorOptions,
  dataType: DataType,
  fromMs: number,
  toMs: number,
  form: SiemForm = 'stream',
): ExpectedEvent[] {
  const resolved = resolveOptions(options);
  if (dataType === 'siem') {
    // Each minute is visited once, so nothing needs to stay cached.
    const cache = new SiemCache(resolved, 0);
    const out: ExpectedEvent[] = [];
    if (toMs <= fromMs) return out;
    const last = Math.floor((toMs - 1) / SIEM_BUCKET_MS);
    for (let b = Math.floor(fromMs / SIEM_BUCKET_MS); b <= last; b++) {
      for (const e of cache.bucket(b)) {
        if (e.time < fromMs || e.time >= toMs) continue;
        const text = form === 'stream' ? streamJson(e) : batchJson(e);
        out.push({ key: e.key, time: e.time, logType: e.type, record: JSON.parse(text) as Record<string, unknown> });
      }
    }
    return out;
  }
  const cache = new ApiDataCache(resolved, 0);
  if (dataType === 'holdMessageList') {
    return cache
      .heldAt(toMs, fromMs, toMs + 1)
      .map((r) => ({ key: r.key, time: r.time, logType: 'hold', record: structuredClone(r.record) }));
  }
  const kind = dataType === 'dlp' ? 'dlp' : dataType === 'auditEvent' ? 'audit' : logKind(dataType);
  return cache.range(kind, fromMs, toMs).map((r) => ({ key: r.key, time: r.time, logType: kind, record: structuredClone(r.record) }));
}

function logKind(dataType: DataType): LogKind {
  const route = Object.values(LOG_ROUTES).find((r) => r.dataType === dataType);
  if (!route) throw new RangeError(`expectedEvents: the simulator serves no ${dataType}`);
  return route.kind;
}

/** Counts of `expectedEvents` per log type, plus `total`. */
export function expectedCounts(options: SimulatorOptions, dataType: DataType, fromMs: number, toMs: number): Record<string, number> {
  const counts: Record<string, number> = { total: 0 };
  if (dataType === 'siem') {
    // Counting needs neither the served text nor its parse, which cost more than generating the events.
    const cache = new SiemCache(resolveOptions(options), 0);
    if (toMs <= fromMs) return counts;
    for (let b = Math.floor(fromMs / SIEM_BUCKET_MS); b <= Math.floor((toMs - 1) / SIEM_BUCKET_MS); b++) {
      for (const e of cache.bucket(b)) {
        if (e.time < fromMs || e.time >= toMs) continue;
        counts[e.type] = (counts[e.type] ?? 0) + 1;
        counts.total = (counts.total ?? 0) + 1;
      }
    }
    return counts;
  }
  for (const e of expectedEvents(options, dataType, fromMs, toMs)) {
    counts[e.logType] = (counts[e.logType] ?? 0) + 1;
    counts.total = (counts.total ?? 0) + 1;
  }
  return counts;
}

/** The whole hold queue at `atMs` (every message received at or before it and not yet released), oldest first. */
export function heldMessagesAt(options: SimulatorOptions, atMs: number): ExpectedEvent[] {
  return expectedEvents(options, 'holdMessageList', atMs - MAX_HOLD_MS, atMs);
}
