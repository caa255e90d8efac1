import { PUSH_FORMATS, type PushFormat } from '../model/push.js';
import { json, type Reply } from './http.js';
import { streamJson } from './siem-cache.js';
import { SIEM_BUCKET_MS } from './siem-data.js';
import type { RequestInfo, Sim } from './state.js';

/** Events per HEC or NDJSON request, as Mimecast batches its pushes. */
const PUSH_BATCH = 500;
/** One window per call, like pregenerate: a test pushes minutes or hours, not days. */
const MAX_PUSH_WINDOW_MS = 25 * 3_600_000;

interface PushRequest {
  url: string;
  format: PushFormat;
  from: number;
  to: number;
  authorization?: string;
}

function readRequest(body: string): PushRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return 'body: must be a JSON object {url, format, from, to, authorization?}';
  }
  const v = value as Partial<PushRequest> | null;
  if (v === null || typeof v !== 'object') return 'body: must be a JSON object';
  if (typeof v.url !== 'string' || !/^https?:\/\//.test(v.url)) return 'url: must be an http(s) URL';
  if (!PUSH_FORMATS.includes(v.format as PushFormat)) return `format: must be one of ${PUSH_FORMATS.join(', ')}`;
  if (!Number.isSafeInteger(v.from) || !Number.isSafeInteger(v.to)) return 'from, to: must be epoch milliseconds';
  if ((v.to as number) <= (v.from as number) || (v.to as number) - (v.from as number) > MAX_PUSH_WINDOW_MS) {
    return `to: must be after from, by at most ${MAX_PUSH_WINDOW_MS} ms`;
  }
  if (v.authorization !== undefined && typeof v.authorization !== 'string') return 'authorization: must be a string';
  return v as PushRequest;
}

/** The bodies of one push of `events` (stream-shaped SIEM event texts) in a format, with its Content-Type. */
function bodies(format: PushFormat, events: string[]): { body: string; contentType: string; count: number }[] {
  if (format === 'webhook') return events.map((e) => ({ body: e, contentType: 'application/json', count: 1 }));
  const out: { body: string; contentType: string; count: number }[] = [];
  for (let i = 0; i < events.length; i += PUSH_BATCH) {
    const wrapped = events.slice(i, i + PUSH_BATCH).map((e) => `{"event":${e}}`);
    out.push(
      format === 'hec'
        ? { body: `[${wrapped.join(',')}]`, contentType: 'application/json', count: wrapped.length }
        : // Mimecast labels its NDJSON pushes as a form: the receiver must not trust the Content-Type.
          { body: `${wrapped.join('\n')}\n`, contentType: 'application/x-www-form-urlencoded', count: wrapped.length },
    );
  }
  return out;
}

/**
 * `POST /__admin/push {url, format, from, to, authorization?}`: sends the SIEM events of [from, to) that
 * the stream serves (the same events, in the stream's shape) to `url` as Mimecast's Event Push would, in
 * one of its three payloads, and answers how many events and requests it sent and each request's status.
 * It stops at the first answer that is not 2xx, as a sender that will retry later would.
 */
export async function pushEvents(sim: Sim, req: RequestInfo): Promise<Reply> {
  const request = readRequest(req.body);
  if (typeof request === 'string') return json(400, { error: request });
  const events: string[] = [];
  for (let b = Math.floor(request.from / SIEM_BUCKET_MS); b <= Math.floor((request.to - 1) / SIEM_BUCKET_MS); b++) {
    for (const event of sim.siem.bucket(b)) if (event.time >= request.from && event.time < request.to) events.push(streamJson(event));
  }
  const statuses: number[] = [];
  let sent = 0;
  for (const { body, contentType, count } of bodies(request.format, events)) {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (request.authorization !== undefined) headers.authorization = request.authorization;
    let status: number;
    try {
      status = (await fetch(request.url, { method: 'POST', headers, body })).status;
    } catch {
      status = 0;
    }
    statuses.push(status);
    if (status < 200 || status > 299) break;
    sent += count;
  }
  return json(200, { events: events.length, sent, requests: statuses.length, statuses });
}
