import { DashboardEditor, type DashboardInput } from '../content/dashboards.js';
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

/** Sumo's `visualSettings` and layout `structure` strings read as the objects our schema checks. */
function normalised(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const panels = Array.isArray(body.panels)
    ? body.panels.map((p, i) => (isRecord(p) ? { ...p, visualSettings: parsedMember(p.visualSettings, `panels[${i}].visualSettings`) } : p))
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

const inputOf = (body: unknown) => validate<DashboardBody>(DashboardBody, normalised(body)) as DashboardInput;

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
    get: (id: string) => editor.get(id),
    async create(body: unknown, keyName: string) {
      const input = inputOf(body);
      return editor.create(input, (await deps.personalFolder(keyName)).id);
    },
    update: (id: string, body: unknown, ifMatch: string | undefined) => editor.update(id, inputOf(body), ifMatch),
    delete: (id: string, ifMatch: string | undefined) => editor.delete(id, ifMatch),
    async list(query: { limit?: unknown; token?: unknown }, keyName: string) {
      const limit = query.limit === undefined ? MAX_PAGE : Number(query.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
        throw new ValidationError('limit', `must be an integer from 1 to ${MAX_PAGE}`);
      const token = query.token === undefined ? '' : String(query.token);
      if (token !== '' && !/^\d{1,9}$/.test(token)) throw new ValidationError('token', 'is not a continuation token this API returned');
      return editor.list((await deps.personalFolder(keyName)).id, token === '' ? 0 : Number(token), limit);
    },
  };
}
