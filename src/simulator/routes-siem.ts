import { gzipSync } from 'node:zlib';
import { CI_TYPES, ciEventsInRange } from './ci-data.js';
import { DAY_MS, parseDay, parseInstant, startOfDay } from './dates.js';
import { json, type Reply, SIEM_VALIDATION, s3Error, siemError } from './http.js';
import { batchJson, streamJson } from './siem-cache.js';
import { accountId, BATCH_INTERVAL_MS, SIEM_BUCKET_MS, type SiemEvent } from './siem-data.js';
import type { RequestInfo, Sim } from './state.js';
import { SIEM_TYPES } from './vocab.js';

/** The stream only serves the last 24 hours. */
export const STREAM_WINDOW_MS = 24 * 3_600_000;
/** Batch files are kept 7 days. */
export const BATCH_RETENTION_MS = 7 * DAY_MS;
export const STREAM_MAX_PAGE = 1000;
export const BATCH_MAX_PAGE = 100;
const FILE_CACHE_BYTES = 64 * 1024 * 1024;

const invalid = (message: string): Reply => siemError(400, SIEM_VALIDATION, message);

function parsePageSize(text: string | null, fallback: number, max: number): number | Reply {
  if (text === null) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= max)) return invalid(`Invalid pageSize: must be an integer between 1 and ${max}`);
  return n;
}

/** `a,b` → sorted type list; a Reply when a name is not a CG event type. */
function parseTypes(text: string, param: string, known: readonly string[]): string[] | Reply {
  const names = text.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!known.includes(name)) return invalid(`Invalid ${param}: '${name}' is not one of ${known.join(', ')}`);
  }
  return [...new Set(names)].sort((a, b) => known.indexOf(a) - known.indexOf(b));
}

const isReply = (value: unknown): value is Reply => typeof value === 'object' && value !== null && 'status' in value;

function sameList(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const TOKEN_MISMATCH =
  'Invalid nextPage: the token does not belong to this request (its types and date range must be sent unchanged or not at all)';

export function handleStream(sim: Sim, req: RequestInfo): Reply {
  const q = req.url.searchParams;
  const now = sim.now();
  const pageSize = parsePageSize(q.get('pageSize'), 100, STREAM_MAX_PAGE);
  if (isReply(pageSize)) return pageSize;
  const typesText = q.get('types') ?? q.get('type');
  const types = typesText === null ? null : parseTypes(typesText, 'types', SIEM_TYPES);
  if (isReply(types)) return types;
  const startText = q.get('dateRangeStartsAt');
  const endText = q.get('dateRangeEndsAt');
  const start = startText === null ? null : parseInstant(startText);
  if (startText !== null && start === null) return invalid(`Invalid dateRangeStartsAt '${startText}': expected yyyy-MM-ddTHH:mm:ss.SSSZ`);
  const end = endText === null ? null : parseInstant(endText);
  if (endText !== null && end === null) return invalid(`Invalid dateRangeEndsAt '${endText}': expected yyyy-MM-ddTHH:mm:ss.SSSZ`);

  let state: { t: string[] | null; s: number; e: number | null; b: number; i: number };
  const nextPage = q.get('nextPage');
  if (nextPage !== null) {
    const p = sim.pages.verify(nextPage, 'stream');
    if (!p) return invalid('Invalid nextPage: unknown or malformed token');
    state = { t: p.t as string[] | null, s: p.s as number, e: p.e as number | null, b: p.b as number, i: p.i as number };
    if ((types !== null && !sameList(types, state.t)) || (start !== null && start !== state.s) || (end !== null && end !== state.e)) {
      return invalid(TOKEN_MISMATCH);
    }
  } else {
    const s = start ?? now - STREAM_WINDOW_MS;
    state = { t: types, s, e: end, b: Math.floor(s / SIEM_BUCKET_MS), i: 0 };
  }
  if (Math.max(state.s, state.b * SIEM_BUCKET_MS) < now - STREAM_WINDOW_MS) {
    return invalid("Invalid date range: 'dateRangeStartsAt' must be within the last 24 hours");
  }
  if (state.e !== null && state.e < state.s) return invalid("Invalid date range: 'dateRangeEndsAt' is before 'dateRangeStartsAt'");

  const upper = Math.min(state.e ?? Number.POSITIVE_INFINITY, now + 1);
  const lastBucket = Math.floor((upper - 1) / SIEM_BUCKET_MS);
  const wanted = state.t ? new Set(state.t) : null;
  const out: string[] = [];
  let { b, i } = state;
  let caughtUp = false;
  scan: while (out.length < pageSize) {
    if (b > lastBucket || upper <= state.s) {
      caughtUp = true;
      break;
    }
    const events = sim.siem.bucket(b);
    while (i < events.length) {
      if (out.length >= pageSize) break scan;
      const e = events[i] as SiemEvent;
      if (e.time >= upper) {
        caughtUp = true;
        break scan;
      }
      i++;
      if (e.time < state.s || (wanted && !wanted.has(e.type))) continue;
      out.push(streamJson(e));
    }
    b++;
    i = 0;
  }
  const token = sim.pages.sign({ k: 'stream', t: state.t, s: state.s, e: state.e, b, i });
  const link = `${req.base}/siem/v1/events/cg?nextPage=${encodeURIComponent(token)}`;
  const body = `{"value":[${out.join(',')}],"@nextPage":${JSON.stringify(token)},"@nextLink":${JSON.stringify(link)},"pageSize":${pageSize},"isCaughtUp":${caughtUp}}`;
  return { status: 200, body, served: { dataType: 'siem', count: out.length } };
}

/** A product whose events the batch endpoint lists as files: Cloud Gateway (`cg`) or Cloud Integrated (`ci`). */
export interface BatchProduct {
  slug: 'cg' | 'ci';
  dataType: 'siem' | 'cloudIntegrated';
  types: readonly string[];
  /** The NDJSON lines of one type in batch interval k. */
  lines: (sim: Sim, k: number, typeIndex: number) => string[];
}

export const CG_BATCH: BatchProduct = {
  slug: 'cg',
  dataType: 'siem',
  types: SIEM_TYPES,
  lines(sim, k, typeIndex) {
    const type = SIEM_TYPES[typeIndex];
    const lines: string[] = [];
    const first = (k * BATCH_INTERVAL_MS) / SIEM_BUCKET_MS;
    for (let b = first; b < first + BATCH_INTERVAL_MS / SIEM_BUCKET_MS; b++) {
      for (const e of sim.siem.bucket(b)) if (e.type === type) lines.push(batchJson(e));
    }
    return lines;
  },
};

export const CI_BATCH: BatchProduct = {
  slug: 'ci',
  dataType: 'cloudIntegrated',
  types: CI_TYPES,
  lines(sim, k, typeIndex) {
    const from = k * BATCH_INTERVAL_MS;
    const type = CI_TYPES[typeIndex];
    return ciEventsInRange(sim.options.seed, sim.options.ciPerHour, from, from + BATCH_INTERVAL_MS)
      .filter((e) => e.type === type)
      .map((e) => e.line);
  },
};

const PRODUCTS: Record<string, BatchProduct> = { cg: CG_BATCH, ci: CI_BATCH };

/** Events of one type in one batch interval, gzipped NDJSON (cached; files are immutable). */
function batchFile(sim: Sim, product: BatchProduct, k: number, typeIndex: number): { gz: Buffer; lines: number } {
  const id = `${product.slug}:${k}:${typeIndex}`;
  const hit = sim.files.get(id);
  if (hit) return hit;
  const lines = product.lines(sim, k, typeIndex);
  const file = { gz: lines.length ? gzipSync(`${lines.join('\n')}\n`, { level: 1 }) : Buffer.alloc(0), lines: lines.length };
  sim.files.set(id, file);
  sim.filesBytes += file.gz.length;
  while (sim.filesBytes > FILE_CACHE_BYTES && sim.files.size > 1) {
    const [oldId, old] = sim.files.entries().next().value as [string, { gz: Buffer }];
    sim.files.delete(oldId);
    sim.filesBytes -= old.gz.length;
  }
  return file;
}

function amzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function filePath(sim: Sim, product: BatchProduct, k: number, typeIndex: number): string {
  const slug = (product.types[typeIndex] as string).replace(/ /g, '_');
  return `/__files/${accountId(sim.options.seed).toLowerCase()}/${product.slug}/${slug}/${k}.json.gz`;
}

export const handleBatchList =
  (product: BatchProduct) =>
  (sim: Sim, req: RequestInfo): Reply => {
    const q = req.url.searchParams;
    const now = sim.now();
    const pageSize = parsePageSize(q.get('pageSize'), 100, BATCH_MAX_PAGE);
    if (isReply(pageSize)) return pageSize;
    const typeText = q.get('type') ?? q.get('types');
    const types = typeText === null ? null : parseTypes(typeText, 'type', product.types);
    if (isReply(types)) return types;
    const startText = q.get('dateRangeStartsAt');
    const endText = q.get('dateRangeEndsAt');
    const startDay = startText === null ? null : parseDay(startText);
    if (startText !== null && startDay === null) return invalid(`Invalid dateRangeStartsAt '${startText}': expected yyyy-MM-dd`);
    const endDay = endText === null ? null : parseDay(endText);
    if (endText !== null && endDay === null) return invalid(`Invalid dateRangeEndsAt '${endText}': expected yyyy-MM-dd`);
    const endExclusive = endDay === null ? null : endDay + DAY_MS;

    let state: { t: string[]; s: number; e: number | null; pk: number; pt: number };
    const nextPage = q.get('nextPage');
    if (nextPage !== null) {
      const p = sim.pages.verify(nextPage, `batch-${product.slug}`);
      if (!p) return invalid('Invalid nextPage: unknown or malformed token');
      state = { t: p.t as string[], s: p.s as number, e: p.e as number | null, pk: p.pk as number, pt: p.pt as number };
      if (
        (types !== null && !sameList(types, state.t)) ||
        (startDay !== null && startDay !== state.s) ||
        (endExclusive !== null && endExclusive !== state.e)
      ) {
        return invalid(TOKEN_MISMATCH);
      }
      if ((state.pk + 1) * BATCH_INTERVAL_MS <= now - BATCH_RETENTION_MS) {
        return invalid("Invalid date range: 'from' must be within the 7-day retention period");
      }
    } else {
      if (types === null) return invalid('Invalid request: type is required');
      const s = startDay ?? startOfDay(now - BATCH_RETENTION_MS);
      if (s < startOfDay(now - BATCH_RETENTION_MS)) {
        return invalid("Invalid date range: 'from' must be within the 7-day retention period");
      }
      state = { t: types, s, e: endExclusive, pk: Math.floor(s / BATCH_INTERVAL_MS), pt: 0 };
    }
    if (state.e !== null && state.e <= state.s) return invalid("Invalid date range: 'dateRangeEndsAt' is before 'dateRangeStartsAt'");

    const faults = sim.faults.current;
    const ttl = sim.options.batchUrlTtlSec * 1000;
    const signedAt = faults.expiredBatchUrls ? now - ttl - 60_000 : now;
    const kMin = Math.floor((now - BATCH_RETENTION_MS) / BATCH_INTERVAL_MS);
    const lastComplete = Math.floor(now / BATCH_INTERVAL_MS) - 1;
    const kMax = state.e === null ? lastComplete : Math.min(lastComplete, Math.ceil(state.e / BATCH_INTERVAL_MS) - 1);
    const typeIndexes = state.t.map((t) => product.types.indexOf(t));
    const value: { url: string; size: number; expiry: string }[] = [];
    let k = Math.max(state.pk, kMin);
    let ti = k === state.pk ? state.pt : 0;
    let caughtUp = false;
    while (value.length < pageSize) {
      if (k > kMax) {
        caughtUp = true;
        break;
      }
      if (ti >= typeIndexes.length) {
        k++;
        ti = 0;
        continue;
      }
      const typeIndex = typeIndexes[ti++] as number;
      const file = batchFile(sim, product, k, typeIndex);
      if (file.lines === 0) continue;
      const path = filePath(sim, product, k, typeIndex);
      const date = amzDate(signedAt);
      const expires = String(sim.options.batchUrlTtlSec);
      const signature = sim.pages.signUrl(`${path}|${date}|${expires}`);
      const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=SIMULATOR%2F${date.slice(0, 8)}%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=${signature}`;
      value.push({ url: `${req.base}${path}?${query}`, size: file.gz.length, expiry: new Date(signedAt + ttl).toISOString() });
    }
    if (faults.expiredBatchUrls && value.length > 0) sim.count('faults', 'expiredBatchUrls', value.length);
    const token = sim.pages.sign({ k: `batch-${product.slug}`, t: state.t, s: state.s, e: state.e, pk: k, pt: ti });
    return json(200, { value, '@nextPage': token, isCaughtUp: caughtUp });
  };

const FILE_PATH = /^\/__files\/[a-z0-9]+\/(cg|ci)\/([a-z_]+)\/(\d+)\.json\.gz$/;

export function handleBatchFile(sim: Sim, req: RequestInfo, path: string): Reply {
  if (req.headers.authorization !== undefined) {
    return s3Error(
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      path,
    );
  }
  const q = req.url.searchParams;
  const m = FILE_PATH.exec(path);
  const product = m ? PRODUCTS[m[1] as string] : undefined;
  const typeIndex = m && product ? product.types.indexOf((m[2] as string).replace(/_/g, ' ')) : -1;
  const date = q.get('X-Amz-Date') ?? '';
  const expires = q.get('X-Amz-Expires') ?? '';
  const signature = q.get('X-Amz-Signature') ?? '';
  if (!m || !product || typeIndex < 0 || path !== filePath(sim, product, Number(m[3]), typeIndex)) {
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', path);
  }
  if (q.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' || signature !== sim.pages.signUrl(`${path}|${date}|${expires}`)) {
    return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', path);
  }
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  const signedAt = d ? Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(d[4]), Number(d[5]), Number(d[6])) : 0;
  const now = sim.now();
  if (now > signedAt + Number(expires) * 1000) return s3Error(403, 'AccessDenied', 'Request has expired', path);
  const k = Number(m[3]);
  if ((k + 1) * BATCH_INTERVAL_MS <= now - BATCH_RETENTION_MS || (k + 1) * BATCH_INTERVAL_MS > now) {
    return s3Error(404, 'NoSuchKey', 'The specified key does not exist.', path);
  }
  const file = batchFile(sim, product, k, typeIndex);
  const faults = sim.faults.current;
  if (faults.truncatedBatchFiles && k % 3 === 0) {
    sim.count('faults', 'truncatedBatchFiles');
    return { status: 200, body: file.gz.subarray(0, Math.floor(file.gz.length / 2)), contentType: 'application/gzip' };
  }
  if (faults.brokenBatchLines && k % 2 === 1) {
    sim.count('faults', 'brokenBatchLines');
    const gz = gzipSync(`${product.lines(sim, k, typeIndex).join('\n')}\n{"cut short\n`, { level: 1 });
    return { status: 200, body: gz, contentType: 'application/gzip', served: { dataType: product.dataType, count: file.lines } };
  }
  return { status: 200, body: file.gz, contentType: 'application/gzip', served: { dataType: product.dataType, count: file.lines } };
}
