import { sumoView } from '../content/dashboard-view.js';
import { DashboardEditor, type DashboardInput, type StoredDashboard } from '../content/dashboards.js';
import { checkDepth } from '../content/sync-import.js';
import type { Clock } from '../core/clock.js';
import { ValidationError } from '../core/errors.js';
import { validate } from '../model/validate.js';
import type { Store } from '../store/store.js';
import { DashboardBody } from './dashboard-schemas.js';

export type DashboardsService = ReturnType<typeof createDashboardsService>;

const MAX_PAGE = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sumo's API carries some members as JSON in a string; a string that is not a JSON object is refused by name. */
function parsedMember(value: unknown, field: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw new ValidationError(field, 'must be a JSON object (or a string holding one)');
  }
}

/**
 * Members Sumo's clients send as null when they have none (the Terraform provider marshals nil slices and
 * pointers so), read as absent.
 */
function withoutNulls(record: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out = { ...record };
  for (const key of keys) if (out[key] === null) delete out[key];
  return out;
}

/** A panel's `visualSettings` read as an object, the text it came as kept to be answered as it was. */
function panelRead(p: Record<string, unknown>, field: string): Record<string, unknown> {
  const { visualSettingsText: _ours, ...panel } = withoutNulls(p, ['queries', 'coloringRules', 'linkedDashboards']);
  const text = typeof p.visualSettings === 'string' ? { visualSettingsText: p.visualSettings } : {};
  return { ...panel, visualSettings: parsedMember(p.visualSettings, field), ...text };
}

/** Sumo's `visualSettings` and layout `structure` strings read as the objects our schema checks. */
function normalised(input: unknown): unknown {
  if (!isRecord(input)) return input;
  const body = withoutNulls(input, ['panels', 'layout', 'variables', 'topologyLabelMap', 'coloringRules', 'timeRange']);
  const panels = Array.isArray(body.panels)
    ? body.panels.map((p, i) => (isRecord(p) ? panelRead(p, `panels[${i}].visualSettings`) : p))
    : body.panels;
  const layout =
    isRecord(body.layout) && Array.isArray(body.layout.layoutStructures)
      ? {
          ...body.layout,
          layoutStructures: body.layout.layoutStructures.map((l, i) =>
            isRecord(l) ? { ...l, structure: parsedMember(l.structure, `layout.layoutStructures[${i}].structure`) } : l,
          ),
        }
      : body.layout;
  return { ...body, ...(panels ? { panels } : {}), ...(layout ? { layout } : {}) };
}

const answered = ({ dashboard, etag }: StoredDashboard) => ({ dashboard: sumoView(dashboard), etag });

function inputOf(body: unknown): DashboardInput {
  const read = normalised(body);
  // Deep JSON is refused before anything walks it (visual settings are kept whole, and answered as text).
  checkDepth(read, 'body');
  return validate<DashboardBody>(DashboardBody, read) as DashboardInput;
}

/**
 * Sumo's Dashboard Management API over the library's dashboards. `personalFolder` finds the caller's
 * personal folder: where a dashboard without a `folderId` goes, and what `GET /v2/dashboards` lists.
 */
export function createDashboardsService(deps: {
  store: Store;
  clock: Clock;
  personalFolder: (keyName: string) => Promise<{ id: string }>;
}) {
  const editor = new DashboardEditor({ store: deps.store, now: () => deps.clock.now() });
  return {
    get: async (id: string) => answered(await editor.get(id)),
    async create(body: unknown, keyName: string) {
      const input = inputOf(body);
      return answered(await editor.create(input, (await deps.personalFolder(keyName)).id));
    },
    update: async (id: string, body: unknown, ifMatch: string | undefined) => answered(await editor.update(id, inputOf(body), ifMatch)),
    delete: (id: string, ifMatch: string | undefined) => editor.delete(id, ifMatch),
    async list(query: { limit?: unknown; token?: unknown }, keyName: string) {
      const limit = query.limit === undefined ? MAX_PAGE : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
        throw new ValidationError('limit', `must be an integer from 1 to ${MAX_PAGE}`);
      const token = query.token === undefined ? '' : String(query.token);
      if (token !== '' && !/^\d{1,9}$/.test(token)) throw new ValidationError('token', 'is not a continuation token this API returned');
      const page = await editor.list((await deps.personalFolder(keyName)).id, token === '' ? 0 : Number(token), limit);
      return { ...page, dashboards: page.dashboards.map(sumoView) };
    },
  };
}
