import { LibraryService } from '../content/library.js';
import { parseScopeExpression } from '../content/scope-parser.js';
import type { Clock } from '../core/clock.js';
import { validate } from '../model/validate.js';
import type { Store } from '../store/store.js';
import { FolderBody, InstallBody } from './schemas.js';

export type LibraryContentService = ReturnType<typeof createLibraryService>;

/** Library (content folders, dashboards) and the app catalog, in the shape of Sumo Logic's APIs. */
export function createLibraryService(deps: { store: Store; clock: Clock }) {
  const library = new LibraryService({ store: deps.store, parseScope: parseScopeExpression, now: () => deps.clock.now() });
  return {
    /** The personal folder of the key named `keyName` (created on first use). */
    personalFolder: (keyName: string) => library.personalFolder(keyName),
    getFolder: (id: string) => library.getFolder(id),
    createFolder: (body: unknown) => library.createFolder(validate<FolderBody>(FolderBody, body)),
    listApps: () => library.listApps(),
    /** The app's definition, for the catalog's dashboard preview. */
    appPreview(uuid: string) {
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
      };
    },
    /** An unknown app is `notfound` before the body is looked at. */
    installApp(uuid: string, body: unknown) {
      library.getApp(uuid);
      return library.installApp(uuid, validate<InstallBody>(InstallBody, body));
    },
  };
}
