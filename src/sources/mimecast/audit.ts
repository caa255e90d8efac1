import { parseMimecastTime } from '../../model/time.js';
import { type ApiLogSpec, apiLogPager, type PagerContext } from './api-logs.js';
import { hashKey, idKey } from './identity.js';
import type { DataTypePager } from './types.js';

/**
 * Audit events (`POST /api/audit/get-audit-events`): at most 60 days back, answered newest first (the
 * window pager does not depend on the order). Each record's `id` is its identity.
 */
export const AUDIT_SPEC: ApiLogSpec = {
  dataType: 'auditEvent',
  path: '/api/audit/get-audit-events',
  recordsPath: ['data'],
  requestItem: (from, to) => ({ startDateTime: from, endDateTime: to }),
  shape: {
    time: (data) => parseMimecastTime(data.eventTime),
    key: (data) => (typeof data.id === 'string' && data.id !== '' ? idKey('auditEvent', data.id) : hashKey('auditEvent', data)),
    logType: () => 'audit',
  },
  maxWindowMs: 86_400_000,
  retentionMs: 60 * 86_400_000,
};

export function auditPager(ctx: PagerContext): DataTypePager {
  return apiLogPager(ctx, AUDIT_SPEC);
}
