import { type ApiRecord, MAX_HOLD_MS } from './api-data.js';
import { DAY_MS, parseInstant } from './dates.js';
import { apiFail, json, type Reply } from './http.js';
import type { RequestInfo, Sim } from './state.js';

/** Audit events can only be looked up 60 days back (documented); the simulator keeps DLP logs as long. */
export const AUDIT_RETENTION_MS = 60 * DAY_MS;
export const DLP_RETENTION_MS = 60 * DAY_MS;
export const API_MAX_PAGE = 500;
const API_DEFAULT_PAGE = 100;

export type Item = Record<string, unknown>;
export interface Envelope {
  item: Item | null;
  pageSize: number;
  token: Record<string, unknown> | null;
}

const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with sorted keys: the identity of a request's data item, which a page token is bound to. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Parses the common `/api/*` request envelope; a Reply is a 400 with the documented fail body. */
export function parseEnvelope(sim: Sim, req: RequestInfo, kind: string): Envelope | Reply {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return apiFail(400, {}, 'err_request_malformed', 'The request body is not valid JSON');
  }
  if (!isObject(body)) return apiFail(400, {}, 'err_request_malformed', 'The request body must be a JSON object');
  const data = body.data;
  const item = Array.isArray(data) && data.length > 0 ? data[0] : undefined;
  const pagination = isObject(body.meta) && isObject(body.meta.pagination) ? body.meta.pagination : {};
  const size = pagination.pageSize ?? API_DEFAULT_PAGE;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > API_MAX_PAGE) {
    return apiFail(
      400,
      item ?? {},
      'err_validation_page_size',
      `meta.pagination.pageSize: must be an integer between 1 and ${API_MAX_PAGE}`,
    );
  }
  const rawToken = pagination.pageToken;
  let token: Record<string, unknown> | null = null;
  if (rawToken !== undefined && rawToken !== null && rawToken !== '') {
    token = typeof rawToken === 'string' ? sim.pages.verify(rawToken, kind) : null;
    if (!token) return apiFail(400, item ?? {}, 'err_invalid_page_token', 'meta.pagination.pageToken: unknown or malformed token');
  }
  if (item === undefined) {
    if (token) return { item: null, pageSize: size, token };
    return apiFail(400, {}, 'err_validation_blank', 'data: is required (an array with one object of request parameters)');
  }
  if (!isObject(item)) return apiFail(400, {}, 'err_request_malformed', 'data[0]: must be an object');
  if (token && token.q !== canonical(item)) {
    return apiFail(
      400,
      item,
      'err_invalid_page_token',
      'meta.pagination.pageToken: the token does not belong to this request (send the same data again)',
    );
  }
  return { item, pageSize: size, token };
}

/** The request's data item, or the one the page token was issued for when only the token was sent. */
export function dataItem(env: Envelope): Item {
  return env.item ?? (isObject(env.token?.d) ? env.token.d : {});
}

export const isReply = (v: unknown): v is Reply => isObject(v) && 'status' in v && 'body' in v;

export function dateField(item: Item, name: string, required: boolean): number | null | Reply {
  const value = item[name];
  if (value === undefined || value === null || value === '') {
    return required ? apiFail(400, item, 'err_validation_blank', `${name}: is required`) : null;
  }
  const ms = parseInstant(value);
  if (ms === null) {
    return apiFail(400, item, 'err_validation_date_format', `${name}: '${String(value)}' is not a date like 2011-12-03T10:15:30+0000`);
  }
  return ms;
}

export function stringList(item: Item, name: string, allowed: readonly string[] | null): string[] | null | Reply {
  const value = item[name];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && (!allowed || allowed.includes(v)))) {
    const rule = allowed ? `a list of ${allowed.join(', ')}` : 'a list of strings';
    return apiFail(400, item, 'err_validation_invalid_value', `${name}: must be ${rule}`);
  }
  return value as string[];
}

/** One page of an already sorted result, with offset tokens bound to the request's data item. */
export function page(
  sim: Sim,
  kind: string,
  env: Envelope,
  item: Item,
  window: Record<string, number>,
  records: ApiRecord[],
  offset: number,
): { slice: ApiRecord[]; pagination: Record<string, unknown> } {
  const slice = records.slice(offset, offset + env.pageSize);
  const pagination: Record<string, unknown> = { pageSize: env.pageSize, totalCount: records.length };
  const q = canonical(item);
  if (offset + env.pageSize < records.length) {
    pagination.next = sim.pages.sign({ k: kind, q, d: item, w: window, o: offset + env.pageSize });
  }
  if (offset > 0) pagination.previous = sim.pages.sign({ k: kind, q, d: item, w: window, o: Math.max(0, offset - env.pageSize) });
  return { slice, pagination };
}

function matches(text: unknown, query: string): boolean {
  return typeof text === 'string' && text.toLowerCase().includes(query);
}

const DLP_SEARCH_FIELDS = ['senderAddress', 'recipientAddress', 'subject', 'policy', 'all'];

export function handleDlp(sim: Sim, req: RequestInfo): Reply {
  const env = parseEnvelope(sim, req, 'dlp');
  if (isReply(env)) return env;
  const item = dataItem(env);
  const from = dateField(item, 'from', false);
  if (isReply(from)) return from;
  const to = dateField(item, 'to', false);
  if (isReply(to)) return to;
  const routes = stringList(item, 'routes', ['inbound', 'outbound', 'internal']);
  if (isReply(routes)) return routes;
  const actions = stringList(item, 'actions', null);
  if (isReply(actions)) return actions;
  const searchField = item.searchField;
  if (searchField !== undefined && (typeof searchField !== 'string' || !DLP_SEARCH_FIELDS.includes(searchField))) {
    return apiFail(400, item, 'err_validation_invalid_value', `searchField: must be one of ${DLP_SEARCH_FIELDS.join(', ')}`);
  }
  const query = item.query;
  if (searchField !== undefined && (typeof query !== 'string' || query === '')) {
    return apiFail(400, item, 'err_validation_blank', 'query: is required when searchField is given');
  }
  if (item.oldestFirst !== undefined && typeof item.oldestFirst !== 'boolean') {
    return apiFail(400, item, 'err_validation_invalid_value', 'oldestFirst: must be true or false');
  }
  const now = sim.now();
  const window = (env.token?.w as Record<string, number> | undefined) ?? {
    from: Math.max(from ?? 0, now - DLP_RETENTION_MS),
    to: Math.min(to ?? now, now),
  };
  if (to !== null && from !== null && to < from) {
    return apiFail(400, item, 'err_validation_date_range', 'to: must not be before from');
  }
  const records = sim.result(`dlp ${canonical(item)} ${canonical(window)}`, () => listDlp(sim, item, window));
  const { slice, pagination } = page(sim, 'dlp', env, item, window, records, (env.token?.o as number) ?? 0);
  return json(
    200,
    { meta: { status: 200, pagination }, data: [{ dlpLogs: slice.map((r) => r.record) }], fail: [] },
    { dataType: 'dlp', count: slice.length },
  );
}

/** DLP records of a validated request in the order asked for. */
function listDlp(sim: Sim, item: Item, window: Record<string, number>): ApiRecord[] {
  const routes = item.routes as string[] | undefined;
  const actions = item.actions as string[] | undefined;
  const searchField = item.searchField as string | undefined;
  const q = typeof item.query === 'string' ? item.query.toLowerCase() : '';
  const records = sim.api.range('dlp', window.from as number, window.to as number).filter((r) => {
    const rec = r.record;
    if (routes && !routes.includes(rec.route as string)) return false;
    if (actions && !actions.includes(rec.action as string)) return false;
    if (searchField === undefined) return true;
    if (searchField === 'all') return DLP_SEARCH_FIELDS.slice(0, 4).some((f) => matches(rec[f], q));
    return matches(rec[searchField as string], q);
  });
  if (item.oldestFirst !== true) records.reverse();
  return records;
}

export function handleAudit(sim: Sim, req: RequestInfo): Reply {
  const env = parseEnvelope(sim, req, 'audit');
  if (isReply(env)) return env;
  const item = dataItem(env);
  const now = sim.now();
  let window = env.token?.w as Record<string, number> | undefined;
  const categories = stringList(item, 'categories', null);
  if (isReply(categories)) return categories;
  if (item.query !== undefined && typeof item.query !== 'string') {
    return apiFail(400, item, 'err_validation_invalid_value', 'query: must be a string');
  }
  if (!window) {
    const start = dateField(item, 'startDateTime', true);
    if (isReply(start)) return start;
    const end = dateField(item, 'endDateTime', true);
    if (isReply(end)) return end;
    if ((start as number) < now - AUDIT_RETENTION_MS) {
      return apiFail(400, item, 'err_validation_date_range', 'startDateTime: must be within the last 60 days');
    }
    if ((end as number) < (start as number)) {
      return apiFail(400, item, 'err_validation_date_range', 'endDateTime: must not be before startDateTime');
    }
    window = { from: start as number, to: Math.min(end as number, now) };
  }
  const q = typeof item.query === 'string' ? item.query.toLowerCase() : '';
  const frozen = window;
  const records = sim.result(`audit ${canonical(item)} ${canonical(window)}`, () =>
    sim.api
      .range('audit', frozen.from as number, frozen.to as number)
      .filter((r) => {
        const rec = r.record;
        if (categories && !categories.includes(rec.category as string)) return false;
        return q === '' || matches(rec.eventInfo, q) || matches(rec.auditType, q) || matches(rec.user, q);
      })
      .reverse(),
  );
  const { slice, pagination } = page(sim, 'audit', env, item, window, records, (env.token?.o as number) ?? 0);
  // Audit responses carry no totalCount (as observed).
  delete pagination.totalCount;
  return json(
    200,
    { meta: { status: 200, pagination }, data: slice.map((r) => r.record), fail: [] },
    { dataType: 'auditEvent', count: slice.length },
  );
}

const SEARCH_FIELDS = ['all', 'subject', 'sender', 'recipient', 'reason_code'];

export function handleHold(sim: Sim, req: RequestInfo): Reply {
  const env = parseEnvelope(sim, req, 'hold');
  if (isReply(env)) return env;
  const item = dataItem(env);
  if (item.admin !== undefined && typeof item.admin !== 'boolean') {
    return apiFail(400, item, 'err_validation_invalid_value', 'admin: must be true or false');
  }
  const start = dateField(item, 'start', false);
  if (isReply(start)) return start;
  const end = dateField(item, 'end', false);
  if (isReply(end)) return end;
  const searchBy = item.searchBy;
  if (
    searchBy !== undefined &&
    !(isObject(searchBy) && SEARCH_FIELDS.includes(searchBy.fieldName as string) && typeof searchBy.value === 'string')
  ) {
    return apiFail(400, item, 'err_validation_invalid_value', `searchBy: must be {fieldName: ${SEARCH_FIELDS.join('|')}, value: string}`);
  }
  if (item.filterBy !== undefined && !Array.isArray(item.filterBy)) {
    return apiFail(400, item, 'err_validation_invalid_value', 'filterBy: must be a list');
  }
  const now = sim.now();
  // The queue is a snapshot taken at the first page, so paging through it is exact while it changes.
  const window = (env.token?.w as Record<string, number> | undefined) ?? {
    at: now,
    from: Math.max(start ?? 0, now - MAX_HOLD_MS),
    to: Math.min(end ?? now + 1, now + 1),
  };
  const routeFilter = (Array.isArray(item.filterBy) ? item.filterBy : []).find((f: unknown) => isObject(f) && f.fieldName === 'route') as
    | Item
    | undefined;
  const routeOk = !routeFilter || ['all', 'inbound', 'external'].includes(String(routeFilter.value).toLowerCase());
  const search = isObject(searchBy) ? { field: searchBy.fieldName as string, value: (searchBy.value as string).toLowerCase() } : null;
  const records = sim.result(`hold ${canonical(item)} ${canonical(window)}`, () =>
    sim.api
      .heldAt(window.at as number, window.from as number, window.to as number)
      .filter((r) => {
        // Without admin, only the calling user's own held mail is listed; the API application has none.
        if (item.admin !== true || !routeOk) return false;
        if (!search) return true;
        const rec = r.record as { subject: string; reasonCode: string; from: { emailAddress: string }; to: { emailAddress: string } };
        const byField: Record<string, string[]> = {
          subject: [rec.subject],
          sender: [rec.from.emailAddress],
          recipient: [rec.to.emailAddress],
          reason_code: [rec.reasonCode],
        };
        const texts = search.field === 'all' ? Object.values(byField).flat() : (byField[search.field] ?? []);
        return texts.some((t) => t.toLowerCase().includes(search.value));
      })
      .reverse(),
  );
  const { slice, pagination } = page(sim, 'hold', env, item, window, records, (env.token?.o as number) ?? 0);
  return json(
    200,
    { meta: { status: 200, pagination }, data: slice.map((r) => r.record), fail: [] },
    { dataType: 'holdMessageList', count: slice.length },
  );
}
