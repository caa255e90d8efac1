import { buildMonitor } from '../content/detections/build.js';
import { DETECTIONS_FOLDER } from '../content/detections/pack.js';
import { MONITOR_FOLDER_TYPE, MONITORS_ROOT_ID, type MonitorTemplate } from '../model/monitor.js';
import type { Store } from '../store/store.js';
import type { MonitorsService } from './monitors.js';

export interface AppMonitorsRequest {
  scope: string;
  embargoedCountries: readonly string[];
  createdBy: string;
}

/**
 * Installs an app's monitors into the folder "Mimecast Detections" at the top of the monitors library,
 * through the monitors service (so each is validated and evaluated at once like any monitor). Idempotent: the
 * folder is reused, and a monitor whose name is already in it is left as it is, since the user may have
 * edited or disabled it. Returns the folder's id. Two installs at once (two requests, two processes) take
 * turns, so the second finds what the first created.
 */
export async function installAppMonitors(
  deps: { store: Store; monitors: MonitorsService },
  templates: readonly MonitorTemplate[],
  request: AppMonitorsRequest,
): Promise<string> {
  return deps.store.monitors.exclusively(() => install(deps, templates, request));
}

async function install(
  deps: { store: Store; monitors: MonitorsService },
  templates: readonly MonitorTemplate[],
  request: AppMonitorsRequest,
): Promise<string> {
  const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const top = await deps.store.monitors.children(MONITORS_ROOT_ID);
  const existing = top.find((item) => item.type === MONITOR_FOLDER_TYPE && sameName(item.name, DETECTIONS_FOLDER));
  const folderId =
    existing?.id ??
    String(
      (
        await deps.monitors.create(
          MONITORS_ROOT_ID,
          { type: MONITOR_FOLDER_TYPE, name: DETECTIONS_FOLDER, description: 'The Mimecast detection pack (docs/detections.md).' },
          request.createdBy,
        )
      ).id,
    );
  const present = (await deps.store.monitors.children(folderId)).map((item) => item.name);
  for (const template of templates) {
    if (present.some((name) => sameName(name, template.name))) continue;
    await deps.monitors.create(folderId, buildMonitor(template, request.scope, request.embargoedCountries), request.createdBy);
  }
  return folderId;
}
