import { DEFAULT_EMBARGOED_COUNTRIES } from '../content/detections/pack.js';
import { LibraryService } from '../content/library.js';
import { parseScopeExpression } from '../content/scope-parser.js';
import type { Clock } from '../core/clock.js';
import type { AppDetail } from '../model/library.js';
import { validate } from '../model/validate.js';
import type { Store } from '../store/store.js';
import { installAppMonitors } from './app-monitors.js';
import type { MonitorsService } from './monitors.js';
import { FolderBody, InstallBody } from './schemas.js';

export type LibraryContentService = ReturnType<typeof createLibraryService>;

/** Library (content folders, dashboards) and the app catalog, in the shape of Sumo Logic's APIs. */
export function createLibraryService(deps: { store: Store; clock: Clock; monitors: MonitorsService }) {
  const library = new LibraryService({ store: deps.store, parseScope: parseScopeExpression, now: () => deps.clock.now() });
  return {
    /** The personal folder of the key named `keyName` (created on first use). */
    personalFolder: (keyName: string) => library.personalFolder(keyName),
    getFolder: (id: string) => library.getFolder(id),
    createFolder: (body: unknown) => library.createFolder(validate<FolderBody>(FolderBody, body)),
    listApps: () => library.listApps(),
    /** The app's definition, for the catalog's dashboard preview. */
    appPreview(uuid: string): AppDetail {
      const definition = library.getApp(uuid);
      return {
        uuid: definition.uuid,
        name: definition.name,
        description: definition.description,
        dashboards: definition.dashboards.map((d) => ({
          title: d.title,
          description: d.description,
          variables: d.variables.map((v) => v.name),
          panels: d.panels.map((p) => ({ title: p.title, visualisation: p.visualisation, position: p.position })),
        })),
        monitors: (definition.monitors ?? []).map((m) => ({ name: m.name, description: m.description, dataTypes: m.dataTypes })),
        defaultEmbargoedCountries: DEFAULT_EMBARGOED_COUNTRIES,
      };
    },
    /**
     * An unknown app is `notfound` before the body is looked at. The app's dashboards go into a new library
     * folder (`folderId`; none for an app without dashboards), its monitors into the monitors library
     * (`monitorsFolderId`).
     */
    async installApp(uuid: string, body: unknown, createdBy: string): Promise<{ folderId?: string; monitorsFolderId?: string }> {
      const app = library.getApp(uuid);
      const request = validate<InstallBody>(InstallBody, body);
      const scope = library.checkScope(request.dataSourceValues.logsrc);
      const answer: { folderId?: string; monitorsFolderId?: string } =
        app.dashboards.length > 0 ? await library.installApp(uuid, request) : {};
      if (app.monitors !== undefined && app.monitors.length > 0) {
        answer.monitorsFolderId = await installAppMonitors(deps, app.monitors, {
          scope,
          embargoedCountries: request.embargoedCountries ?? DEFAULT_EMBARGOED_COUNTRIES,
          createdBy,
        });
      }
      return answer;
    },
  };
}
