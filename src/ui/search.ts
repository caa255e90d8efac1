import { ApiError, api, type RequestOptions } from './api.js';

/** One search run through the Search Job API: create, poll until done, read, delete. */

export interface FieldInfo {
  name: string;
  fieldType: string;
  keyField: boolean;
}

export type Row = Record<string, string>;

/** A value as the panel endpoint types it: numbers arrive as numbers, a missing value as null. */
export type CellValue = string | number | boolean | null;
export type TypedRow = Record<string, CellValue>;

/**
 * The Search Job API sends every value as text, as Sumo Logic's does; a column the server declares
 * long or double is read back as a number by that declaration, for the search page's chart.
 */
export function typedRows(rows: Row[], fields: FieldInfo[]): TypedRow[] {
  const numeric = new Set(fields.filter((f) => f.fieldType === 'long' || f.fieldType === 'double').map((f) => f.name));
  return rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : numeric.has(k) && v !== '' ? Number(v) : v])),
  );
}

export interface SearchResult {
  messageCount: number;
  recordCount: number;
  histogram: { startTimestamp: number; length: number; count: number }[];
  messageFields: FieldInfo[];
  messages: Row[];
  recordFields: FieldInfo[];
  records: Row[];
  warnings: string[];
}

export interface SearchRequest {
  query: string;
  from: number;
  to: number;
  timeZone?: string;
  /** How many messages and records to read (at most 10,000). */
  limit?: number;
}

interface JobStatus {
  state: string;
  messageCount: number;
  recordCount: number;
  pendingErrors: string[];
  pendingWarnings: string[];
  histogramBuckets: { startTimestamp: number | string; length: number; count: number }[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/** The API limits requests per second per key: a dashboard's panels back off and try again. */
export async function call<T>(path: string, options: RequestOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await api<T>(path, options);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 429) || attempt >= 20) throw error;
      await sleep(300 + Math.random() * 700, options.signal);
    }
  }
}

/**
 * At most this many searches run at once from one page: a dashboard's panels queue rather than all
 * asking the server (two cores) at the same moment.
 */
const MAX_RUNNING = 4;
let running = 0;
const waiting: (() => void)[] = [];

/** Frees a slot, handing it straight to the next waiting search if there is one. */
function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

async function slot(signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
  if (running < MAX_RUNNING) {
    running++;
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const go = () => {
      signal?.removeEventListener('abort', cancel);
      resolve();
    };
    const cancel = () => {
      waiting.splice(waiting.indexOf(go), 1);
      reject(new DOMException('aborted', 'AbortError'));
    };
    waiting.push(go);
    signal?.addEventListener('abort', cancel, { once: true });
  });
}

/** Runs `run` when a slot is free (searches and dashboard panels share the slots). */
export async function queued<T>(run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  await slot(signal);
  try {
    return await run();
  } finally {
    release();
  }
}

export function runSearch(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult> {
  return queued(() => searchOnce(request, signal), signal);
}

async function searchOnce(request: SearchRequest, signal?: AbortSignal): Promise<SearchResult> {
  const body = await call<{ id: string }>('/api/v1/search/jobs', {
    method: 'POST',
    body: { query: request.query, from: request.from, to: request.to, timeZone: request.timeZone ?? 'UTC', byReceiptTime: false },
    signal,
  });
  const jobPath = `/api/v1/search/jobs/${encodeURIComponent(body.id)}`;
  try {
    let status: JobStatus;
    let wait = 200;
    for (;;) {
      status = await call<JobStatus>(jobPath, { signal });
      if (status.state !== 'GATHERING RESULTS' && status.state !== 'NOT STARTED') break;
      await sleep(wait, signal);
      wait = Math.min(wait * 1.5, 1000);
    }
    // A job stopped at its deadline is CANCELLED with the reason in pendingErrors: show the reason.
    if (status.pendingErrors?.length) throw new Error(status.pendingErrors.join('; '));
    if (status.state === 'CANCELLED') throw new Error('The search was cancelled.');
    const limit = request.limit ?? 100;
    const [messages, records] = await Promise.all([
      status.messageCount > 0
        ? call<{ fields: FieldInfo[]; messages: { map: Row }[] }>(`${jobPath}/messages?offset=0&limit=${limit}`, { signal })
        : Promise.resolve({ fields: [], messages: [] }),
      status.recordCount > 0
        ? call<{ fields: FieldInfo[]; records: { map: Row }[] }>(`${jobPath}/records?offset=0&limit=${limit}`, { signal })
        : Promise.resolve({ fields: [], records: [] }),
    ]);
    return {
      messageCount: status.messageCount,
      recordCount: status.recordCount,
      histogram: (status.histogramBuckets ?? []).map((b) => ({ ...b, startTimestamp: Number(b.startTimestamp) })),
      messageFields: messages.fields,
      messages: messages.messages.map((m) => m.map),
      recordFields: records.fields,
      records: records.records.map((r) => r.map),
      warnings: status.pendingWarnings ?? [],
    };
  } finally {
    // Free the job whatever happened; a failure here changes nothing for the user.
    call(jobPath, { method: 'DELETE' }).catch(() => undefined);
  }
}
