import type { DashboardDocument } from '../model/dashboard.js';
import { ApiError, apiRaw } from './api.js';
import { dashboardBody } from './dashboard-model.js';

/** The Dashboard Management API as the UI uses it: every read keeps the ETag, every save sends it. */

export interface EditableDashboard {
  dashboard: DashboardDocument;
  etag: string;
}

const path = (id: string) => `/api/v2/dashboards/${encodeURIComponent(id)}`;

/** A dashboard as the API answers it, Sumo's way: `visualSettings` and each `structure` as JSON text. */
type DashboardAnswer = Omit<DashboardDocument, 'panels' | 'layout'> & {
  panels: (Omit<DashboardDocument['panels'][number], 'visualSettings'> & { visualSettings: string })[];
  layout: { layoutType: 'Grid'; layoutStructures: { key: string; structure: string }[] };
};

/** The answer with its JSON text read into objects, as the editor works on them (and the API takes them back). */
export function fromAnswer(answer: DashboardAnswer): DashboardDocument {
  return {
    ...answer,
    panels: answer.panels.map((p) => ({ ...p, visualSettings: JSON.parse(p.visualSettings) })),
    layout: {
      ...answer.layout,
      layoutStructures: answer.layout.layoutStructures.map((l) => ({ ...l, structure: JSON.parse(l.structure) })),
    },
  };
}

async function withEtag(request: Promise<{ body: DashboardAnswer; headers: Headers }>): Promise<EditableDashboard> {
  const { body, headers } = await request;
  return { dashboard: fromAnswer(body), etag: headers.get('ETag') ?? '' };
}

export const loadDashboard = (id: string, signal?: AbortSignal) => withEtag(apiRaw<DashboardAnswer>(path(id), { signal }));

/** PUT with If-Match: a save over someone else's answers 412 (isConflict). */
export const saveDashboard = ({ dashboard, etag }: EditableDashboard) =>
  withEtag(apiRaw<DashboardAnswer>(path(dashboard.id), { method: 'PUT', body: dashboardBody(dashboard), headers: { 'If-Match': etag } }));

/** POST; without a folderId the dashboard goes to the caller's personal folder. */
export const createDashboard = (body: Partial<DashboardDocument> & { title: string }) =>
  withEtag(apiRaw<DashboardAnswer>('/api/v2/dashboards', { method: 'POST', body }));

export async function listDashboards(): Promise<DashboardDocument[]> {
  return (await apiRaw<{ dashboards: DashboardAnswer[] }>('/api/v2/dashboards')).body.dashboards.map(fromAnswer);
}

export const isConflict = (error: unknown) => error instanceof ApiError && error.status === 412;

export const CONFLICT_TEXT =
  'Someone else changed this dashboard since you opened it. Reload it to see their changes; yours are not saved.';
