import { parseMimecastTime } from '../../model/time.js';
import { type ApiLogSpec, apiLogPager, type PagerContext } from './api-logs.js';
import { hashKey } from './identity.js';
import type { DataTypePager } from './types.js';

/**
 * DLP logs (`POST /api/dlp/get-logs`). Records have no id, so their identity is a content hash; they are
 * asked for oldest first so a window's pages run forward in time. Retention is undocumented: 30 days is
 * assumed (Azure's connector looks back 60 days on first run; older starts are clamped).
 */
export const DLP_SPEC: ApiLogSpec = {
  dataType: 'dlp',
  path: '/api/dlp/get-logs',
  recordsPath: ['data', 0, 'dlpLogs'],
  requestItem: (from, to) => ({ from, to, oldestFirst: true }),
  shape: {
    time: (data) => parseMimecastTime(data.eventTime),
    key: (data) => hashKey('dlp', data),
    logType: () => 'dlp',
  },
  maxWindowMs: 86_400_000,
  retentionMs: 30 * 86_400_000,
};

export function dlpPager(ctx: PagerContext): DataTypePager {
  return apiLogPager(ctx, DLP_SPEC);
}
