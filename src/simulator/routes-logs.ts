import type { DataType } from '../model/message.js';
import { DAY_MS } from './dates.js';
import { apiFail, json, type Reply } from './http.js';
import type { LogKind } from './log-data.js';
import { canonical, dataItem, dateField, type Item, isReply, page, parseEnvelope } from './routes-api.js';
import type { RequestInfo, Sim } from './state.js';

/**
 * The TTP, held-release and archive-search log routes: one time window per request (`from`/`to` or
 * `start`/`end`, both optional, as documented), records under `data[0].<wrapper>`, newest first unless
 * `oldestFirst` is sent, and the common envelope, page tokens and faults of every `/api/*` route.
 */
interface LogRoute {
  kind: LogKind;
  dataType: DataType;
  fromField: string;
  toField: string;
  wrapper: string;
  /** Enumerated filters: request field, record field, the values allowed (`all` matches everything). */
  filters: readonly { field: string; recordField: string; values: readonly string[] }[];
  /** Whether the request takes `oldestFirst` (the TTP logs do). */
  oldestFirst: boolean;
  /** Whether the answer carries `resultCount` next to the records (impersonation logs). */
  resultCount?: boolean;
}

/** How far back every one of these logs can be read (the real retention is undocumented). */
export const LOG_RETENTION_MS = 30 * DAY_MS;

const ROUTES = ['all', 'inbound', 'outbound', 'internal'] as const;

export const LOG_ROUTES: Record<string, LogRoute> = {
  '/api/ttp/url/get-logs': {
    kind: 'ttpUrl',
    dataType: 'ttpUrlLogs',
    fromField: 'from',
    toField: 'to',
    wrapper: 'clickLogs',
    filters: [
      { field: 'route', recordField: 'route', values: ROUTES },
      { field: 'scanResult', recordField: 'scanResult', values: ['all', 'clean', 'malicious'] },
    ],
    oldestFirst: true,
  },
  '/api/ttp/attachment/get-logs': {
    kind: 'ttpAttachment',
    dataType: 'ttpAttachmentLogs',
    fromField: 'from',
    toField: 'to',
    wrapper: 'attachmentLogs',
    filters: [
      { field: 'route', recordField: 'route', values: ROUTES },
      { field: 'result', recordField: 'result', values: ['all', 'safe', 'malicious', 'timeout', 'error'] },
    ],
    oldestFirst: true,
  },
  '/api/ttp/impersonation/get-logs': {
    kind: 'ttpImpersonation',
    dataType: 'ttpImpersonationLogs',
    fromField: 'from',
    toField: 'to',
    wrapper: 'impersonationLogs',
    filters: [{ field: 'actions', recordField: 'action', values: ['all', 'none', 'hold', 'bounce'] }],
    oldestFirst: true,
    resultCount: true,
  },
  '/api/gateway/get-held-release-logs': {
    kind: 'heldRelease',
    dataType: 'heldReleaseLogs',
    fromField: 'start',
    toField: 'end',
    wrapper: 'heldReleaseLogs',
    filters: [],
    oldestFirst: false,
  },
  '/api/archive/get-archive-search-logs': {
    kind: 'archiveSearch',
    dataType: 'archiveSearchLogs',
    fromField: 'start',
    toField: 'end',
    wrapper: 'logs',
    filters: [],
    oldestFirst: false,
  },
};

function filterValues(route: LogRoute, item: Item): Map<string, string> | Reply {
  const out = new Map<string, string>();
  for (const f of route.filters) {
    const value = item[f.field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || !f.values.includes(value)) {
      return apiFail(400, item, 'err_validation_invalid_value', `${f.field}: must be one of ${f.values.join(', ')}`);
    }
    if (value !== 'all') out.set(f.recordField, value);
  }
  return out;
}

export function handleLog(route: LogRoute) {
  return (sim: Sim, req: RequestInfo): Reply => {
    const env = parseEnvelope(sim, req, route.kind);
    if (isReply(env)) return env;
    const item = dataItem(env);
    const from = dateField(item, route.fromField, false);
    if (isReply(from)) return from;
    const to = dateField(item, route.toField, false);
    if (isReply(to)) return to;
    if (from !== null && to !== null && to < from) {
      return apiFail(400, item, 'err_validation_date_range', `${route.toField}: must not be before ${route.fromField}`);
    }
    const filters = filterValues(route, item);
    if (isReply(filters)) return filters;
    if (item.oldestFirst !== undefined && (!route.oldestFirst || typeof item.oldestFirst !== 'boolean')) {
      return apiFail(400, item, 'err_validation_invalid_value', 'oldestFirst: must be true or false');
    }
    if (item.query !== undefined && typeof item.query !== 'string') {
      return apiFail(400, item, 'err_validation_invalid_value', 'query: must be a string');
    }
    const now = sim.now();
    // The window is frozen at the first page, so paging through it is exact while new records arrive.
    const window = (env.token?.w as Record<string, number> | undefined) ?? {
      from: Math.max(from ?? 0, now - LOG_RETENTION_MS),
      to: Math.min(to ?? now, now),
    };
    const q = typeof item.query === 'string' ? item.query.toLowerCase() : '';
    const records = sim.result(`${route.kind} ${canonical(item)} ${canonical(window)}`, () => {
      const list = sim.api.range(route.kind, window.from as number, window.to as number).filter((r) => {
        for (const [field, value] of filters) if (r.record[field] !== value) return false;
        return q === '' || Object.values(r.record).some((v) => typeof v === 'string' && v.toLowerCase().includes(q));
      });
      if (item.oldestFirst !== true) list.reverse();
      return list;
    });
    const { slice, pagination } = page(sim, route.kind, env, item, window, records, (env.token?.o as number) ?? 0);
    const wrapped: Record<string, unknown> = { [route.wrapper]: slice.map((r) => r.record) };
    if (route.resultCount) wrapped.resultCount = slice.length;
    return json(200, { meta: { status: 200, pagination }, data: [wrapped], fail: [] }, { dataType: route.dataType, count: slice.length });
  };
}
