import type { DashboardDocument } from '../model/dashboard.js';
import { ApiError, apiRaw } from './api.js';
import { dashboardBody } from './dashboard-model.js';

/** The Dashboard Management API as the UI uses it: every read keeps the ETag, every save sends it. */

export interface EditableDashboard {
  dashboard: DashboardDocument;
  etag: string;
}

const path = (id: string) => `/api/v2/dashboards/${encodeURIComponent(id)}`;

async function withEtag(request: Promise<{ body: DashboardDocument; headers: Headers }>): Promise<EditableDashboard> {
  const { body, headers } = await request;
  return { dashboard: body, etag: headers.get('ETag') ?? '' };
}

export const loadDashboard = (id: string, signal?: AbortSignal) => withEtag(apiRaw<DashboardDocument>(path(id), { signal }));

/** PUT with If-Match: a save over someone else's answers 412 (isConflict). */
export const saveDashboard = ({ dashboard, etag }: EditableDashboard) =>
  withEtag(apiRaw<DashboardDocument>(path(dashboard.id), { method: 'PUT', body: dashboardBody(dashboard), headers: { 'If-Match': etag } }));

/** POST; without a folderId the dashboard goes to the caller's personal folder. */
export const createDashboard = (body: Partial<DashboardDocument> & { title: string }) =>
  withEtag(apiRaw<DashboardDocument>('/api/v2/dashboards', { method: 'POST', body }));

export async function listDashboards(): Promise<DashboardDocument[]> {
  return (await apiRaw<{ dashboards: DashboardDocument[] }>('/api/v2/dashboards')).body.dashboards;
}

export const isConflict = (error: unknown) => error instanceof ApiError && error.status === 412;

export const CONFLICT_TEXT =
  'Someone else changed this dashboard since you opened it. Reload it to see their changes; yours are not saved.';
