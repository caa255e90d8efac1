import { API_BUCKET_MS } from './api-values.js';
import { DAY_MS } from './dates.js';
import { apiFail, type Reply } from './http.js';
import { hash32, Rng } from './random.js';
import { dateField, isReply } from './routes-api.js';
import type { RequestInfo, Sim } from './state.js';

/**
 * `POST /api/ttp/threat-intel/get-feed`: the threat-intel feed of malware seen at this customer
 * (`malware_customer`) or across Mimecast's grid (`malware_grid`), as a STIX 2.1 bundle. The next page's
 * token comes in the `X-Mc-Threat-Feed-Next-Token` header; a window with nothing in it answers 200 with the
 * fail code `err_threat_intel_feed_no_result_found`, as the real API does.
 */
export const FEED_TYPES = ['malware_customer', 'malware_grid'] as const;
export type FeedType = (typeof FEED_TYPES)[number];
const THREAT_FEED_PAGE = 50;
const NO_RESULT = 'err_threat_intel_feed_no_result_found';
const RETENTION_MS = 30 * DAY_MS;
/** The RNG streams (1-10 are the other logs). */
const STREAMS: Record<FeedType, number> = { malware_customer: 11, malware_grid: 12 };

export interface FeedIndicator {
  time: number;
  /** The STIX object's text as served. */
  text: string;
  id: string;
}

function indicator(rng: Rng, feed: FeedType, time: number): FeedIndicator {
  const id = `indicator--${rng.hex(8)}-${rng.hex(4)}-4${rng.hex(3)}-a${rng.hex(3)}-${rng.hex(12)}`;
  const at = new Date(time).toISOString();
  const pattern = rng.pick([
    () => `[file:hashes.'SHA-256' = '${rng.hex(64)}']`,
    () => `[file:hashes.'MD5' = '${rng.hex(32)}']`,
    () => `[url:value = 'https://${rng.id(8).toLowerCase()}.bad.example/${rng.id(6)}']`,
    () => `[domain-name:value = '${rng.id(10).toLowerCase()}.bad.example']`,
    () => `[ipv4-addr:value = '198.51.100.${rng.between(1, 254)}']`,
  ])();
  const object = {
    type: 'indicator',
    spec_version: '2.1',
    id,
    created: at,
    modified: at,
    valid_from: at,
    valid_until: new Date(time + 30 * DAY_MS).toISOString(),
    pattern,
    pattern_type: 'stix',
    indicator_types: ['malicious-activity'],
    labels: [feed],
    confidence: rng.between(40, 100),
  };
  return { time, id, text: JSON.stringify(object) };
}

/** The indicators of one feed with from <= time < to, by time (generated per hour from the seed). */
export function feedIndicators(seed: number, perHour: number, feed: FeedType, from: number, to: number): FeedIndicator[] {
  const out: FeedIndicator[] = [];
  for (let b = Math.floor(from / API_BUCKET_MS); b * API_BUCKET_MS < to; b++) {
    const rng = new Rng(hash32(seed, STREAMS[feed], b));
    const n = rng.count(perHour);
    const hour: FeedIndicator[] = [];
    for (let i = 0; i < n; i++) hour.push(indicator(rng, feed, b * API_BUCKET_MS + rng.int(API_BUCKET_MS / 1000) * 1000));
    hour.sort((x, y) => x.time - y.time || (x.id < y.id ? -1 : 1));
    for (const x of hour) if (x.time >= from && x.time < to) out.push(x);
  }
  return out;
}

export function handleThreatFeed(sim: Sim, req: RequestInfo): Reply {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return apiFail(400, {}, 'err_request_malformed', 'The request body is not valid JSON');
  }
  const data = (body as { data?: unknown })?.data;
  const item = Array.isArray(data) && typeof data[0] === 'object' && data[0] !== null ? (data[0] as Record<string, unknown>) : null;
  if (!item) return apiFail(400, {}, 'err_validation_blank', 'data: one item is required');
  const feed = item.feedType;
  if (!FEED_TYPES.includes(feed as FeedType))
    return apiFail(400, item, 'err_validation_invalid_value', `feedType: must be one of ${FEED_TYPES.join(', ')}`);
  if (item.fileType !== undefined && item.fileType !== 'stix')
    return apiFail(400, item, 'err_validation_invalid_value', 'fileType: the simulator serves stix only');
  const now = sim.now();
  let state: { f: string; s: number; e: number; i: number };
  if (typeof item.token === 'string' && item.token !== '') {
    const p = sim.pages.verify(item.token, 'threat');
    if (!p || p.f !== feed) return apiFail(400, item, 'err_validation_invalid_token', 'token: unknown, malformed or of another feed');
    state = { f: feed as string, s: p.s as number, e: p.e as number, i: p.i as number };
  } else {
    const start = dateField(item, 'start', false);
    if (isReply(start)) return start;
    const end = dateField(item, 'end', false);
    if (isReply(end)) return end;
    const s = start ?? now - DAY_MS;
    const e = Math.min(end ?? now, now);
    if (s < now - RETENTION_MS) return apiFail(400, item, 'err_validation_date_range', 'start: must be within the last 30 days');
    if (e < s) return apiFail(400, item, 'err_validation_date_range', 'end: must not be before start');
    state = { f: feed as string, s, e, i: 0 };
  }
  const all = sim.result(`threat|${state.f}|${state.s}|${state.e}`, () =>
    feedIndicators(sim.options.seed, sim.options.threatPerHour, state.f as FeedType, state.s, state.e).map((x) => ({
      time: x.time,
      key: x.id,
      record: { text: x.text },
    })),
  );
  const slice = all.slice(state.i, state.i + THREAT_FEED_PAGE);
  if (slice.length === 0) return apiFail(200, item, NO_RESULT, 'No results found for the threat intel feed');
  const reply: Reply = {
    status: 200,
    body: `{"type":"bundle","id":"bundle--${state.f}-${state.s}-${state.i}","objects":[${slice.map((x) => x.record.text).join(',')}]}`,
    served: { dataType: 'threatIntelFeed', count: slice.length },
  };
  if (state.i + slice.length < all.length) {
    reply.headers = { 'x-mc-threat-feed-next-token': sim.pages.sign({ k: 'threat', ...state, i: state.i + slice.length }) };
  }
  return reply;
}
