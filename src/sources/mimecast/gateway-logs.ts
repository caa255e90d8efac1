import { parseMimecastTime } from '../../model/time.js';
import type { ApiLogSpec } from './api-logs.js';
import { hashKey, idKey } from './identity.js';

const DAY = 86_400_000;

/**
 * Held-release logs (`POST /api/gateway/get-held-release-logs`): one record per held message an operator
 * released or rejected, at its `released` time, with the spam score and detection level (to catch a
 * released message that scored high). Each record's `id` is its identity.
 */
export const HELD_RELEASE_SPEC: ApiLogSpec = {
  dataType: 'heldReleaseLogs',
  path: '/api/gateway/get-held-release-logs',
  recordsPath: ['data', 0, 'heldReleaseLogs'],
  requestItem: (from, to) => ({ start: from, end: to }),
  shape: {
    time: (data) => parseMimecastTime(data.released),
    key: (data) => (typeof data.id === 'string' && data.id !== '' ? idKey('heldReleaseLogs', data.id) : hashKey('heldReleaseLogs', data)),
    logType: () => 'held release',
  },
  maxWindowMs: DAY,
  retentionMs: 30 * DAY,
};

/**
 * Archive search logs (`POST /api/archive/get-archive-search-logs`): who searched the archive, for what
 * and why, at `createTime`. Records have no id: a content hash names them.
 */
export const ARCHIVE_SEARCH_SPEC: ApiLogSpec = {
  dataType: 'archiveSearchLogs',
  path: '/api/archive/get-archive-search-logs',
  recordsPath: ['data', 0, 'logs'],
  requestItem: (from, to) => ({ start: from, end: to }),
  shape: {
    time: (data) => parseMimecastTime(data.createTime),
    key: (data) => hashKey('archiveSearchLogs', data),
    logType: () => 'archive search',
  },
  maxWindowMs: DAY,
  retentionMs: 30 * DAY,
};
