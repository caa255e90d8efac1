import { parseMimecastTime } from '../../model/time.js';
import type { ApiLogSpec } from './api-logs.js';
import { hashKey, idKey } from './identity.js';

/**
 * The Targeted Threat Protection logs: URL clicks (`/api/ttp/url/get-logs`), attachment scans
 * (`/api/ttp/attachment/get-logs`) and impersonation hits (`/api/ttp/impersonation/get-logs`). They carry
 * what the SIEM TTP events do not (scan results, the user's click action, the impersonation identifiers).
 * Each is read by time windows, oldest first, with every route and result asked for. Only impersonation
 * records have an `id`; clicks and scans are named by a content hash. Retention is undocumented: 30 days
 * is assumed (older starts are clamped). The log types are the SIEM TTP events' (`url protect`, …), so
 * `_siemEventID` is `ttp` for all three.
 */
const DAY = 86_400_000;

export const TTP_URL_SPEC: ApiLogSpec = {
  dataType: 'ttpUrlLogs',
  path: '/api/ttp/url/get-logs',
  recordsPath: ['data', 0, 'clickLogs'],
  requestItem: (from, to) => ({ from, to, oldestFirst: true, route: 'all', scanResult: 'all' }),
  shape: {
    time: (data) => parseMimecastTime(data.date),
    key: (data) => hashKey('ttpUrlLogs', data),
    logType: () => 'url protect',
  },
  maxWindowMs: DAY,
  retentionMs: 30 * DAY,
};

export const TTP_ATTACHMENT_SPEC: ApiLogSpec = {
  dataType: 'ttpAttachmentLogs',
  path: '/api/ttp/attachment/get-logs',
  recordsPath: ['data', 0, 'attachmentLogs'],
  requestItem: (from, to) => ({ from, to, oldestFirst: true, route: 'all', result: 'all' }),
  shape: {
    time: (data) => parseMimecastTime(data.date),
    key: (data) => hashKey('ttpAttachmentLogs', data),
    logType: () => 'attachment protect',
  },
  maxWindowMs: DAY,
  retentionMs: 30 * DAY,
};

export const TTP_IMPERSONATION_SPEC: ApiLogSpec = {
  dataType: 'ttpImpersonationLogs',
  path: '/api/ttp/impersonation/get-logs',
  recordsPath: ['data', 0, 'impersonationLogs'],
  requestItem: (from, to) => ({ from, to, oldestFirst: true }),
  shape: {
    time: (data) => parseMimecastTime(data.eventTime),
    key: (data) =>
      typeof data.id === 'string' && data.id !== '' ? idKey('ttpImpersonationLogs', data.id) : hashKey('ttpImpersonationLogs', data),
    logType: () => 'impersonation protect',
  },
  maxWindowMs: DAY,
  retentionMs: 30 * DAY,
};
