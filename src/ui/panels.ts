import { call, type FieldInfo, queued, type TypedRow } from './search.js';

/** One dashboard panel run on the server (POST /api/ui/panels/run), which substitutes its variables. */

export interface PanelResult {
  /** The query as it ran, variables substituted by the server's one rule: what "Open in Search" opens. */
  query: string;
  fields: FieldInfo[];
  kind: 'messages' | 'records';
  /** Records for an aggregate query, else messages. */
  rows: TypedRow[];
}

export interface PanelRequest {
  query: string;
  variables?: Record<string, string>;
  from: number;
  to: number;
  timeZone?: string;
}

export function runPanel(request: PanelRequest, signal?: AbortSignal): Promise<PanelResult> {
  const body = { ...request, timeZone: request.timeZone ?? 'UTC' };
  return queued(() => call<PanelResult>('/api/ui/panels/run', { method: 'POST', body, signal }), signal);
}
